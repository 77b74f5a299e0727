"""Turn a schema-valid record of any format into the one canonical `Example`.

Rules, per format:
- OpenAI chat: one turn per message. Text is the string content, or the text of
  `text`/`reasoning` parts joined with newlines (other parts such as images carry no
  text). Every assistant message is a training target unless its `weight` (or
  LLaMA-Factory's `loss_weight`) is 0. Tool calls are kept structured and, as JSON
  text, in `extra_text` (billed, not prose).
- ShareGPT: human/user -> user, gpt/assistant -> assistant (target), system -> system,
  function_call -> assistant tool call (target), observation/tool -> tool.
- Alpaca: system, history pairs, then user = instruction + blank line + input, and
  the output as the assistant target.
- prompt/completion: user + assistant target.
- preference: the prompt turns plus the chosen answer as the target.
- text: a single assistant turn, all of it trained on.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import Any, Iterable

from ftlint.model import Example, ToolCall, Turn

SHAREGPT_ROLES = {
    "human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "model": "assistant",
    "system": "system", "function_call": "assistant", "observation": "tool", "tool": "tool", "function": "tool",
}
_TEXT_PARTS = ("text", "reasoning", "input_text", "output_text")
SHARED_ROLES = ("system", "developer")  # one system prompt is usually repeated in every example: keep one copy


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def content_text(content: Any) -> tuple[str, str]:
    """(prose text, billed non-prose text) of a message's content."""
    if content is None:
        return "", ""
    if isinstance(content, str):
        return content, ""
    texts, extra = [], []
    for part in content:
        kind = part.get("type")
        value = part.get("text", part.get("value"))
        if kind in _TEXT_PARTS and isinstance(value, str):
            texts.append(value)
        elif kind in ("tool_call", "function_call") and isinstance(value, str):
            extra.append(value)
    return "\n".join(texts), "\n".join(extra)


def _tool_calls(message: dict, path: str) -> tuple[ToolCall, ...]:
    calls = []
    for i, call in enumerate(message.get("tool_calls") or ()):
        fn = call.get("function") if isinstance(call.get("function"), dict) else {}
        calls.append(ToolCall(call.get("id"), fn.get("name"), fn.get("arguments"), f"{path}.tool_calls[{i}]"))
    legacy = message.get("function_call")
    if isinstance(legacy, dict):
        calls.append(ToolCall(None, legacy.get("name"), legacy.get("arguments"), f"{path}.function_call"))
    return tuple(calls)


@lru_cache(maxsize=4096)
def item_path(base: str, index: int) -> str:
    """JSON path of a list item; shared (not rebuilt) across the many examples that use it."""
    return f"{base}[{index}]"


def chat_turns(messages: Iterable[dict], base: str) -> list[Turn]:
    turns = []
    for i, m in enumerate(messages):
        path = item_path(base, i)
        role = m.get("role", "")
        content = m.get("content")
        if type(content) is str and len(m) == 2:  # the common case: {"role", "content"} only
            if role in SHARED_ROLES:
                content = sys.intern(content)
            turns.append(Turn(role, content, role == "assistant", path))
            continue
        text, extra = content_text(content)
        calls: tuple[ToolCall, ...] = ()
        if "tool_calls" in m or "function_call" in m:
            calls = _tool_calls(m, path)
            if m.get("tool_calls"):
                extra = "\n".join(filter(None, [extra, _json_text(m["tool_calls"])]))
            if isinstance(m.get("function_call"), dict):
                extra = "\n".join(filter(None, [extra, _json_text(m["function_call"])]))
        weight = m.get("weight", m.get("loss_weight"))
        target = role == "assistant" and weight != 0
        turns.append(Turn(role, text, target, path, weight, m.get("name"), calls, m.get("tool_call_id"), extra))
    return turns


def _tools_text(value: dict) -> str:
    tools = value.get("tools", value.get("functions"))
    return "" if tools is None else _json_text(tools)


def openai_chat(value: dict, line: int) -> Example:
    return Example(line, tuple(chat_turns(value["messages"], "$.messages")), "openai_chat", _tools_text(value))


def _sharegpt_turn(t: dict, path: str) -> Turn:
    source = t["from"]
    role = SHAREGPT_ROLES.get(source.lower(), source)
    if source == "function_call":
        return Turn(role, "", True, path, extra_text=t["value"])
    return Turn(role, t["value"], role == "assistant", path)


def sharegpt(value: dict, line: int) -> Example:
    turns = []
    if value.get("system"):
        turns.append(Turn("system", sys.intern(value["system"]), False, "$.system"))
    turns += [_sharegpt_turn(t, item_path("$.conversations", i)) for i, t in enumerate(value["conversations"])]
    return Example(line, tuple(turns), "sharegpt", _tools_text(value))


def alpaca(value: dict, line: int) -> Example:
    turns = []
    if value.get("system"):
        turns.append(Turn("system", sys.intern(value["system"]), False, "$.system"))
    for i, (question, answer) in enumerate(value.get("history") or ()):
        turns.append(Turn("user", question, False, f"$.history[{i}][0]"))
        turns.append(Turn("assistant", answer, True, f"$.history[{i}][1]"))
    prompt = value["instruction"]
    if value.get("input"):
        prompt = f"{prompt}\n\n{value['input']}" if prompt else value["input"]
    turns.append(Turn("user", prompt, False, "$.instruction"))
    turns.append(Turn("assistant", value["output"], True, "$.output"))
    return Example(line, tuple(turns), "alpaca")


def _parts_text(value: Any) -> str:
    """A prompt or completion given as content parts (multimodal instruction data): its text parts, joined."""
    if isinstance(value, str):
        return value
    return "\n".join(p["text"] for p in value if p.get("type") == "text" and isinstance(p.get("text"), str))


def prompt_completion(value: dict, line: int) -> Example:
    return Example(line, (Turn("user", _parts_text(value["prompt"]), False, "$.prompt"),
                          Turn("assistant", _parts_text(value["completion"]), True, "$.completion")), "prompt_completion")


def _answer_turn(answer: Any, path: str) -> Turn:
    if isinstance(answer, str):
        return Turn("assistant", answer, True, path)
    if isinstance(answer, dict) and "from" in answer:
        return Turn("assistant", answer["value"], True, path)
    if isinstance(answer, dict):
        answer = [answer]
    turns = chat_turns(answer, path)
    text = "\n".join(t.text for t in turns)
    return Turn("assistant", text, True, path, extra_text="\n".join(t.extra_text for t in turns if t.extra_text))


def preference(value: dict, line: int) -> Example:
    if "preferred_output" in value:
        turns = chat_turns(value["input"]["messages"], "$.input.messages")
        for t in turns:
            t.target = False
        turns.append(_answer_turn(value["preferred_output"], "$.preferred_output"))
        tools = _tools_text(value["input"])
    elif "conversations" in value:
        turns = [_sharegpt_turn(t, f"$.conversations[{i}]") for i, t in enumerate(value["conversations"])]
        for t in turns:
            t.target = False
        turns.append(_answer_turn(value["chosen"], "$.chosen"))
        tools = _tools_text(value)
    else:
        prompt = value["prompt"]
        turns = [Turn("user", prompt, False, "$.prompt")] if isinstance(prompt, str) else chat_turns(prompt, "$.prompt")
        for t in turns:
            t.target = False
        turns.append(_answer_turn(value["chosen"], "$.chosen"))
        tools = ""
    return Example(line, tuple(turns), "preference", tools)


def text(value: dict, line: int) -> Example:
    return Example(line, (Turn("assistant", value["text"], True, "$.text"),), "text")
