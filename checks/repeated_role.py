"""What it does:
    Reports two consecutive messages from the same role (user-user, assistant-assistant).
    Consecutive tool results (parallel tool calls) are normal and not reported.

Why it matters:
    Chat templates expect turns to alternate; two user messages in a row are often a
    lost assistant answer, and some trainers reject or merge them.

Example:
    user: "Hi" -> user: "Are you there?" -> assistant: "Yes."

Fix:
    Merge the two messages, or restore the missing turn between them.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class RepeatedRole(Check):
    code = "FT104"
    name = "repeated-role"
    severity = Severity.WARNING

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for prev, turn in zip(ex.turns, ex.turns[1:]):
                if turn.role == prev.role and turn.role != "tool":
                    yield Problem(f"two {turn.role} messages in a row", line=ex.line, path=turn.path)
                    break
