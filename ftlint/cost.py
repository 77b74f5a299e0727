"""Training cost estimate from exact token counts.

- Epochs follow OpenAI's default rule: 3, raised to ``min(25, 100 // n)`` when ``n * 3 < 100``,
  lowered to ``max(1, 25_000 // n)`` when ``n * 3 > 25_000`` (n = training examples);
  `--epochs` overrides.
- Billed tokens = sum over examples of ``min(limit, tokens) * epochs`` (an over-long example is
  truncated to the model's limit, and billed as such).
- Training cost = billed tokens x training price per 1M tokens, per run and for the declared
  number of iterations (`[tool.ftlint.readiness] iterations`, default 3).
- The price is the run's `--target` provider's (`ftlint.targets.training_price`), else the model's
  listed one; the estimate names whose price, its date and its source page. A provider that
  publishes no price ftlint could read gets no number: the money fields are None and
  `price_missing` says why (and points to `--price-per-mtok`).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

import numpy as np
from pydantic import BaseModel

from ftlint.config import ConfigError
from ftlint.targets import ModelInfo, training_price

DEFAULT_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100  # n * epochs is raised towards this
MAX_TARGET_EXAMPLES = 25_000  # and lowered towards this
MAX_EPOCHS = 25


def default_epochs(n: int) -> int:
    """OpenAI's default number of epochs for a training file of `n` examples."""
    if n <= 0:
        return DEFAULT_EPOCHS
    if n * DEFAULT_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_EPOCHS, MIN_TARGET_EXAMPLES // n)
    if n * DEFAULT_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(1, MAX_TARGET_EXAMPLES // n)
    return DEFAULT_EPOCHS


class CostEstimate(BaseModel):
    """What `stats["cost"]` holds in the JSON report. Without a price (a provider that publishes none
    ftlint could read), the money fields are null and `price_missing` says why."""

    model: str
    examples: int
    epochs: int
    epochs_source: str  # "default rule" or "override"
    limit: int
    tokens_per_epoch: int  # sum of min(limit, tokens)
    truncated_examples: int
    billed_tokens: int  # per run
    price_per_mtok: Optional[float]
    price_source: str  # "targets.toml as of <date> (<url>)", "override", or "none"
    price_provider: Optional[str] = None  # whose price (fireworks, openai, ...)
    price_provider_title: Optional[str] = None
    price_url: Optional[str] = None  # the provider's published page
    price_notes: str = ""
    price_basis: str = ""  # why this price: "--target fireworks", "no --target: the model's listed price", ...
    price_missing: Optional[str] = None
    cost_per_run_usd: Optional[float]
    iterations: int
    cost_for_iterations_usd: Optional[float]
    as_of: date


def estimate_cost(totals: np.ndarray, model: ModelInfo, epochs: Optional[int] = None,
                  price_per_mtok: Optional[float] = None, iterations: int = 3,
                  limit: Optional[int] = None, target: Optional[str] = None) -> CostEstimate:
    """Cost of training `model` on examples with the given token totals at the price of the run's
    `target` provider (`ftlint.targets.training_price`); `limit` (the trainer's max_seq_length)
    defaults to the model's limit."""
    limit = model.max_tokens if limit is None else int(limit)
    if price_per_mtok is None:
        if model.kind == "base" and model.train_per_mtok is None:  # not fine-tunable: no training price at all
            raise ConfigError(training_price(model).missing)
        choice = training_price(model, target)
        price = choice.train_per_mtok
        as_of = choice.as_of or model.as_of
        source = "none" if price is None else f"targets.toml as of {as_of.isoformat()}" + (
            f" ({choice.price_source})" if choice.price_source else " (no source page recorded)")
        extra = dict(price_provider=choice.provider, price_provider_title=choice.provider_title,
                     price_url=choice.price_source, price_notes=choice.notes, price_basis=choice.basis,
                     price_missing=choice.missing)
    else:
        price, source, as_of = float(price_per_mtok), "override", model.as_of
        extra = dict(price_basis="--price-per-mtok")
    totals = np.asarray(totals, dtype=np.int64)
    n = int(totals.size)
    chosen = default_epochs(n) if epochs is None else int(epochs)
    per_epoch = int(np.minimum(totals, limit).sum())
    billed = per_epoch * chosen
    per_run = None if price is None else billed * price / 1_000_000
    return CostEstimate(
        model=model.name, examples=n, epochs=chosen, epochs_source="default rule" if epochs is None else "override",
        limit=limit, tokens_per_epoch=per_epoch, truncated_examples=int((totals > limit).sum()),
        billed_tokens=billed, price_per_mtok=price, price_source=source,
        cost_per_run_usd=None if per_run is None else round(per_run, 6), iterations=iterations,
        cost_for_iterations_usd=None if per_run is None else round(per_run * iterations, 6), as_of=as_of, **extra,
    )


def price_line(cost: dict) -> str:
    """Whose price a cost estimate (`stats["cost"]`, a dict) uses, its date and source, or why there is none."""
    if cost.get("price_missing"):
        return str(cost["price_missing"])
    if cost.get("price_source") == "override":
        return "price: --price-per-mtok"
    who = cost.get("price_provider_title") or "provider not recorded"
    notes = f", {cost['price_notes']}" if cost.get("price_notes") else ""
    url = cost.get("price_url") or "no source page recorded"
    basis = f"; {cost['price_basis']}" if cost.get("price_basis") else ""
    as_of = cost.get("as_of")
    return f"price: {who}{notes}, as of {as_of} ({url}){basis}" if as_of else f"price: {cost.get('price_source')}"


def cost_summary(cost: dict) -> str:
    """One human line for a cost estimate (`stats["cost"]`): the money, the arithmetic, whose price."""
    work = f"{cost.get('epochs')} epochs x {int(cost.get('tokens_per_epoch') or 0):,} tokens"
    if cost.get("cost_per_run_usd") is None:
        return (f"Training cost on {cost.get('model')} not estimated ({work} = "
                f"{int(cost.get('billed_tokens') or 0):,} billed tokens per run): {price_line(cost)}")
    return (f"Estimated training cost on {cost.get('model')}: {format_usd(cost['cost_per_run_usd'])} per run "
            f"({work} at {format_usd(cost['price_per_mtok'])}/1M); {format_usd(cost['cost_for_iterations_usd'])} "
            f"for {cost.get('iterations')} iterations; {price_line(cost)}")


def format_usd(amount: float) -> str:
    return f"${amount:,.2f}" if amount >= 0.01 or amount == 0 else f"${amount:.4f}"


def training_cost(stats: dict) -> Optional[tuple[float, float]]:
    """(highest, summed) cost of one training run over the training files, from `stats["cost"]`, or None."""
    cost = stats.get("cost")
    entries = cost if isinstance(cost, list) else [cost] if isinstance(cost, dict) else []
    per_run = [float(c["cost_per_run_usd"]) for c in entries
               if isinstance(c, dict) and c.get("cost_per_run_usd") is not None]
    if not per_run:
        return None
    return max(per_run), sum(per_run)
