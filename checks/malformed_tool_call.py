"""What it does:
    Reports an assistant tool call without an `id` or a function `name`, or whose
    `arguments` is not a string holding valid JSON (OpenAI's contract: arguments are a
    JSON *string*, not an object).

Why it matters:
    Providers reject such calls; a trainer that accepts them teaches the model to emit
    arguments your tool runner cannot parse.

Example:
    {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}

Use instead / Fix:
    {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}

Options:
    None.
"""
from __future__ import annotations

import json
from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


def tool_call_defects(call) -> list[str]:
    defects = []
    if call.id is None and not call.path.endswith(("function_call", "functionCall")):  # legacy/Gemini: no ids
        defects.append("has no id")
    if not isinstance(call.name, str) or not call.name.strip():
        defects.append("has no function name")
    if not isinstance(call.arguments, str):
        defects.append(f"arguments is a JSON {type(call.arguments).__name__}, not a string holding JSON")
    else:
        try:
            json.loads(call.arguments)
        except ValueError as exc:
            defects.append(f"arguments is not valid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            defects.append("arguments is nested too deeply")
    return defects


class MalformedToolCall(Check):
    code = "FT107"
    name = "malformed-tool-call"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for turn in ex.turns:
                for call in turn.tool_calls:
                    defects = tool_call_defects(call)
                    if defects:
                        yield Problem(f"tool call {call.name or '?'!s}: {'; '.join(defects)}", line=ex.line, path=call.path)
