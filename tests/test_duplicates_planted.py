"""Done-when for near duplicates: 10,000 chat examples with planted exact and near copies
(a few characters changed in every message): recall of planted pairs >= 95%, fewer than
1% of reported pairs false, and a templated file gives no near-duplicate finding."""
from __future__ import annotations

import itertools
import random

from ftlint.checks.exact_duplicates import ExactDuplicates
from ftlint.checks.near_duplicates import NearDuplicates
from conftest import run_check
from test_duplicates_data import chat_record, near_copy, shout, vocabulary


def _planted(n: int, seed: int, system: str | None = None, lo: int = 6, hi: int = 40):
    """n records; 3% are exact copies and 3% near copies of distinct earlier originals."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 4000)
    records: list[dict] = []
    planted: set[tuple[int, int]] = set()
    used: set[int] = set()
    while len(records) < n:
        roll = rng.random()
        if roll < 0.06 and len(records) > 100:
            base = rng.randrange(len(records))
            if base in used:
                continue
            used.update((base, len(records)))  # originals and copies are never reused
            copy = shout(records[base]) if roll < 0.03 else near_copy(records[base], rng, changes=rng.randint(1, 3))
            planted.add((base + 1, len(records) + 1))  # 1-based lines
            records.append(copy)
        else:
            records.append(chat_record(rng, vocab, system, lo, hi))
    return records, planted


def _reported_pairs(problems) -> set[tuple[int, int]]:
    return {pair for p in problems for pair in itertools.combinations(sorted(p.data["lines"]), 2)}


def test_planted_duplicates_recall_and_precision(make_view):
    records, planted = _planted(10_000, seed=11)
    view = make_view(records)
    reported = _reported_pairs(run_check(ExactDuplicates, view)) | _reported_pairs(run_check(NearDuplicates, view))
    recall = len(planted & reported) / len(planted)
    false = len(reported - planted) / max(1, len(reported))
    assert len(planted) > 500
    assert recall >= 0.95, f"recall {recall:.3f}"
    assert false < 0.01, f"false pairs {false:.3%}"


def test_templated_file_has_no_near_duplicates(make_view):
    system = ("You are a meticulous assistant for a logistics company. Follow the style guide: short sentences, "
              "no jargon, always state the next step for the customer, and never reveal internal ticket notes. ") * 3
    header = "Task: answer the customer message below using the knowledge base. Customer message: "
    rng = random.Random(12)
    vocab = vocabulary(rng, 4000)
    records = []
    for _ in range(3000):
        rec = chat_record(rng, vocab, system, 5, 25)
        rec["messages"][1]["content"] = header + rec["messages"][1]["content"]
        records.append(rec)
    assert run_check(NearDuplicates, make_view(records)) == []
