"""What it does:
    Reports a message whose role is not one of system, developer, user, assistant,
    tool, function.

Why it matters:
    Providers reject unknown roles, and open-source chat templates drop or mis-render
    them; a typo such as "asistant" silently removes a training target.

Example:
    {"role": "bot", "content": "Hello"}

Fix:
    Map the role to a known one (bot -> assistant, human -> user).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check

KNOWN_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})


class UnknownRole(Check):
    code = "FT106"
    name = "unknown-role"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for turn in ex.turns:
                if turn.role not in KNOWN_ROLES:
                    yield Problem(f"unknown role {turn.role!r} (known: {', '.join(sorted(KNOWN_ROLES))})",
                                  line=ex.line, path=turn.path)
