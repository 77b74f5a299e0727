"""Dataset formats: detection, the user's data contract (JSON Schema), normalisation.

Validation has two paths. `quick_valid` is a conservative structural test: when it
says yes the record certainly satisfies the format's JSON Schema. Only records it
cannot vouch for are run through `jsonschema`, which both decides and explains
(with a JSON path per error). So the schema stays the single source of truth and
valid files are not slowed down by it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Callable, Optional


from ftlint.formats import normalise, vertex
from ftlint.formats.quick import QUICK_VALIDATORS
from ftlint.model import Example

MAX_ERRORS_PER_RECORD = 5


@dataclass(frozen=True)
class SchemaError:
    path: str
    message: str


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    normaliser: Callable[[dict, int], Example]
    detect: Callable[[dict], bool]

    @cached_property
    def schema(self) -> dict:
        text = resources.files("ftlint.formats").joinpath(f"schemas/{self.name}.json").read_text("utf-8")
        return json.loads(text)

    @cached_property
    def _validator(self) -> "jsonschema.protocols.Validator":
        import jsonschema  # only for records the quick validators cannot vouch for

        cls = jsonschema.validators.validator_for(self.schema)
        return cls(self.schema)

    def validate(self, value: dict) -> list[SchemaError]:
        """Schema errors of one record (empty when valid), each with its JSON path."""
        quick = QUICK_VALIDATORS.get(self.name)
        if quick is not None and quick(value):
            return []
        try:
            errors = sorted(self._validator.iter_errors(value), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        except RecursionError:
            return [SchemaError("$", "record nested too deeply to validate")]
        # "matches none of the alternatives" adds nothing where a plainer error names the same spot
        plain = {e.json_path for e in errors if e.validator not in ("oneOf", "anyOf")}
        errors = [e for e in errors if e.validator not in ("oneOf", "anyOf") or e.json_path not in plain]
        return [SchemaError(e.json_path, _short(_message(e))) for e in errors[:MAX_ERRORS_PER_RECORD]]

    def normalise(self, value: dict, line: int) -> Example:
        return self.normaliser(value, line)


def _message(error) -> str:
    """jsonschema's message, or the schema's own wording for that keyword (`x-messages`)."""
    own = error.schema.get("x-messages", {}) if isinstance(error.schema, dict) else {}
    return own.get(error.validator, error.message)


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _has(*keys: str) -> Callable[[dict], bool]:
    if len(keys) == 1:
        key = keys[0]
        return lambda v: key in v  # (run on every record: no generator for the usual single key)
    return lambda v: all(k in v for k in keys)


# Order matters: the first format whose detector matches names the record.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("preference", "Preference pairs (DPO)", normalise.preference,
               lambda v: ("chosen" in v and "rejected" in v) or "preferred_output" in v),
        Format("openai_chat", "OpenAI chat (messages)", normalise.openai_chat, _has("messages")),
        Format("vertex_gemini", "Vertex AI Gemini (contents of parts)", vertex.vertex_gemini, _has("contents")),
        Format("sharegpt", "ShareGPT (conversations)", normalise.sharegpt, _has("conversations")),
        Format("prompt_completion", "Prompt/completion", normalise.prompt_completion, _has("prompt", "completion")),
        Format("alpaca", "Alpaca (instruction/input/output)", normalise.alpaca, _has("instruction", "output")),
        Format("text", "Plain text", normalise.text, _has("text")),
    )
}


def detect(value: dict) -> Optional[str]:
    """The format a record looks like, or None when it matches none."""
    for fmt in FORMATS.values():
        if fmt.detect(value):
            return fmt.name
    return None


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(FORMATS)}") from None
