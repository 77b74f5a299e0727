"""Dataset statistics for the report's `stats` block.

Keys:
- `train` (list, one per training file) and `eval`: record and example counts (`file_stats`).
- `tokens`: exact token figures of the training examples (all training files together) for the
  run's model: `model`, `encoding`, `limit`, `examples`, `min`, `median`, `p90`, `p99`, `max`,
  `mean`, `total_tokens`, `target_tokens`, `over_limit`, and `histogram` (`edges`, `counts`,
  `limit`; see `ftlint.features.tokens.histogram`).
- `cost`: the training cost estimate (`ftlint.cost.CostEstimate`: epochs, billed tokens, price,
  cost per run and for the declared iterations).
"""
from __future__ import annotations

from typing import Optional

from ftlint.config import Settings
from ftlint.features.counts import unique_example_count
from ftlint.view import DatasetView


def planned_features(view: DatasetView) -> tuple:
    """The features `collect_stats` reads of this view (the engine computes them with the checks')."""
    from ftlint.features.tokens import example_tokens, token_model

    return (unique_example_count, example_tokens, token_model) if view.role == "train" else (unique_example_count,)


def file_stats(view: DatasetView) -> dict:
    unique = view.feature(unique_example_count)
    return {
        "path": view.path,
        "role": view.role,
        "format": view.format,
        "records": view.records,
        "valid_examples": len(view.examples),
        "unique_valid_examples": unique,
        "invalid_records": len(view.invalid),
        "unparsed_lines": sum(1 for p in view.problems if p.kind in ("invalid-json", "invalid-utf8", "not-an-object", "line-too-long")),
    }


def collect_stats(views: list[DatasetView], eval_view: Optional[DatasetView], settings: Settings) -> dict:
    stats: dict = {"train": [file_stats(v) for v in views]}
    if eval_view is not None:
        stats["eval"] = file_stats(eval_view)
    if views:
        stats.update(token_stats(views, settings))
    return stats


def token_stats(views: list[DatasetView], settings: Settings) -> dict:
    import numpy as np

    from ftlint.cost import estimate_cost
    from ftlint.features.tokens import example_tokens, summarize, token_model

    counts = [v.feature(example_tokens) for v in views]
    total = np.concatenate([c.total for c in counts])
    target = np.concatenate([c.target for c in counts])
    model = views[0].feature(token_model)
    cost = estimate_cost(total, model, epochs=settings.epochs, price_per_mtok=settings.price_per_mtok,
                         iterations=settings.readiness.iterations)
    return {"tokens": {**summarize(total, target, model), "backend": counts[0].backend},
            "cost": cost.model_dump(mode="json")}
