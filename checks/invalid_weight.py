"""What it does:
    Reports a message `weight` (or `loss_weight`) that is neither 0 nor 1.

Why it matters:
    OpenAI accepts only 0 (do not train on this message) and 1 (train on it); other
    values are rejected, and open-source trainers interpret them inconsistently.

Example:
    {"role": "assistant", "content": "...", "weight": 0.5}

Fix:
    Use 0 or 1. To emphasise examples, repeat them instead of weighting.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class InvalidWeight(Check):
    code = "FT109"
    name = "invalid-weight"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for turn in ex.turns:
                if turn.weight is not None and turn.weight not in (0, 1):
                    yield Problem(f"weight {turn.weight!r} is not 0 or 1", line=ex.line, path=turn.path)
