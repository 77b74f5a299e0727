"""Turn a schema-valid record of any format into the one canonical `Example`.

Rules, per format:
- OpenAI chat: one turn per message. Text is the string content, or the text of
  `text` parts joined with newlines (other parts such as images carry no text).
  Reasoning (`reasoning_content`/`reasoning`/`thinking` fields, `reasoning`/`thinking`
  parts, an assistant's `<think>...</think>`) goes to `Turn.reasoning`, not the text
  (see `ftlint.formats.reasoning`). Every assistant message is a training target unless
  its `weight` (or LLaMA-Factory's `loss_weight`) is 0. Tool calls are kept structured
  and, as JSON text, in `extra_text` (billed, not prose).
- ShareGPT: human/user -> user, gpt/assistant -> assistant (target), system -> system,
  function_call -> assistant tool call (target), observation/tool -> tool.
- Alpaca: system, history pairs, then user = instruction + blank line + input, and
  the output as the assistant target.
- prompt/completion: user + assistant target.
- preference: the prompt turns plus the chosen answer as the target; the rejected
  answer's turns in `Example.rejected` (targets too: the rejected side is trained on).
  Without a prompt (TRL's implicit prompt) the prompt is the start chosen and rejected share.
- Vertex AI Gemini: see `ftlint.formats.vertex`.
- text: a single assistant turn, all of it trained on.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import Any, Iterable, Optional

from ftlint.formats import reasoning as rsn
from ftlint.model import Example, ToolCall, Turn

SHAREGPT_ROLES = {
    "human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "model": "assistant",
    "system": "system", "function_call": "assistant", "observation": "tool", "tool": "tool", "function": "tool",
}
_TEXT_PARTS = ("text", "reasoning", "thinking", "input_text", "output_text")  # parts that carry text
SHARED_ROLES = ("system", "developer")  # one system prompt is usually repeated in every example: keep one copy


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def content_text(content: Any) -> tuple[str, str, str, int]:
    """(prose text, billed non-prose text, reasoning text, index of the first reasoning part or -1)
    of a message's content."""
    if content is None:
        return "", "", "", -1
    if isinstance(content, str):
        return content, "", "", -1
    texts, extra, thoughts, first = [], [], [], -1
    for i, part in enumerate(content):
        thought = rsn.part_reasoning(part)
        if thought is not None:
            thoughts.append(thought)
            first = i if first < 0 else first
            continue
        kind = part.get("type")
        value = part.get("text", part.get("value"))
        if kind in _TEXT_PARTS and isinstance(value, str):
            texts.append(value)
        elif kind in ("tool_call", "function_call") and isinstance(value, str):
            extra.append(value)
    return "\n".join(texts), "\n".join(extra), "\n".join(thoughts), first


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


@lru_cache(maxsize=1024)
def item_paths(base: str, count: int) -> tuple[str, ...]:
    """JSON paths of the first `count` items of a list (shared, as `item_path`'s are)."""
    return tuple(item_path(base, i) for i in range(count))


def chat_turns(messages: Iterable[dict], base: str) -> list[Turn]:
    turns = []
    if not isinstance(messages, (list, tuple)):
        messages = list(messages)
    for path, m in zip(item_paths(base, len(messages)), messages):
        role = m.get("role", "")
        role = sys.intern(role) if type(role) is str else role  # one string per role, not one per turn
        content = m.get("content")
        if type(content) is str and len(m) == 2:  # the common case: {"role", "content"} only
            if role in SHARED_ROLES:
                content = sys.intern(content)
            elif role == "assistant" and rsn.THINK_CLOSE in content:
                answer, thought = rsn.split_think(content)
                if thought:
                    turns.append(Turn(role, answer, True, path, source=".content", reasoning=thought,
                                      reasoning_path=f"{path}.content", raw_text=content))
                    continue
            turns.append(Turn(role, content, role == "assistant", path, None, None, (), None, "", ".content"))
            continue
        text, extra, thought, part = content_text(content)
        thought_path = f"{path}.content[{part}]" if part >= 0 else None
        field, field_path = rsn.field_reasoning(m, path)
        if field:
            thought, thought_path = rsn.join(field, thought), field_path
        raw = None
        if role == "assistant" and not thought and rsn.THINK_CLOSE in text:
            raw = text if isinstance(content, str) else None
            text, inline = rsn.split_think(text)
            thought, thought_path = rsn.join(thought, inline), thought_path or f"{path}.content"
        calls: tuple[ToolCall, ...] = ()
        if "tool_calls" in m or "function_call" in m:
            calls = _tool_calls(m, path)
            if m.get("tool_calls"):
                extra = "\n".join(filter(None, [extra, _json_text(m["tool_calls"])]))
            if isinstance(m.get("function_call"), dict):
                extra = "\n".join(filter(None, [extra, _json_text(m["function_call"])]))
        weight = m.get("weight", m.get("loss_weight"))
        target = role == "assistant" and weight != 0
        turns.append(Turn(role, text, target, path, weight, m.get("name"), calls, m.get("tool_call_id"), extra,
                          content_source(content, path), thought, thought_path, raw if thought else None))
    return turns


def content_source(content: Any, path: str) -> Any:
    """`Turn.source` of a message's text: ".content", or where each text part sits in the joined text."""
    if content is None or isinstance(content, str):
        return ".content"
    fields, offset = [], 0
    for j, part in enumerate(content):
        key = "text" if "text" in part else "value"
        if rsn.part_reasoning(part) is None and part.get("type") in _TEXT_PARTS and isinstance(part.get(key), str):
            fields.append((offset, f"{path}.content[{j}].{key}"))
            offset += len(part[key]) + 1
    if len(fields) == 1:
        return fields[0][1][len(path):]
    return tuple(fields) or ".content"


def _tools_text(value: dict) -> str:
    tools = value.get("tools", value.get("functions"))
    return "" if tools is None else _json_text(tools)


MEDIA_KEYS = ("images", "videos", "audios")  # LLaMA-Factory's top-level media lists
_MEDIA_KEY_SET = frozenset(MEDIA_KEYS)


def _media_text(value: dict, messages: Any = ()) -> str:
    """JSON text of the non-text inputs: top-level media lists and non-text content parts (images,
    audio, files). Not prose and not counted here; it only tells two prompts apart."""
    listed = isinstance(messages, list)
    if _MEDIA_KEY_SET.isdisjoint(value) and (
            not listed or all(type(m) is not dict or type(m.get("content")) is not list for m in messages)):
        return ""  # the common case, decided without building anything
    media = [[key, value[key]] for key in MEDIA_KEYS if value.get(key)]
    for i, m in enumerate(messages if listed else ()):
        content = m.get("content") if isinstance(m, dict) else None
        if isinstance(content, list):
            media += [[i, part] for part in content if isinstance(part, dict)
                      and part.get("type") not in _TEXT_PARTS + ("tool_call", "function_call")]
    return json.dumps(media, ensure_ascii=False, sort_keys=True) if media else ""


def openai_chat(value: dict, line: int) -> Example:
    return Example(line, tuple(chat_turns(value["messages"], "$.messages")), "openai_chat", _tools_text(value),
                   _media_text(value, value["messages"]))


def assistant_turn(text: str, path: str, target: bool = True, source: str = "") -> Turn:
    """An assistant turn from a plain answer text; `<think>...</think>` goes to its reasoning."""
    if rsn.THINK_CLOSE not in text:
        return Turn("assistant", text, target, path, source=source)
    answer, thought = rsn.split_think(text)
    return Turn("assistant", answer, target, path, source=source, reasoning=thought,
                reasoning_path=path + source if thought else None, raw_text=text if thought else None)


def _sharegpt_turn(t: dict, path: str) -> Turn:
    source = t["from"]
    role = SHAREGPT_ROLES.get(source.lower(), sys.intern(source) if type(source) is str else source)
    if source == "function_call":
        return Turn(role, "", True, path, extra_text=t["value"])
    if role == "assistant":
        return assistant_turn(t["value"], path, source=".value")
    return Turn(role, t["value"], False, path, source=".value")


def sharegpt(value: dict, line: int) -> Example:
    turns = []
    if value.get("system"):
        turns.append(Turn("system", sys.intern(value["system"]), False, "$.system"))
    turns += [_sharegpt_turn(t, item_path("$.conversations", i)) for i, t in enumerate(value["conversations"])]
    return Example(line, tuple(turns), "sharegpt", _tools_text(value), _media_text(value))


def alpaca(value: dict, line: int) -> Example:
    turns = []
    if value.get("system"):
        turns.append(Turn("system", sys.intern(value["system"]), False, "$.system"))
    for i, (question, answer) in enumerate(value.get("history") or ()):
        turns.append(Turn("user", question, False, f"$.history[{i}][0]"))
        turns.append(assistant_turn(answer, f"$.history[{i}][1]"))
    prompt, source = value["instruction"], ""
    if value.get("input"):
        source = ((0, "$.instruction"), (len(prompt) + 2, "$.input")) if prompt else ((0, "$.input"),)
        prompt = f"{prompt}\n\n{value['input']}" if prompt else value["input"]
    turns.append(Turn("user", prompt, False, "$.instruction", source=source))
    turns.append(assistant_turn(value["output"], "$.output"))
    return Example(line, tuple(turns), "alpaca", media=_media_text(value))


def _parts_text(value: Any) -> str:
    """A prompt or completion given as content parts (multimodal instruction data): its text parts, joined."""
    if isinstance(value, str):
        return value
    return "\n".join(p["text"] for p in value if p.get("type") == "text" and isinstance(p.get("text"), str))


def prompt_completion(value: dict, line: int) -> Example:
    return Example(line, (Turn("user", _parts_text(value["prompt"]), False, "$.prompt"),
                          assistant_turn(_parts_text(value["completion"]), "$.completion")), "prompt_completion")


def _answer_turn(answer: Any, path: str, turns: Optional[list[Turn]] = None) -> Turn:
    """One side of a preference pair as one assistant target turn (a list of messages, or the
    given `turns`, joined)."""
    if turns is None:
        if isinstance(answer, str):
            return assistant_turn(answer, path)
        if isinstance(answer, dict) and "from" in answer:
            return assistant_turn(answer["value"], path, source=".value")
        turns = chat_turns([answer] if isinstance(answer, dict) else answer, path)
    if not turns:
        return Turn("assistant", "", True, path)
    if len(turns) == 1:
        t = turns[0]
        if not isinstance(t.source, tuple):
            t.source = ((0, t.field_path()),)
        t.path, t.role, t.target = path, "assistant", True
        return t
    fields, offset = [], 0
    for t in turns:
        parts = t.source if isinstance(t.source, tuple) else ((0, t.field_path()),)
        fields.extend((offset + start, field) for start, field in parts)
        offset += len(t.text) + 1
    thought_path = next((t.reasoning_path for t in turns if t.reasoning), None)
    return Turn("assistant", "\n".join(t.text for t in turns), True, path,
                tool_calls=tuple(c for t in turns for c in t.tool_calls),
                extra_text="\n".join(t.extra_text for t in turns if t.extra_text), source=tuple(fields),
                reasoning=rsn.join(*(t.reasoning for t in turns)), reasoning_path=thought_path)


def _prompt(turns: list[Turn]) -> list[Turn]:
    for t in turns:
        t.target = False
    return turns


def _trl_prompt_length(chosen: Any, rejected: Any) -> int:
    """Where TRL's `extract_prompt` cuts an implicit prompt: at the first position where chosen and
    rejected differ (characters of texts, messages of conversations), one earlier when a space
    precedes it; when one side is a prefix of the other, before the shorter side's last item."""
    shorter = min(len(chosen), len(rejected))
    for k in range(shorter):
        if chosen[k] != rejected[k]:
            return k - 1 if k > 0 and chosen[k - 1] == " " else k
    return max(shorter - 1, 0)


def _implicit_prompt(value: dict) -> tuple[list[Turn], Turn, Turn]:
    """TRL's implicit-prompt preference ({"chosen", "rejected"} only): the prompt is the start both
    sides share, cut as TRL's `extract_prompt` cuts it; the rest of each side is its answer."""
    chosen, rejected = value["chosen"], value["rejected"]
    if isinstance(chosen, str) and isinstance(rejected, str):
        k = _trl_prompt_length(chosen, rejected)
        prompt = [Turn("user", chosen[:k], False, "$.chosen")] if k else []
        return prompt, assistant_turn(chosen[k:], "$.chosen"), assistant_turn(rejected[k:], "$.rejected")
    if isinstance(chosen, list) and isinstance(rejected, list):
        k = _trl_prompt_length(chosen, rejected)
        chosen_turns, rejected_turns = chat_turns(chosen, "$.chosen"), chat_turns(rejected, "$.rejected")
        sides = []
        for tail, base in ((chosen_turns[k:], "$.chosen"), (rejected_turns[k:], "$.rejected")):
            sides.append(_answer_turn(None, tail[0].path if len(tail) == 1 else base, tail))
        return _prompt(chosen_turns[:k]), sides[0], sides[1]
    return [], _answer_turn(chosen, "$.chosen"), _answer_turn(rejected, "$.rejected")


def preference(value: dict, line: int) -> Example:
    if "preferred_output" in value:
        turns = _prompt(chat_turns(value["input"]["messages"], "$.input.messages"))
        chosen = _answer_turn(value["preferred_output"], "$.preferred_output")
        rejected = _answer_turn(value["non_preferred_output"], "$.non_preferred_output")
        tools = _tools_text(value["input"])
        media = _media_text(value["input"], value["input"]["messages"])
    else:
        if "conversations" in value:
            turns = _prompt([_sharegpt_turn(t, f"$.conversations[{i}]") for i, t in enumerate(value["conversations"])])
            tools, media = _tools_text(value), _media_text(value)
        elif "prompt" not in value:
            turns, chosen, rejected = _implicit_prompt(value)
            turns.append(chosen)
            return Example(line, tuple(turns), "preference", _tools_text(value), _media_text(value), rejected=(rejected,))
        else:
            prompt = value["prompt"]
            turns = [Turn("user", prompt, False, "$.prompt")] if isinstance(prompt, str) else \
                _prompt(chat_turns(prompt, "$.prompt"))
            tools, media = "", _media_text(value, prompt)
        chosen, rejected = _answer_turn(value["chosen"], "$.chosen"), _answer_turn(value["rejected"], "$.rejected")
    turns.append(chosen)
    return Example(line, tuple(turns), "preference", tools, media, rejected=(rejected,))


def text(value: dict, line: int) -> Example:
    return Example(line, (Turn("assistant", value["text"], True, "$.text"),), "text")
