"""The trainer-view figures FT408 and FT409 read: packing at max_seq_length and the trained share."""
from __future__ import annotations

from typing import Optional

from ftlint.features.tokens import example_tokens
from ftlint.packing import packing_summary
from ftlint.view import feature


def trained_after_truncation(counts):
    """Per example: tokens the loss trains that survive truncation at max_seq_length."""
    return counts.target - counts.target_truncated


@feature(needs=(example_tokens,))
def packing_figures(view) -> Optional[dict]:
    """`ftlint.packing.packing_summary` of the view's examples, or None when the model is counted
    with OpenAI's formula (no rendered sequence, no max_seq_length)."""
    counts = view.feature(example_tokens)
    if not counts.templated:
        return None
    counted = counts.counted  # an example its template refused has no count (FT410)
    return packing_summary(counts.total[counted], trained_after_truncation(counts)[counted], counts.max_seq_length)
