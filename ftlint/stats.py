"""Dataset statistics for the report's `stats` block.

Keys:
- `train` (list, one per training file) and `eval`: record and example counts (`file_stats`).
- `tokens`: exact token figures of the training examples (all training files together) for the
  run's model: `model`, `encoding`, `limit`, `examples`, `min`, `median`, `p90`, `p99`, `max`,
  `mean`, `total_tokens`, `target_tokens`, `over_limit`, and `histogram` (`edges`, `counts`,
  `limit`; see `ftlint.features.tokens.histogram`).
- for a templated (open) model `tokens` also holds `template`, `train_on`, `max_seq_length`,
  `target_truncated` (trained tokens truncation drops), `trained_share` (target / total),
  `examples_with_notes` and `examples_refused` (see `ftlint.templated`).
- for a templated model, `packing` (`ftlint.packing.packing_summary`) and `trainer_view` (the
  longest and shortest example token by token; see `ftlint.trainer_view`).
- `cost`: the training cost estimate (`ftlint.cost.CostEstimate`: epochs, billed tokens, price,
  cost per run and for the declared iterations).
"""
from __future__ import annotations

from typing import Optional

from ftlint.config import Settings
from ftlint.features.counts import unique_example_count
from ftlint.reading import UNREAD_KINDS
from ftlint.trainer_view import trainer_stats
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
        "unparsed_lines": sum(1 for p in view.problems if p.kind in UNREAD_KINDS),
    }


def collect_stats(views: list[DatasetView], eval_view: Optional[DatasetView], settings: Settings) -> dict:
    stats: dict = {"train": [file_stats(v) for v in views]}
    if eval_view is not None:
        stats["eval"] = file_stats(eval_view)
    if views:
        stats.update(token_stats(views, settings))
        stats.update(trainer_stats(views))  # open models: packing figures, longest/shortest example as trained
    return stats


def token_stats(views: list[DatasetView], settings: Settings) -> dict:
    import numpy as np

    from ftlint.cost import estimate_cost
    from ftlint.features.tokens import example_tokens, summarize, token_model

    counts = [v.feature(example_tokens) for v in views]
    total = np.concatenate([c.total[c.counted] for c in counts])  # refused examples have no count (FT410)
    target = np.concatenate([c.target[c.counted] for c in counts])
    model = views[0].feature(token_model)
    limit = counts[0].limit
    provider = getattr(views[0].settings.target, "name", None)  # the run's --target: whose price applies
    cost = estimate_cost(total, model, epochs=settings.epochs, price_per_mtok=settings.price_per_mtok,
                         iterations=settings.readiness.iterations, limit=limit, target=provider)
    tokens = {**summarize(total, target, model, limit), "backend": counts[0].backend}
    if counts[0].templated:
        truncated = np.concatenate([c.target_truncated for c in counts])
        tokens.update(template=counts[0].template, train_on=counts[0].train_on, max_seq_length=limit,
                      target_truncated=int(truncated.sum()),
                      trained_share=round(float(target.sum()) / float(total.sum()), 4) if total.sum() else 0.0,
                      examples_with_notes=sum(len(c.notes) for c in counts),
                      examples_refused=sum(len(c.errors) for c in counts))
    return {"tokens": tokens, "cost": cost.model_dump(mode="json")}
