"""Counts the size checks and readiness share: valid examples after removing exact duplicates."""
from __future__ import annotations

from ftlint.features.texts import example_keys
from ftlint.view import feature


@feature(needs=(example_keys,))
def unique_example_count(view) -> int:
    return len(set(view.feature(example_keys)))
