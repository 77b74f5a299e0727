"""What it does:
    Reports a system (or developer) message that is not the first message.

Why it matters:
    Chat templates put the system prompt first; a system message in the middle is
    rendered inconsistently across trainers and usually means conversations were
    concatenated by mistake.

Example:
    user -> assistant -> system -> user -> assistant

Fix:
    Move the system message to the front, or split the conversation.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check

SYSTEM_ROLES = ("system", "developer")


class SystemNotFirst(Check):
    code = "FT103"
    name = "system-not-first"
    severity = Severity.WARNING

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for i, turn in enumerate(ex.turns):
                if i > 0 and turn.role in SYSTEM_ROLES and ex.turns[i - 1].role not in SYSTEM_ROLES:
                    yield Problem(f"{turn.role} message at position {i + 1}; it should come first",
                                  line=ex.line, path=turn.path)
                    break
