"""Padding and packing efficiency at max_seq_length, and the trained-token share (ftlint.packing)."""
from __future__ import annotations

import numpy as np
import pytest

from ftlint.packing import best_fit_decreasing, packing_summary


def _naive_best_fit_decreasing(lengths, capacity):
    rooms = []
    for t in sorted(lengths, reverse=True):
        if t <= 0:
            continue
        fits = [i for i, r in enumerate(rooms) if r >= t]
        if fits:
            best = min(fits, key=lambda i: rooms[i])
            rooms[best] -= t
        else:
            rooms.append(capacity - t)
    return len(rooms)


def test_best_fit_decreasing_by_hand():
    # 7 | 5+3+2 | 4+4+2 ... capacity 10: 7+3, 5+4+... best fit: 7->A(3), 5->B(5), 4->B(1), 4->C(6), 3->A(0), 2->C(4), 2->C(2)
    assert best_fit_decreasing([2, 4, 7, 3, 5, 4, 2], 10) == 3
    assert best_fit_decreasing([10, 10, 10], 10) == 3
    assert best_fit_decreasing([1] * 25, 10) == 3
    assert best_fit_decreasing([], 10) == 0
    with pytest.raises(ValueError):
        best_fit_decreasing([11], 10)


def test_best_fit_decreasing_matches_the_textbook_algorithm():
    rng = np.random.default_rng(7)
    for _ in range(200):
        capacity = int(rng.integers(1, 400))
        lengths = rng.integers(0, capacity + 1, int(rng.integers(0, 150)))
        assert best_fit_decreasing(lengths, capacity) == _naive_best_fit_decreasing(lengths.tolist(), capacity)


def test_packing_summary_figures_can_be_checked_by_hand():
    s = packing_summary(total=[100, 300, 700, 1500], trained=[10, 0, 70, 200], max_seq_length=1000)
    assert s["tokens"] == 2600 and s["tokens_kept"] == 100 + 300 + 700 + 1000 and s["tokens_truncated"] == 500
    assert s["padded"] == {"sequences": 4, "slots": 4000, "efficiency": round(2100 / 4000, 4)}
    # kept lengths 1000, 700, 300, 100: 1000 | 700+300 | 100 -> 3 sequences
    assert s["packed"]["sequences"] == 3 and s["packed"]["efficiency"] == round(2100 / 3000, 4)
    assert s["trained_tokens"] == 280 and s["trained_share"] == round(280 / 2100, 4)
    assert s["trained_share_per_example"]["none"] == 1
    assert s["trained_share_per_example"]["median"] == round(float(np.median([0.1, 0.0, 0.1, 0.2])), 4)


def test_packing_summary_of_no_examples():
    s = packing_summary([], [], 4096)
    assert s["examples"] == 0 and s["packed"]["sequences"] == 0 and s["padded"]["efficiency"] == 0.0
