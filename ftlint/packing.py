"""How well a dataset fills a trainer's sequences of `max_seq_length` tokens, and how much of it trains.

`packing_summary(total, trained, max_seq_length)` returns the figures of `stats["packing"]`, each
one a user can recompute from the per-example counts of `ftlint tokens`:

- every example is first truncated to `max_seq_length` (kept = min(total, L)), as trainers do;
- ``padded``: one example per sequence, padded to L (no packing; Axolotl `pad_to_sequence_len`,
  torchtune with a fixed length): `efficiency` = kept tokens / (examples x L);
- ``packed``: examples kept whole and packed into sequences of L tokens by best-fit decreasing
  (longest first, each into the fullest sequence it still fits; TRL's `packing_strategy="bfd"`):
  `efficiency` = kept tokens / (sequences x L). Each sequence is one step's worth of compute,
  so `sequences` is what an epoch costs in forward passes of length L;
- ``trained_share``: trained tokens that survive truncation / kept tokens, over the dataset, plus
  its median and 10th percentile per example.

Best-fit decreasing runs in O(n log n): the free room of open sequences is kept as counts per
room size, with a two-level bitmap to find the smallest room that fits.
"""
from __future__ import annotations

import numpy as np

WORD = 64


class _Rooms:
    """Multiset of free-room sizes 0..capacity; `take(t)` finds the smallest room >= t."""

    def __init__(self, capacity: int) -> None:
        self.count = np.zeros(capacity + 1, dtype=np.int64).tolist()
        self.words = [0] * (capacity // WORD + 1)  # bit r % 64 of word r // 64: some room of size r exists
        self.summary = 0  # bit w: word w is not empty

    def add(self, room: int) -> None:
        self.count[room] += 1
        if self.count[room] == 1:
            w = room // WORD
            if not self.words[w]:
                self.summary |= 1 << w
            self.words[w] |= 1 << (room % WORD)

    def take(self, need: int) -> int:
        """Remove and return the smallest room >= need, or -1 when none fits."""
        w = need // WORD
        bits = self.words[w] >> (need % WORD)
        if bits:
            room = need + ((bits & -bits).bit_length() - 1)
        else:
            higher = self.summary >> (w + 1)
            if not higher:
                return -1
            w += (higher & -higher).bit_length()
            bits = self.words[w]
            room = w * WORD + (bits & -bits).bit_length() - 1
        self.count[room] -= 1
        if not self.count[room]:
            self.words[room // WORD] &= ~(1 << (room % WORD))
            if not self.words[room // WORD]:
                self.summary &= ~(1 << (room // WORD))
        return room


def best_fit_decreasing(lengths, capacity: int) -> int:
    """Number of sequences of `capacity` tokens that best-fit decreasing packs `lengths` into
    (every length must be 1..capacity; zero lengths take no room)."""
    values, counts = np.unique(np.asarray(lengths, dtype=np.int64), return_counts=True)
    rooms, sequences = _Rooms(capacity), 0
    for length, times in zip(values[::-1].tolist(), counts[::-1].tolist()):
        if length <= 0:
            continue
        if length > capacity:
            raise ValueError(f"length {length} exceeds the capacity {capacity}")
        for _ in range(times):
            room = rooms.take(length)
            if room < 0:
                sequences += 1
                room = capacity
            rooms.add(room - length)
    return sequences


def packing_summary(total, trained, max_seq_length: int) -> dict:
    """`stats["packing"]`: padding and packing efficiency at `max_seq_length`, and the trained share.

    `total` are the examples' token counts, `trained` the trained tokens left after truncation."""
    total = np.asarray(total, dtype=np.int64)
    trained = np.asarray(trained, dtype=np.int64)
    length = int(max_seq_length)
    kept = np.minimum(total, length)
    n, kept_sum = int(total.size), int(kept.sum())
    sequences = best_fit_decreasing(kept, length) if n else 0
    out = {
        "max_seq_length": length,
        "examples": n,
        "tokens": int(total.sum()),
        "tokens_kept": kept_sum,
        "tokens_truncated": int(total.sum()) - kept_sum,
        "padded": {"sequences": n, "slots": n * length, "efficiency": _ratio(kept_sum, n * length)},
        "packed": {"strategy": "best-fit decreasing", "sequences": sequences, "slots": sequences * length,
                   "efficiency": _ratio(kept_sum, sequences * length)},
        "trained_tokens": int(trained.sum()),
        "trained_share": _ratio(int(trained.sum()), kept_sum),
    }
    if n:
        per_example = np.divide(trained, kept, out=np.zeros(n, dtype=np.float64), where=kept > 0)
        p10, p50 = np.percentile(per_example, [10, 50])
        out["trained_share_per_example"] = {"median": round(float(p50), 4), "p10": round(float(p10), 4),
                                            "none": int((trained == 0).sum())}
    return out


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
