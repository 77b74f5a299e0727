"""What it does:
    Reports a tool message whose `tool_call_id` matches no tool call made earlier in
    the same example (or that lacks a `tool_call_id` while the calls carry ids).

Why it matters:
    The model learns to connect tool results to the calls that asked for them; a result
    that answers no call teaches a broken protocol, and providers reject it.

Example:
    assistant calls id "call_1"; the tool message answers "call_2".

Fix:
    Make each tool message's tool_call_id equal to the id of the call it answers.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class OrphanToolResult(Check):
    code = "FT108"
    name = "orphan-tool-result"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            called: set[str] = set()
            for turn in ex.turns:
                called.update(c.id for c in turn.tool_calls if isinstance(c.id, str))
                if turn.role != "tool":
                    continue
                if turn.tool_call_id is None:
                    if called:
                        yield Problem("tool message has no tool_call_id", line=ex.line, path=turn.path)
                elif turn.tool_call_id not in called:
                    known = ", ".join(sorted(called)) or "none"
                    yield Problem(f"tool_call_id {turn.tool_call_id!r} matches no earlier tool call (earlier ids: {known})",
                                  line=ex.line, path=turn.path)
