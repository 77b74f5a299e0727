"""What it does:
    Reports a preference pair whose chosen or rejected answer is empty: no text (or only
    whitespace), no reasoning and no tool call. Located at that answer's JSON path.

Why it matters:
    An empty rejected answer makes the pair trivially easy: the model learns "say something"
    rather than what makes the chosen answer better. An empty chosen answer teaches the model
    to prefer saying nothing. Both usually come from a failed generation or a missing column.

Example:
    {"prompt": "Summarise the report.", "chosen": "Revenue rose 4%...", "rejected": ""}

Fix:
    Fill in the missing answer (a real alternative for the rejected side), or drop the pair.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.preference import is_empty, pair_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class EmptyPreferenceSide(Check):
    code = "FT306"
    name = "empty-preference-side"
    severity = Severity.ERROR
    features = (pair_keys,)

    def run(self, view) -> Iterable[Problem]:
        keys = view.feature(pair_keys)
        for ex, chosen, rejected in zip(view.examples, keys.chosen, keys.rejected):
            if chosen is None:
                continue
            answer = ex.turns[ex.final_target_index]
            empty_chosen, empty_rejected = is_empty(chosen, (answer,)), is_empty(rejected, ex.rejected)
            if empty_chosen and empty_rejected:
                yield Problem("both answers of the pair are empty", line=ex.line, path=answer.path)
            elif empty_chosen:
                yield Problem("chosen answer is empty: the pair teaches the model to prefer saying nothing",
                              line=ex.line, path=answer.path)
            elif empty_rejected:
                yield Problem("rejected answer is empty: the pair only teaches that an answer beats none",
                              line=ex.line, path=ex.rejected[0].path)
