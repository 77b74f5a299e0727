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

Training prices per provider: a model's own `train_per_mtok` is its *listed* price (used without
`--target`); `[[price]]` tables give one provider's published rate for a list of models, and
`[[provider]]` tables name the providers that bill training and, for one that publishes no rate
ftlint could read, why (`no_price`). `training_price(model, target)` picks the price a run uses.
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


class ProviderInfo(BaseModel):
    """A provider that bills fine-tuning (its `name` is a `--target`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    pricing_url: Optional[str] = None
    as_of: Optional[date] = Field(default=None, description="when `no_price` was last checked")
    no_price: str = Field(default="", description="why ftlint lists no training price of this provider")


class TrainingPrice(BaseModel):
    """One provider's published training price per 1M billed tokens for the listed models."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    models: tuple[str, ...] = Field(min_length=1)
    train_per_mtok: float = Field(ge=0)
    as_of: date
    price_source: str = Field(description="the provider's published page the price was read from")
    notes: str = ""


class PriceChoice(BaseModel):
    """The training price a run uses, or why there is none (`train_per_mtok` None, `missing` says why)."""

    model: str
    provider: Optional[str] = None  # whose price it is (None: unknown, or no price)
    provider_title: Optional[str] = None
    train_per_mtok: Optional[float] = None
    as_of: Optional[date] = None
    price_source: Optional[str] = None  # published page (None: no source page recorded)
    notes: str = ""
    basis: str  # why this price: "--target fireworks", "no --target: the model's listed price", ...
    missing: Optional[str] = None


class _Table(BaseModel):
    models: dict[str, ModelInfo]
    default: str
    comparison: str
    providers: dict[str, ProviderInfo]
    prices: tuple[TrainingPrice, ...]


def _validated(cls, entry: dict, kind: str):
    try:
        return cls.model_validate(entry)
    except ValidationError as exc:  # a packaging bug, but say where
        name = entry.get("name") or entry.get("provider")
        raise ConfigError(f"targets.toml: bad {kind} entry {name!r}: {exc}") from None


@lru_cache(maxsize=1)
def _loaded() -> _Table:
    raw = tomllib.loads(files("ftlint").joinpath("targets.toml").read_text("utf-8"))
    models = {info.name: info for info in (_validated(ModelInfo, e, "model") for e in raw.get("model", []))}
    providers = {p.name: p for p in (_validated(ProviderInfo, e, "provider") for e in raw.get("provider", []))}
    prices = tuple(_validated(TrainingPrice, e, "price") for e in raw.get("price", []))
    seen: set[tuple[str, str]] = set()
    for price in prices:
        if price.provider not in providers:
            raise ConfigError(f"targets.toml: [[price]] of unknown provider {price.provider!r}")
        for name in price.models:
            if name not in models:
                raise ConfigError(f"targets.toml: [[price]] of {price.provider} names unknown model {name!r}")
            if (name, price.provider) in seen:
                raise ConfigError(f"targets.toml: two {price.provider} prices for {name}")
            seen.add((name, price.provider))
    return _Table(models=models, default=raw.get("default", DEFAULT_MODEL), comparison=raw.get("comparison", ""),
                  providers=providers, prices=prices)


def _table() -> tuple[dict[str, ModelInfo], str, str]:
    t = _loaded()
    return t.models, t.default, t.comparison


def load_providers() -> dict[str, ProviderInfo]:
    """Every provider that bills fine-tuning, by name (a `--target`)."""
    return dict(_loaded().providers)


def provider_prices(model: ModelInfo) -> dict[str, TrainingPrice]:
    """The published training prices of `model`, by provider, in the file's order."""
    return {p.provider: p for p in _loaded().prices if model.name in p.models}


def training_price(model: ModelInfo, target: Optional[str] = None) -> PriceChoice:
    """The training price of `model` for a run with `--target target` (None: no target).

    A billing provider's target uses its `[[price]]` for the model, else the model's listed price
    when the model is that provider's own; otherwise there is no price (`missing` says why). Without
    a target, or with a trainer's (trl, axolotl, llamafactory), the model's listed price is used."""
    providers, prices = _loaded().providers, provider_prices(model)
    wanted = target.strip().lower() if target else None
    if wanted in providers:
        info, basis = providers[wanted], f"--target {wanted}"
        price = prices.get(wanted)
        if price is not None:
            return PriceChoice(model=model.name, provider=wanted, provider_title=info.title,
                               train_per_mtok=price.train_per_mtok, as_of=price.as_of, price_source=price.price_source,
                               notes=price.notes, basis=basis)
        if model.provider == wanted and model.train_per_mtok is not None:
            return _listed(model, wanted, info.title, basis)
        why = f": {info.no_price}" if info.no_price else ""
        return PriceChoice(model=model.name, provider_title=info.title, basis=basis, missing=(
            f"no published {info.title} training price for {model.name} in targets.toml{why}; "
            f"give --price-per-mtok (USD per 1M billed training tokens)"))
    basis = "no --target: the model's listed price" if wanted is None else \
        f"--target {wanted} bills no tokens: the model's listed price"
    if model.train_per_mtok is None:
        if model.kind == "base":
            return PriceChoice(model=model.name, basis=basis, missing=(
                f"{model.name} is listed as a base model for comparison and has no training price; "
                f"choose a fine-tunable --model or give --price-per-mtok"))
        info = providers.get(model.provider)
        why = f": {info.no_price}" if info is not None and info.no_price else ""
        return PriceChoice(model=model.name, provider_title=info.title if info else None, basis=basis, missing=(
            f"targets.toml lists no training price for {model.name}{why}; "
            f"give --price-per-mtok (USD per 1M billed training tokens)"))
    same = next((p for p in prices.values() if p.train_per_mtok == model.train_per_mtok
                 and p.price_source == model.price_source), None)  # whose published rate the listed price is
    owner = same.provider if same else model.provider if model.provider in providers else None
    return _listed(model, owner, providers[owner].title if owner else None, basis, same.notes if same else "")


def _listed(model: ModelInfo, provider: Optional[str], title: Optional[str], basis: str, notes: str = "") -> PriceChoice:
    return PriceChoice(model=model.name, provider=provider, provider_title=title, train_per_mtok=model.train_per_mtok,
                       as_of=model.as_of, price_source=model.price_source, notes=notes, basis=basis)


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
