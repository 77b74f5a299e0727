"""Training cost estimate from exact token counts.

- Epochs follow OpenAI's default rule: 3, raised to ``min(25, 100 // n)`` when ``n * 3 < 100``,
  lowered to ``max(1, 25_000 // n)`` when ``n * 3 > 25_000`` (n = training examples);
  `--epochs` overrides.
- Billed tokens = sum over examples of ``min(limit, tokens) * epochs`` (an over-long example is
  truncated to the model's limit, and billed as such).
- Training cost = billed tokens x training price per 1M tokens, per run and for the declared
  number of iterations (`[tool.ftlint.readiness] iterations`, default 3).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

import numpy as np
from pydantic import BaseModel

from ftlint.config import ConfigError
from ftlint.targets import ModelInfo

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
    """What `stats["cost"]` holds in the JSON report."""

    model: str
    examples: int
    epochs: int
    epochs_source: str  # "default rule" or "override"
    limit: int
    tokens_per_epoch: int  # sum of min(limit, tokens)
    truncated_examples: int
    billed_tokens: int  # per run
    price_per_mtok: float
    price_source: str  # "targets.toml as of <date>" or "override"
    cost_per_run_usd: float
    iterations: int
    cost_for_iterations_usd: float
    as_of: date


def estimate_cost(totals: np.ndarray, model: ModelInfo, epochs: Optional[int] = None,
                  price_per_mtok: Optional[float] = None, iterations: int = 3,
                  limit: Optional[int] = None) -> CostEstimate:
    """Cost of training `model` on examples with the given token totals; `limit` (the trainer's
    max_seq_length) defaults to the model's limit."""
    limit = model.max_tokens if limit is None else int(limit)
    if price_per_mtok is None:
        if model.train_per_mtok is None:
            raise ConfigError(f"{model.name} is listed as a base model for comparison and has no training price; "
                              f"choose a fine-tunable --model or give --price-per-mtok")
        price, price_source = model.train_per_mtok, f"targets.toml as of {model.as_of.isoformat()}" + (
            f" ({model.price_source})" if model.price_source else "")
    else:
        price, price_source = float(price_per_mtok), "override"
    totals = np.asarray(totals, dtype=np.int64)
    n = int(totals.size)
    chosen = default_epochs(n) if epochs is None else int(epochs)
    per_epoch = int(np.minimum(totals, limit).sum())
    billed = per_epoch * chosen
    per_run = billed * price / 1_000_000
    return CostEstimate(
        model=model.name, examples=n, epochs=chosen, epochs_source="default rule" if epochs is None else "override",
        limit=limit, tokens_per_epoch=per_epoch, truncated_examples=int((totals > limit).sum()),
        billed_tokens=billed, price_per_mtok=price, price_source=price_source, cost_per_run_usd=round(per_run, 6),
        iterations=iterations, cost_for_iterations_usd=round(per_run * iterations, 6), as_of=model.as_of,
    )


def format_usd(amount: float) -> str:
    return f"${amount:,.2f}" if amount >= 0.01 or amount == 0 else f"${amount:.4f}"


def training_cost(stats: dict) -> Optional[tuple[float, float]]:
    """(highest, summed) cost of one training run over the training files, from `stats["cost"]`, or None."""
    cost = stats.get("cost")
    entries = cost if isinstance(cost, list) else [cost] if isinstance(cost, dict) else []
    per_run = [float(c["cost_per_run_usd"]) for c in entries if isinstance(c, dict) and "cost_per_run_usd" in c]
    if not per_run:
        return None
    return max(per_run), sum(per_run)
