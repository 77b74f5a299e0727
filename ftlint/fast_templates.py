"""Fast renderers for the common case of ftlint's own templates: the same text and trained spans as
the packaged `.jinja` templates (ftlint/profiles), without Jinja's per-call cost.

They apply only to conversations of system/user/assistant messages with text alone (no tools, tool
calls, names, reasoning or `<think>` blocks); any other conversation is rendered by the template
itself. The templates stay the definition: tests/test_fast_templates.py renders varied conversations
both ways and requires identical text and spans, and bench/verify_templates.py compares the counts
with the models' official templates.

`fast_renderer(name)` returns `render(ex, bos, variables) -> (parts, special, spans) or None`: the
text as parts (template text flagged special where it is one special token), and the trained
character spans of the assistant messages (their text and end-of-turn token).
"""
from __future__ import annotations

from typing import Callable, Optional

SIMPLE_ROLES = frozenset({"system", "user", "assistant"})
QWEN_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."


def _simple(ex) -> bool:
    for t in ex.turns:
        if (t.role not in SIMPLE_ROLES or t.tool_calls or t.extra_text or t.tool_call_id or t.name is not None
                or t.reasoning or t.raw_text is not None):
            return False
    return not ex.tools_text


class _Out:
    __slots__ = ("parts", "special", "length", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.special: list[bool] = []
        self.length = 0
        self.spans: list[tuple[int, int, Optional[int]]] = []

    def add(self, text: str, special: bool = False) -> None:
        if text:
            self.parts.append(text)
            self.special.append(special)
            self.length += len(text)


def _llama(ex, bos: str, variables: dict, dated: bool):
    if not _simple(ex):
        return None
    out = _Out()
    turns = ex.turns
    out.add(bos, True)
    out.add("<|start_header_id|>", True)
    out.add("system")
    out.add("<|end_header_id|>", True)
    start = 0
    system = ""
    if turns and turns[0].role == "system":
        system, start = turns[0].text.strip(), 1
    if dated:
        out.add("\n\nCutting Knowledge Date: December 2023\nToday Date: " + variables.get("date_string", "26 Jul 2024")
                + "\n\n" + system)
    else:
        return None
    out.add("<|eot_id|>", True)
    for i in range(start, len(turns)):
        t = turns[i]
        out.add("<|start_header_id|>", True)
        out.add(t.role)
        out.add("<|end_header_id|>", True)
        text = "\n\n" + t.text.strip()
        if t.role == "assistant":
            out.add("\n\n")
            begin = out.length
            out.add(text[2:])
            out.add("<|eot_id|>", True)
            out.spans.append((begin, out.length, i))
        else:
            out.add(text)
            out.add("<|eot_id|>", True)
    return out


def _llama3(ex, bos: str, variables: dict):
    if not _simple(ex):
        return None
    out = _Out()
    out.add(bos, True)
    for i, t in enumerate(ex.turns):
        out.add("<|start_header_id|>", True)
        out.add(t.role)
        out.add("<|end_header_id|>", True)
        out.add("\n\n")
        begin = out.length
        out.add(t.text.strip())
        out.add("<|eot_id|>", True)
        if t.role == "assistant":
            out.spans.append((begin, out.length, i))
    return out


def _chatml(ex, qwen3: bool):
    if not _simple(ex):
        return None
    turns = ex.turns
    if qwen3:
        for t in turns:
            if (t.role == "assistant" and "</think>" in t.text) or (t.role == "user" and t.text.startswith("<tool_response>")):
                return None
    out = _Out()
    has_system = bool(turns) and turns[0].role == "system"
    if has_system or not qwen3:
        out.add("<|im_start|>", True)
        out.add("system\n" + (turns[0].text if has_system else QWEN_DEFAULT_SYSTEM))
        out.add("<|im_end|>", True)
        out.add("\n")
    last_query = len(turns) - 1
    if qwen3:
        for i in range(len(turns) - 1, -1, -1):
            if turns[i].role == "user":
                last_query = i
                break
    for i, t in enumerate(turns):
        if t.role == "system" and i == 0:
            continue
        out.add("<|im_start|>", True)
        if t.role == "assistant":
            out.add("assistant\n")
            begin = out.length
            text = t.text
            if qwen3 and i > last_query and i == len(turns) - 1:
                out.add("<think>", True)
                out.add("\n\n")
                out.add("</think>", True)
                out.add("\n\n" + text.lstrip("\n"))
            else:
                out.add(text)
            out.add("<|im_end|>", True)
            out.spans.append((begin, out.length, i))
            out.add("\n")
        else:
            out.add(t.role + "\n" + t.text)
            out.add("<|im_end|>", True)
            out.add("\n")
    return out


def fast_renderer(name: str) -> Optional[Callable]:
    """The fast renderer of built-in template `name`, or None (render with the template)."""
    if name == "llama-3.1":
        return lambda ex, bos, variables: _llama(ex, bos, variables, dated=True)
    if name == "llama-3":
        return lambda ex, bos, variables: _llama3(ex, bos, variables)
    if name == "qwen2.5":
        return lambda ex, bos, variables: _chatml(ex, qwen3=False)
    if name == "qwen3":
        return lambda ex, bos, variables: _chatml(ex, qwen3=True)
    return None
