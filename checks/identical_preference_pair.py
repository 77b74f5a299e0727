"""What it does:
    Reports a preference pair whose chosen and rejected answers are the same after
    normalisation (Unicode NFKC, case folding, whitespace collapsed), comparing each
    answer's text, reasoning and tool calls. Located at the rejected answer's JSON path.

Why it matters:
    DPO and its relatives learn from the difference between the two answers. A pair with no
    difference teaches nothing and still costs two sequences of tokens; many of them usually
    mean a generation or merge step copied one column into the other.

Example:
    {"prompt": "2+2?", "chosen": "4", "rejected": "4 "}

Fix:
    Regenerate or rewrite the rejected answer (a real, worse alternative), or drop the pair.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.duplicates import clip
from ftlint.features.preference import is_empty, pair_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class IdenticalPreferencePair(Check):
    code = "FT305"
    name = "identical-preference-pair"
    severity = Severity.ERROR
    features = (pair_keys,)

    def run(self, view) -> Iterable[Problem]:
        keys = view.feature(pair_keys)
        for ex, chosen, rejected in zip(view.examples, keys.chosen, keys.rejected):
            if chosen is None or chosen != rejected or is_empty(rejected, ex.rejected):
                continue  # not a pair, different answers, or both empty (FT306 reports that)
            answer = ex.turns[ex.final_target_index]
            quoted = clip(answer.text or answer.extra_text, 60)
            yield Problem(f"chosen and rejected answers are identical (\"{quoted}\"): the pair teaches no preference",
                          line=ex.line, path=ex.rejected[0].path)
