"""What it does:
    Reports an example whose last message is not from the assistant.

Why it matters:
    Messages after the last assistant turn are never trained on: a trailing user or
    tool message is paid for and ignored, and usually means the example was cut short.

Example:
    user -> assistant -> user   (the final question has no answer)

Fix:
    Add the missing assistant answer, or remove the trailing messages.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class LastTurnNotAssistant(Check):
    code = "FT102"
    name = "last-turn-not-assistant"
    severity = Severity.WARNING

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            if ex.turns and ex.turns[-1].role != "assistant" and any(t.role == "assistant" for t in ex.turns):
                last = ex.turns[-1]
                yield Problem(f"last message is from {last.role!r}, not the assistant; it will not be trained on",
                              line=ex.line, path=last.path)
