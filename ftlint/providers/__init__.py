"""Provider targets: what a platform's upload or a trainer's loader accepts, as data.

A target (`--target NAME`, config `target`, or implied by the `provider` of an explicit `--model`)
is one small declarative module in this package (`together.py`, `openai.py`, ...) defining
`TARGET = Target(...)`: the formats it reads, a strict JSON Schema per format (package data in
`schemas/`), and its rules with their severity and the provider's documentation URL. Checks
FT120-FT149 read `view.settings.target` and apply the rules as data; none of them names a
provider. Without a target ftlint stays tolerant and the report says so.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ftlint.config import ConfigError
from ftlint.formats import MAX_ERRORS_PER_RECORD, SchemaError
from ftlint.model import Severity

TARGET_NAMES = ("openai", "together", "fireworks", "vertex", "mistral", "trl", "axolotl", "llamafactory")
NO_TARGET = "none"  # `--target none`: tolerant, even when --model names a provider


@dataclass(frozen=True)
class RuleError(SchemaError):
    """A record-level error and the rule it breaks (`formats` for the strict schema)."""

    rule: str = "formats"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Rule(_Data):
    """One rule of a target: how severe breaking it is, and where the provider says so."""

    severity: Severity = Severity.ERROR
    url: str
    says: str = Field(default="", description="the provider's own words, shortened")


class FormatsRule(Rule):
    accepted: dict[str, Optional[str]] = Field(description="ftlint format -> strict schema file (None: generic schema)")


class RolesRule(Rule):
    allowed: tuple[str, ...]


class FirstRoleRule(Rule):
    allowed: tuple[str, ...] = Field(description="roles the first non-system turn may have")


class SystemRule(Rule):
    placement: Literal["first", "once", "none"] = Field(
        description="first: only as the first turn; once: at most one system message; none: not at all")


class AlternationRule(Rule):
    mode: Literal["no-repeat", "user-assistant"] = Field(
        description="no-repeat: no two consecutive turns share a role; user-assistant: after the system "
                    "prompt, user and assistant turns alternate (tool results may follow an assistant tool call)")


class LastRoleRule(Rule):
    allowed: tuple[str, ...]


class WeightRule(Rule):
    values: tuple[int, ...] = (0, 1)
    integer_only: bool = Field(default=False, description="1.0 is rejected, only the integers 0 and 1")
    roles: Optional[tuple[str, ...]] = Field(default=None, description="roles that may carry a weight (None: any)")


class CountRule(Rule):
    minimum: Optional[int] = None
    maximum: Optional[int] = None


class SizeRule(Rule):
    max_bytes: int


class PromptEndRule(Rule):
    forbidden: tuple[str, ...] = Field(description="roles the last prompt turn of a preference pair may not have")


class ImageRule(Rule):
    max_per_example: int


class Rules(_Data):
    formats: FormatsRule
    roles: Optional[RolesRule] = None
    first_role: Optional[FirstRoleRule] = None
    system: Optional[SystemRule] = None
    alternation: Optional[AlternationRule] = None
    last_role: Optional[LastRoleRule] = None
    weights: Optional[WeightRule] = None
    examples: Optional[CountRule] = None
    file_size: Optional[SizeRule] = None
    prompt_end: Optional[PromptEndRule] = None
    images: Optional[ImageRule] = None


class Target(_Data):
    name: str
    title: str
    kind: Literal["platform", "trainer"]
    url: str = Field(description="the provider's data-format documentation")
    rules: Rules
    # defaults for ftlint's generic checks under this target (user options still win), e.g. a
    # platform's minimum number of examples for FT201
    check_options: dict[str, dict] = Field(default_factory=dict)
    not_enforced: tuple[str, ...] = Field(default=(), description="documented limits ftlint does not check")

    def check_defaults(self) -> dict[str, dict]:
        """Option defaults for ftlint's generic checks under this target: `check_options`, and the
        target's minimum number of examples as FT201's `minimum`."""
        out = {code: dict(options) for code, options in self.check_options.items()}
        if self.rules.examples is not None and self.rules.examples.minimum is not None:
            out.setdefault("FT201", {}).setdefault("minimum", self.rules.examples.minimum)
        return out

    def rule_items(self) -> list[tuple[str, Rule]]:
        return [(key, rule) for key in Rules.model_fields if (rule := getattr(self.rules, key)) is not None]

    def schema(self, fmt: str) -> Optional[dict]:
        name = self.rules.formats.accepted.get(fmt)
        return None if name is None else _schema(name)

    def validate(self, fmt: str, value: dict) -> list[SchemaError]:
        """Errors of one record (already valid for ftlint's generic `fmt` schema) against this target's strict schema."""
        out: list[SchemaError] = []
        name = self.rules.formats.accepted.get(fmt)
        if name is not None and not _quick_valid(name, value):
            try:
                errors = sorted(_validator(name).iter_errors(value),
                                key=lambda e: (list(map(str, e.absolute_path)), e.message))
            except RecursionError:
                return [RuleError("$", "record nested too deeply to validate")]
            unique = dict.fromkeys((e.json_path, _message(e)) for e in _deepest(errors))  # one `required` error per key
            out += [RuleError(path, message) for path, message in list(unique)[:MAX_ERRORS_PER_RECORD]]
        limit = self.rules.images
        if limit is not None:
            images = count_images(value)
            if images > limit.max_per_example:
                out.append(RuleError("$", f"{images} images in one example; {self.title} allows at most "
                                          f"{limit.max_per_example}", "images"))
        if self.rules.weights is not None:
            out += weight_errors(value, self.rules.weights)
        return out


def _quick_valid(name: str, value: dict) -> bool:
    from ftlint.providers.quick import QUICK_VALIDATORS

    quick = QUICK_VALIDATORS.get(name)
    return quick is not None and quick(value)


def _message_lists(value: dict):
    """(JSON path, list) of every list of chat messages in a record of a messages-based format."""
    for key in ("messages", "preferred_output", "non_preferred_output"):
        if isinstance(value.get(key), list):
            yield f"$.{key}", value[key]
    inner = value.get("input")
    if isinstance(inner, dict) and isinstance(inner.get("messages"), list):
        yield "$.input.messages", inner["messages"]


def weight_errors(value: dict, rule: "WeightRule") -> list[RuleError]:
    """The `weight` keys of a record's messages that the rule does not accept (other spellings, such
    as LLaMA-Factory's `loss_weight`, are the schema's business)."""
    out = []
    accepted = ", ".join(map(str, rule.values))
    for base, messages in _message_lists(value):
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or "weight" not in m:
                continue
            weight, role, problem = m["weight"], m.get("role"), None
            if rule.roles is not None and role not in rule.roles:
                problem = f"a {role} message may not carry a weight (only {', '.join(rule.roles)})"
            elif isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight not in rule.values:
                problem = f"weight {weight!r} must be one of {accepted}"
            elif rule.integer_only and not isinstance(weight, int):
                problem = f"weight {weight!r} must be one of the integers {accepted}"
            if problem:
                out.append(RuleError(f"{base}[{i}].weight", problem, "weights"))
    return out


def count_images(value) -> int:
    """Image content parts (`{"type": "image_url"}`) anywhere in a record; iterative, so depth costs no stack."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "image_url":
                count += 1
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return count


def _deepest(errors: list) -> list:
    """For anyOf/oneOf failures, the most specific sub-error says more than 'is not valid under any'."""
    out = []
    for e in errors:
        if e.validator in ("anyOf", "oneOf") and e.context and not e.schema.get("x-message"):
            best = max(e.context, key=lambda c: (len(c.absolute_path), -len(c.message)))
            out.append(best)
        else:
            out.append(e)
    return out


def _message(error) -> str:
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    text = custom or error.message
    return text if len(text) <= 200 else text[:199] + "…"


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return json.loads(resources.files("ftlint.providers").joinpath(f"schemas/{name}").read_text("utf-8"))


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema  # imported when a target's schema is first applied

    schema = _schema(name)
    return jsonschema.validators.validator_for(schema)(schema)


@lru_cache(maxsize=None)
def get_target(name: str) -> Target:
    wanted = name.strip().lower()
    if wanted not in TARGET_NAMES:
        raise ConfigError(f"unknown target {name!r}; known targets: {', '.join(TARGET_NAMES)} (see `ftlint targets`)")
    return importlib.import_module(f"ftlint.providers.{wanted}").TARGET


def all_targets() -> list[Target]:
    return [get_target(n) for n in TARGET_NAMES]


def resolve_target(target: Optional[str], model: Optional[str]) -> Optional[Target]:
    """The target a run applies: `--target` (or config `target`), else the provider of an explicitly
    chosen model when that provider is a known target; None (tolerant) otherwise or for `none`."""
    if target is not None:
        return None if target.strip().lower() == NO_TARGET else get_target(target)
    if model is None:
        return None
    from ftlint.targets import resolve_model

    provider = resolve_model(model).provider
    return get_target(provider) if provider in TARGET_NAMES else None


def targets_enforcing(rule_key: str) -> list[tuple[Target, Rule]]:
    """Every target that has the rule `rule_key`, with its settings (for rule documentation)."""
    return [(t, getattr(t.rules, rule_key)) for t in all_targets() if getattr(t.rules, rule_key) is not None]


def target_stats(target: Optional[Target]) -> dict:
    """The report's `stats["target"]`: which provider's rules were applied (or that none were)."""
    if target is None:
        return {"name": None, "title": "none",
                "note": "no --target: ftlint's tolerant union of formats; no provider's rules applied"}
    return {"name": target.name, "title": target.title, "url": target.url,
            "formats": sorted(target.rules.formats.accepted), "rules": [key for key, _ in target.rule_items()]}


def target_line(stats: dict) -> Optional[str]:
    """One human line for the report: whose rules were applied (None for a report without the key)."""
    info = stats.get("target")
    if not isinstance(info, dict):
        return None
    if info.get("name") is None:
        return "provider rules: none (no --target: ftlint's tolerant union of formats)"
    return f"provider rules: {info.get('title')} (--target {info['name']}; {info.get('url')})"
