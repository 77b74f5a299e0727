"""Fast structural validators for the targets' strict schemas: True only when a record certainly
satisfies the schema, so `jsonschema` (which also explains) runs only on the rest. Like
`ftlint.formats.quick`, they may be stricter than the schema, never looser; a property test checks
that none accepts a record its schema rejects. They vouch for the common shape only: plain-string
messages without tools, plain prompt/completion and text records.
"""
from __future__ import annotations

from typing import Callable

_OPENAI_KEYS = {
    "system": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset({"role", "content", "name", "weight", "refusal"}),
}


def _plain_messages(messages, allowed_keys) -> bool:
    if type(messages) is not list or not messages:
        return False
    for m in messages:
        if type(m) is not dict or type(m.get("content")) is not str:
            return False
        role = m.get("role")
        keys = allowed_keys(role) if type(role) is str else None  # a list or dict role cannot be a key
        if keys is None or not keys.issuperset(m):
            return False
        if "name" in m and type(m["name"]) is not str:
            return False
        if "refusal" in m and m["refusal"] is not None and type(m["refusal"]) is not str:
            return False
    return True


def openai_chat(v: dict) -> bool:
    return v.keys() == {"messages"} and _plain_messages(v["messages"], _OPENAI_KEYS.get)


def _together_keys(role):
    return None if type(role) is not str else _ANY_KEYS


class _AnyKeys(frozenset):
    def issuperset(self, other) -> bool:  # Together does not judge message keys
        return True


_ANY_KEYS = _AnyKeys()


def together_chat(v: dict) -> bool:
    return v.keys() == {"messages"} and _plain_messages(v["messages"], _together_keys)


def together_prompt_completion(v: dict) -> bool:
    return v.keys() == {"prompt", "completion"} and type(v["prompt"]) is str and type(v["completion"]) is str


def together_text(v: dict) -> bool:
    return v.keys() == {"text"} and type(v["text"]) is str


QUICK_VALIDATORS: dict[str, Callable[[dict], bool]] = {
    "openai_openai_chat.json": openai_chat,
    "together_openai_chat.json": together_chat,
    "together_prompt_completion.json": together_prompt_completion,
    "together_text.json": together_text,
}
