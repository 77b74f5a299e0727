"""What it does:
    Reports an example that has training-target turns (assistant messages with a non-zero
    weight, completions, outputs) whose text and tool calls add up to zero tokens.
    Examples with no target turn at all are reported by FT101/FT110 instead.

Why it matters:
    The example is billed for every prompt token yet trains nothing - or, worse, teaches
    the model that an empty reply is a good answer.

Example:
    {"messages": [{"role": "user", "content": "Summarise this."}, {"role": "assistant", "content": ""}]}

Fix:
    Fill in the answer, or drop the example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class EmptyTarget(Check):
    code = "FT403"
    name = "empty-target"
    severity = Severity.WARNING
    features = (example_tokens,)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        if counts.templated:  # the template's end-of-turn tokens are trained: look at the turns' own text
            for i, ex in enumerate(view.examples):
                targets = ex.target_turns
                if targets and all(t.text == "" and not t.extra_text for t in targets):
                    yield Problem(f"example's {len(targets)} target turn(s) are empty: of its {int(counts.total[i]):,} "
                                  f"tokens the trainer trains only the template's {int(counts.target[i]):,} "
                                  f"end-of-turn token(s), teaching an empty reply", line=ex.line,
                                  path=targets[0].path, data={"tokens": int(counts.total[i]),
                                                              "target_tokens": int(counts.target[i])})
            return
        for i in np.flatnonzero(counts.target == 0):
            ex = view.examples[i]
            targets = ex.target_turns
            if not targets:
                continue
            yield Problem(f"example's {len(targets)} target turn(s) have 0 tokens: it is billed "
                          f"{int(counts.total[i]):,} tokens and trains nothing", line=ex.line,
                          path=targets[0].path, data={"tokens": int(counts.total[i]), "target_tokens": 0})
