"""Dataset statistics for the report's `stats` block (counts; token and cost figures join here)."""
from __future__ import annotations

from typing import Optional

from ftlint.config import Settings
from ftlint.features.counts import unique_example_count
from ftlint.view import DatasetView


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
    return stats
