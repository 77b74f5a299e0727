"""Reasoning ("thinking") text of an assistant message, kept apart from its answer.

Where it is found, per message:
- a field: `reasoning_content` (DeepSeek, Qwen3 and LLaMA-Factory's templates), `reasoning`
  (vLLM, OpenRouter), `thinking` (GPT-OSS's chat template);
- a content part of type `reasoning` (LLaMA-Factory's `value`) or `thinking` (its `thinking`,
  `text` or `value`);
- `<think>...</think>` in an assistant's text. The split follows Qwen3's chat template:
  the reasoning is what stands before the first `</think>` (after a `<think>` if there is
  one), the answer what follows the last `</think>`, newlines at the joins trimmed. Only a
  message with no reasoning field or part is split (as Qwen3's template does). A `<think>`
  never closed, or a `</think>` with no `<think>` and no answer after it, is left in the
  text (FT112 reports it).
"""
from __future__ import annotations

from typing import Optional

REASONING_FIELDS = ("reasoning_content", "reasoning", "thinking")
REASONING_PARTS = ("reasoning", "thinking")
THINK_OPEN, THINK_CLOSE = "<think>", "</think>"


def split_think(text: str) -> tuple[str, str]:
    """(answer, reasoning) of an assistant text; (text, "") when it holds no reasoning block: no
    `</think>`, or a `</think>` with neither a `<think>` before it nor an answer after it."""
    close = text.find(THINK_CLOSE)
    if close < 0:
        return text, ""
    head = text[:close]
    opened = head.rfind(THINK_OPEN)
    if opened < 0 and not text[text.rfind(THINK_CLOSE) + len(THINK_CLOSE):].strip():
        return text, ""
    reasoning = head[opened + len(THINK_OPEN):] if opened >= 0 else head
    before = head[:opened] if opened >= 0 else ""
    answer = text[text.rfind(THINK_CLOSE) + len(THINK_CLOSE):].lstrip("\n")
    if before.strip():
        answer = f"{before.rstrip()}\n{answer}" if answer else before.rstrip()
    return answer, reasoning.strip("\n")


def field_reasoning(message: dict, path: str) -> tuple[str, Optional[str]]:
    """Reasoning given in a message field, and that field's JSON path."""
    for key in REASONING_FIELDS:
        value = message.get(key)
        if isinstance(value, str) and value:
            return value, f"{path}.{key}"
    return "", None


def part_reasoning(part: dict) -> Optional[str]:
    """The text of a reasoning content part, or None when the part is not one."""
    if part.get("type") not in REASONING_PARTS:
        return None
    for key in ("text", "value", "thinking"):
        value = part.get(key)
        if isinstance(value, str):
            return value
    return ""


def join(*texts: str) -> str:
    return "\n".join(t for t in texts if t)
