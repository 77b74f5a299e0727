"""What it does:
    Reports a message whose content is empty or only whitespace. An assistant message
    that carries tool calls instead of text is fine.

Why it matters:
    An empty assistant target teaches the model to answer with nothing; an empty user
    or system message is noise and often marks a failed template fill.

Example:
    {"role": "assistant", "content": "   "}

Fix:
    Fill in the message or drop the example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class EmptyContent(Check):
    code = "FT105"
    name = "empty-content"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for turn in ex.turns:
                if turn.text.strip() or turn.extra_text.strip() or turn.tool_calls:
                    continue
                if turn.target:
                    yield Problem(f"empty {turn.role} message is a training target: it teaches an empty answer",
                                  line=ex.line, path=turn.path)
                else:
                    yield Problem(f"empty {turn.role} message", line=ex.line, path=turn.path,
                                  severity=Severity.WARNING)
