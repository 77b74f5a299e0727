"""Benchmark the FT5xx consistency checks: what they add to a run, on 100,000 examples.

    python bench/bench_consistency.py [--examples 100000] [--repeat 3] [--file data.jsonl]

Reads a generated chat file (bench/generate.py: prose support answers, one system
prompt, ~3% planted defects) once, not timed. Then, for three answer styles built from the
same examples -- the file's prose answers, JSON-object answers (3% missing a key) and
class labels (a few variants and a rare label) -- it times every registered FT5xx check
from a cold feature cache (so the shared answer features are included), reports the best
of `--repeat` runs, the per-check split of the best run, and the number of findings.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.plugins import load_registry  # noqa: E402
from ftlint.view import DatasetView, RunSettings  # noqa: E402


def with_answers(view: DatasetView, make) -> DatasetView:
    """A copy of `view` whose final answers are `make(rng, i)`."""
    rng = random.Random(1)
    examples = []
    for i, ex in enumerate(view.examples):
        end = ex.final_target_index
        if end >= 0:
            turns = list(ex.turns)
            turns[end] = dataclasses.replace(turns[end], text=make(rng, i))
            ex = dataclasses.replace(ex, turns=tuple(turns))
        examples.append(ex)
    return dataclasses.replace(view, examples=examples, _cache={})


def json_answer(rng: random.Random, i: int) -> str:
    answer = {"order_id": f"A{i:07d}", "intent": rng.choice(["refund", "tracking", "billing"]),
              "priority": rng.randint(1, 4), "summary": "customer asks about a delayed parcel"}
    if rng.random() < 0.03:
        del answer[rng.choice(list(answer))]
    return json.dumps(answer)


def label_answer(rng: random.Random, i: int) -> str:
    roll = rng.random()
    if roll < 0.002:
        return "Refund "
    if roll < 0.0021:
        return "fraud"
    return ("refund", "tracking", "billing", "other")[i % 4]


def time_checks(view: DatasetView, checks, repeat: int):
    best_total, best_split, findings = float("inf"), {}, {}
    for _ in range(repeat):
        view._cache.clear()
        split, count = {}, {}
        started = time.perf_counter()
        for cls in checks:
            t0 = time.perf_counter()
            count[cls.code] = sum(1 for _ in cls().run(view))
            split[cls.code] = time.perf_counter() - t0
        total = time.perf_counter() - started
        if total < best_total:
            best_total, best_split, findings = total, split, count
    return best_total, best_split, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", help="Use this JSONL file instead of generating one.")
    args = parser.parse_args()

    path = args.file
    if path is None:
        from generate import write_dataset

        path = os.path.join(tempfile.mkdtemp(prefix="ftlint-bench-"), f"chat-{args.examples}.jsonl")
        write_dataset(path, args.examples, seed=0, defects=0.03)
    started = time.perf_counter()
    view = load_view(path, "train", Settings(), RunSettings())
    print(f"read+validated {len(view.examples):,} examples from {path} in {time.perf_counter() - started:.1f}s "
          f"(not timed below)")
    checks = [cls for code, cls in load_registry().items() if code.startswith("FT5")]
    for name, v in (("prose", view), ("json", with_answers(view, json_answer)), ("labels", with_answers(view, label_answer))):
        total, split, findings = time_checks(v, checks, args.repeat)
        slowest = ", ".join(f"{c} {t:.2f}s" for c, t in sorted(split.items(), key=lambda kv: -kv[1])[:4])
        print(f"{name:>6}: {len(checks)} FT5xx checks on {len(v.examples):,} examples in {total:.2f}s "
              f"(best of {args.repeat}); slowest: {slowest}")
        print(f"{'':>8}findings: " + (", ".join(f"{c} {n:,}" for c, n in findings.items() if n) or "none"))


if __name__ == "__main__":
    main()
