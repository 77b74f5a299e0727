"""What it does:
    Reports an example that has assistant messages but every one is weighted 0.

Why it matters:
    With all assistant turns excluded from the loss the example trains nothing, yet it
    is still billed; usually the weights were inverted by mistake.

Example:
    user -> assistant (weight 0) -> user -> assistant (weight 0)

Fix:
    Set weight 1 on the assistant message(s) the model should learn, or drop the example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class NothingToLearn(Check):
    code = "FT110"
    name = "nothing-to-learn"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            assistant = [t for t in ex.turns if t.role == "assistant"]
            if assistant and not any(t.target for t in assistant):
                yield Problem(f"all {len(assistant)} assistant message(s) have weight 0: nothing to learn", line=ex.line)
