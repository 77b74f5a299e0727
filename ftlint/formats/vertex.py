"""Vertex AI Gemini supervised tuning records normalised to the canonical `Example`.

Shape (Google's "Prepare supervised fine-tuning data for Gemini models" and "Tune function
calling" pages): `systemInstruction` (or `system_instruction`) with text parts, `contents`
of `{"role": "user" | "model", "parts": [...]}`, optional `tools` (`functionDeclarations`).

- the system instruction's text parts, joined with newlines, are one system turn;
- a `model` content is an assistant turn and a training target; a `user` content (or one
  without a role) a user turn, or a tool turn when all its parts are `functionResponse`s;
- text parts are the turn's text, except those marked `"thought": true`, which are its
  reasoning (`Turn.reasoning`; Google notes that tuning learns without the thinking process,
  so a tuned model does not learn them); a `functionCall` is a tool call whose arguments are the
  JSON text of its `args`, a `functionResponse` is billed JSON text (`extra_text`); images,
  files and other media carry no text and are the example's `media` (part of the prompt's identity).
"""
from __future__ import annotations

import json
import sys
from typing import Any

from ftlint.formats.normalise import item_path
from ftlint.model import Example, ToolCall, Turn

CALL_KEYS = ("functionCall", "function_call")
RESPONSE_KEYS = ("functionResponse", "function_response")
MEDIA_KEYS = ("inlineData", "inline_data", "fileData", "file_data")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _turn(content: dict, path: str) -> Turn:
    role = "assistant" if content.get("role") == "model" else "user"
    texts, extra, calls, responses, thoughts, first_thought = [], [], [], 0, [], None
    parts = content["parts"]
    for j, part in enumerate(parts):
        if "text" in part:
            if part.get("thought") is True:
                thoughts.append(part["text"])
                first_thought = first_thought or f"{path}.parts[{j}].text"
            else:
                texts.append(part["text"])
            continue
        for key in CALL_KEYS:
            if key in part:
                call = part[key]
                arguments = _json(call.get("args", {}))
                calls.append(ToolCall(call.get("id"), call.get("name"), arguments, f"{path}.parts[{j}].{key}"))
                extra.append(_json(call))
        for key in RESPONSE_KEYS:
            if key in part:
                responses += 1
                extra.append(_json(part[key]))
    if role == "user" and responses == len(parts):
        role = "tool"
    return Turn(role, "\n".join(texts), role == "assistant", path, tool_calls=tuple(calls), extra_text="\n".join(extra),
                reasoning="\n".join(thoughts), reasoning_path=first_thought)


def _media(contents: list) -> str:
    media = [[i, part] for i, c in enumerate(contents) for part in c["parts"] if any(k in part for k in MEDIA_KEYS)]
    return json.dumps(media, ensure_ascii=False, sort_keys=True) if media else ""


def vertex_gemini(value: dict, line: int) -> Example:
    turns = []
    for key in ("systemInstruction", "system_instruction"):
        system = value.get(key)
        if system is not None:
            text = "\n".join(p["text"] for p in system["parts"])
            turns.append(Turn("system", sys.intern(text), False, f"$.{key}"))
    turns += [_turn(c, item_path("$.contents", i)) for i, c in enumerate(value["contents"])]
    tools = value.get("tools")
    tools_text = "" if tools is None else _json(tools)
    return Example(line, tuple(turns), "vertex_gemini", tools_text, _media(value["contents"]))
