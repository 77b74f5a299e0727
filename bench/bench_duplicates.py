"""Benchmark the FT3xx duplicate checks at 100,000 and 1,000,000 examples.

    python bench/bench_duplicates.py [--sizes 100000 1000000] [--data bench/data]

Each size uses bench/data/chat-<n>.jsonl, generated with bench/generate.py's
`write_dataset(path, n)` when missing (one shared system prompt, ~1.5 KB per example, ~3%
planted defects including exact and near duplicates). Reading and validating the file is
timed separately and not counted; then FT301-FT304 run from a cold feature cache (text
normalisation, MinHash signatures, LSH and rapidfuzz confirmation included). Prints the
seconds per check, the total, the findings, and the growth factor between sizes (10x
more examples taking ~10x the time is linear).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_dataset  # noqa: E402

from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.plugins import load_registry  # noqa: E402
from ftlint.view import RunSettings  # noqa: E402

CODES = ("FT301", "FT302", "FT303", "FT304")


def dataset(folder: Path, n: int) -> Path:
    path = folder / f"chat-{n}.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_dataset(str(path), n)
        print(f"generated {path} in {time.perf_counter() - started:.1f}s", flush=True)
    return path


def bench(path: Path, jobs: int) -> dict:
    started = time.perf_counter()
    view = load_view(str(path), "train", Settings(), RunSettings(jobs=jobs))
    read = time.perf_counter() - started
    registry = load_registry()
    per_check, findings = {}, {}
    for code in CODES:
        check = registry[code]()
        started = time.perf_counter()
        findings[code] = sum(1 for _ in check.run(view))
        per_check[code] = time.perf_counter() - started
    return {"examples": len(view.examples), "read_s": read, "checks_s": per_check,
            "total_s": sum(per_check.values()), "findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        r = bench(dataset(args.data, n), args.jobs)
        results.append(r)
        split = ", ".join(f"{c} {s:.2f}s" for c, s in r["checks_s"].items())
        print(f"{r['examples']:>9,} examples: read {r['read_s']:.1f}s (not counted); duplicate checks "
              f"{r['total_s']:.2f}s ({split}); findings {r['findings']}", flush=True)
    for a, b in zip(results, results[1:]):
        print(f"{a['examples']:,} -> {b['examples']:,} examples ({b['examples'] / a['examples']:.1f}x): "
              f"time {b['total_s'] / a['total_s']:.1f}x")


if __name__ == "__main__":
    main()
