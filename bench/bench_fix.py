"""Benchmark `ftlint fix` on a generated dataset (target: 100,000 examples in under 30 s on 2 cores).

    python bench/bench_fix.py [--n 100000] [--seed 0] [--defects 0.03] [--jobs 2] [--keep DIR]

Generates the dataset with bench/generate.py (not timed), then times one `fix_file` run with
every default repair, the rejects file included, and checks that kept + rejected lines add up.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_dataset  # noqa: E402

from ftlint.config import Settings  # noqa: E402
from ftlint.fixing import DEFAULT_REPAIRS, fix_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--defects", type=float, default=0.03)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="write the files here and keep them")
    args = parser.parse_args()

    folder = args.keep or tempfile.mkdtemp(prefix="ftlint-bench-fix-")
    os.makedirs(folder, exist_ok=True)
    src, out, rej = (os.path.join(folder, name) for name in ("in.jsonl", "out.jsonl", "rejects.jsonl"))
    started = time.perf_counter()
    write_dataset(src, args.n, seed=args.seed, defects=args.defects)
    print(f"generated {args.n:,} examples ({os.path.getsize(src) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)

    stages: list[tuple[str, float]] = []
    started = time.perf_counter()
    summary = fix_file(src, out, rej, repairs=DEFAULT_REPAIRS, settings=Settings(), jobs=args.jobs,
                       stage=lambda name: stages.append((name, time.perf_counter())))
    elapsed = time.perf_counter() - started

    marks = [*stages, ("end", started + elapsed)]
    for (name, t0), (_, t1) in zip(marks, marks[1:]):
        print(f"  {name:<40} {t1 - t0:6.2f} s", file=sys.stderr)
    removed = sum(summary.removed.values())
    assert summary.kept + removed == summary.lines_in == args.n, "lines do not add up"
    print(f"ftlint fix: {args.n:,} lines in {elapsed:.2f} s (jobs={args.jobs}); kept {summary.kept:,}, "
          f"removed {removed:,} {dict(summary.removed)}, changed {summary.changed_lines:,} {dict(summary.changed)}")
    if not args.keep:
        for path in (src, out, rej):
            os.unlink(path)
        os.rmdir(folder)
    return 0 if elapsed < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
