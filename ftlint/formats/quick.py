"""Fast structural validators: True only when the record certainly satisfies its JSON Schema.

Each function mirrors its schema in `schemas/`; a property test checks that none
of them ever accepts a record `jsonschema` rejects. Returning False just means
"ask jsonschema", so these may be stricter than the schema, never looser.
"""
from __future__ import annotations

from typing import Callable

_MESSAGE_KEYS = frozenset(
    {"role", "content", "name", "weight", "loss_weight", "tool_calls", "tool_call_id",
     "function_call", "refusal", "reasoning_content", "reasoning", "thinking"}
)


def _is_number(v) -> bool:
    return (type(v) is int or type(v) is float)


def _chat_message(m) -> bool:
    if type(m) is not dict or type(m.get("role")) is not str:
        return False
    if len(m) == 2 and type(m.get("content")) is str:  # the common case: {"role": str, "content": str}
        return True
    if not _MESSAGE_KEYS.issuperset(m):
        return False
    content = m.get("content", "")
    if type(content) is list:
        for part in content:
            if type(part) is not dict or type(part.get("type")) is not str:
                return False
            if "text" in part and type(part["text"]) is not str:
                return False
            if "value" in part and type(part["value"]) is not str:
                return False
    elif content is not None and type(content) is not str:
        return False
    for key in ("name", "tool_call_id"):
        if key in m and type(m[key]) is not str:
            return False
    for key in ("weight", "loss_weight"):
        if key in m and not _is_number(m[key]):
            return False
    if "tool_calls" in m and (type(m["tool_calls"]) is not list or not all(type(c) is dict for c in m["tool_calls"])):
        return False
    if "function_call" in m and type(m["function_call"]) is not dict:
        return False
    for key in ("refusal", "reasoning_content", "reasoning", "thinking"):
        if key in m and m[key] is not None and type(m[key]) is not str:
            return False
    return True


def openai_chat(v: dict) -> bool:
    messages = v.get("messages")
    if type(messages) is not list or not messages:
        return False
    if "tools" in v and type(v["tools"]) not in (list, str):
        return False
    if "functions" in v and type(v["functions"]) is not list:
        return False
    if "parallel_tool_calls" in v and type(v["parallel_tool_calls"]) is not bool:
        return False
    for m in messages:
        if not _chat_message(m):
            return False
    return True


def _strings(v: dict, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> bool:
    for key in required:
        if type(v.get(key)) is not str:
            return False
    return all(key not in v or type(v[key]) is str for key in optional)


def prompt_completion(v: dict) -> bool:
    return _strings(v, ("prompt", "completion"))


def alpaca(v: dict) -> bool:
    if not _strings(v, ("instruction", "output"), ("input", "system")):
        return False
    history = v.get("history", [])
    return type(history) is list and all(
        type(h) is list and len(h) == 2 and type(h[0]) is str and type(h[1]) is str for h in history
    )


def _sharegpt_turn(t) -> bool:
    return type(t) is dict and type(t.get("from")) is str and type(t.get("value")) is str


def sharegpt(v: dict) -> bool:
    conv = v.get("conversations")
    if type(conv) is not list or not conv or not all(_sharegpt_turn(t) for t in conv):
        return False
    if "system" in v and type(v["system"]) is not str:
        return False
    return "tools" not in v or type(v["tools"]) in (list, str)


def text(v: dict) -> bool:
    return type(v.get("text")) is str


_VERTEX_KEYS = frozenset({"systemInstruction", "system_instruction", "contents", "tools"})


def _vertex_text_parts(parts) -> bool:
    return type(parts) is list and bool(parts) and all(
        type(p) is dict and len(p) == 1 and type(p.get("text")) is str for p in parts)


def vertex_gemini(v: dict) -> bool:
    """Text-only records (the common case); anything else (media, function calls) asks jsonschema."""
    if not _VERTEX_KEYS.issuperset(v):
        return False
    contents = v.get("contents")
    if type(contents) is not list or not contents:
        return False
    model = False
    for c in contents:
        if type(c) is not dict or not {"role", "parts"}.issuperset(c) or not _vertex_text_parts(c.get("parts")):
            return False
        role = c.get("role", "user")
        if role not in ("user", "model"):
            return False
        model = model or role == "model"
    for key in ("systemInstruction", "system_instruction"):
        if key in v:
            system = v[key]
            if type(system) is not dict or not {"role", "parts"}.issuperset(system) or \
                    not _vertex_text_parts(system.get("parts")) or type(system.get("role", "")) is not str:
                return False
    tools = v.get("tools", [])
    return model and type(tools) is list and all(type(t) is dict for t in tools)


QUICK_VALIDATORS: dict[str, Callable[[dict], bool]] = {
    "vertex_gemini": vertex_gemini,
    "openai_chat": openai_chat,
    "prompt_completion": prompt_completion,
    "alpaca": alpaca,
    "sharegpt": sharegpt,
    "text": text,
}
