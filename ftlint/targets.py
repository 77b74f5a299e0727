"""Target models as data: limits, encodings and prices from the packaged `targets.toml`.

`load_models()` returns every entry by name; `resolve_model(name)` accepts a name or an
alias (case-insensitive) and returns its `ModelInfo`; `None` means the documented default,
**llama-3.1-8b-instruct**. An unknown name is a `ConfigError` (exit code 2) listing the known ones.

An open model's entry is a *profile*: its `chat_template` (a template shipped in
`ftlint/profiles/`), its BOS/EOS tokens, its trainer's default loss mask (`train_on`) and its
context length (`max_tokens`, the default `max_seq_length`). Its token counts are those of the
rendered conversation (see `ftlint.templated`). A model without a template (OpenAI's) is counted
with OpenAI's cookbook formula. Prices name their source page and date; OpenAI entries also carry
the provider's announced cut-off dates (`new_jobs_until`, `shutdown_on`).

Entries of `kind = "base"` are large un-fine-tuned models listed for cost-benefit
comparisons (`comparison_model()`); they have no training price.
"""
from __future__ import annotations

import sys
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ftlint.config import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_MODEL = "llama-3.1-8b-instruct"
ENCODINGS = ("o200k_base", "cl100k_base", "llama3", "qwen3", "o200k_harmony", "tekken")


class ModelInfo(BaseModel):
    """One target model. Prices are USD per 1M tokens, as of `as_of`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: tuple[str, ...] = ()
    provider: str
    kind: Literal["fine-tune", "base"] = "fine-tune"
    encoding: Literal["o200k_base", "cl100k_base", "llama3", "qwen3", "o200k_harmony", "tekken"]
    max_tokens: int = Field(gt=0, description="tokens allowed in one training example")
    train_per_mtok: Optional[float] = Field(default=None, ge=0, description="training price per 1M billed tokens")
    input_per_mtok: float = Field(ge=0, description="inference price per 1M input tokens")
    output_per_mtok: float = Field(ge=0, description="inference price per 1M output tokens")
    as_of: date
    price_source: Optional[str] = Field(default=None, description="published page the prices come from")
    chat_template: Optional[str] = Field(default=None, description="template file in ftlint/profiles (open models)")
    bos_token: str = ""
    eos_token: str = ""
    train_on: Literal["assistant", "last-assistant", "completion", "all"] = "assistant"
    date_format: Optional[str] = Field(default=None, description="strftime format of the template's date_string")
    encoder: Optional[Literal["mistral-common"]] = Field(default=None, description="counted by this package's own encoding, not a template")
    tokenizer_file: Optional[str] = Field(default=None, description="the encoder's bundled tokenizer file")
    new_jobs_until: Optional[date] = Field(default=None, description="provider stops new fine-tuning jobs after")
    shutdown_on: Optional[date] = Field(default=None, description="provider shuts down fine-tuned models on")
    cutoff_source: Optional[str] = None
    cutoff_as_of: Optional[date] = None

    @property
    def templated(self) -> bool:
        """Counted by rendering its chat template (an open model), not by OpenAI's formula."""
        return self.chat_template is not None or self.encoder is not None

    @property
    def fine_tunable(self) -> bool:
        return self.kind == "fine-tune" and self.train_per_mtok is not None


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, ModelInfo], str, str]:
    raw = tomllib.loads(files("ftlint").joinpath("targets.toml").read_text("utf-8"))
    models: dict[str, ModelInfo] = {}
    for entry in raw.get("model", []):
        try:
            info = ModelInfo.model_validate(entry)
        except ValidationError as exc:  # a packaging bug, but say where
            raise ConfigError(f"targets.toml: bad model entry {entry.get('name')!r}: {exc}") from None
        models[info.name] = info
    return models, raw.get("default", DEFAULT_MODEL), raw.get("comparison", "")


def load_models() -> dict[str, ModelInfo]:
    """Every known model by canonical name, in the file's order."""
    return dict(_table()[0])


@lru_cache(maxsize=64)
def resolve_model(name: Optional[str]) -> ModelInfo:
    """The model called `name` (a name or alias, any case); None gives the default (llama-3.1-8b-instruct)."""
    models, default, _ = _table()
    if name is None:
        name = default
    wanted = name.strip().lower()
    for info in models.values():
        if wanted == info.name.lower() or wanted in (a.lower() for a in info.aliases):
            return info
    raise ConfigError(f"unknown model {name!r}; known models: {', '.join(models)} (see `ftlint models`)")


def comparison_model() -> ModelInfo:
    """The large un-fine-tuned model that fine-tuned inference prices are compared with."""
    return resolve_model(_table()[2] or DEFAULT_MODEL)
