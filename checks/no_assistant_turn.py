"""What it does:
    Reports an example with no assistant message at all.

Why it matters:
    Fine-tuning learns from assistant messages only; an example without one teaches
    nothing and still costs tokens (OpenAI rejects such examples).

Example:
    {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}

Fix:
    Add the assistant answer the model should learn, or drop the example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class NoAssistantTurn(Check):
    code = "FT101"
    name = "no-assistant-turn"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            if not any(t.role == "assistant" for t in ex.turns):
                roles = "-".join(t.role for t in ex.turns) or "none"
                yield Problem(f"example has no assistant message (roles: {roles}); nothing to learn", line=ex.line)
