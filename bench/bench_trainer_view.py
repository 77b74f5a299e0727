"""Benchmark what the trainer-view checks and statistics add after token counting.

    python bench/bench_trainer_view.py [--examples 100000] [--model llama-3.1-8b-instruct] [--max-seq-length 2048]

Generates chat examples (bench/generate.py), counts them once (`example_tokens`, not timed: see
bench_tokens.py --compare-template), then times FT405-FT409 and `ftlint.trainer_view.trainer_stats`
(stats.packing and the longest/shortest example rendered again for the report). Best of --repeat.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.features.tokens import example_tokens  # noqa: E402
from ftlint.plugins import load_registry  # noqa: E402
from ftlint.trainer_view import trainer_stats  # noqa: E402
from ftlint.view import RunSettings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--model", default="llama-3.1-8b-instruct")
    parser.add_argument("--max-seq-length", type=int, default=2048)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from generate import write_dataset

    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(str(Path(tmp) / "data.jsonl"), args.examples, defects=0.0)
        run = RunSettings(model=args.model, jobs=2, max_seq_length=args.max_seq_length)
        view = load_view(path, "train", Settings(model=args.model), run)
        started = time.perf_counter()
        counts = view.feature(example_tokens)
        counting = time.perf_counter() - started
        registry = load_registry()
        checks = [registry[c]() for c in ("FT405", "FT406", "FT407", "FT408", "FT409")]
        best_checks = best_stats = float("inf")
        for _ in range(args.repeat):
            view._cache = {k: v for k, v in view._cache.items() if k is example_tokens or getattr(k, "__name__", "") == "token_model"}
            started = time.perf_counter()
            found = sum(len(list(c.run(view))) for c in checks)
            best_checks = min(best_checks, time.perf_counter() - started)
            started = time.perf_counter()
            trainer_stats([view])
            best_stats = min(best_stats, time.perf_counter() - started)
    print(f"{len(view.examples):,} examples, {int(counts.total.sum()):,} tokens ({args.model}, max_seq_length "
          f"{args.max_seq_length:,}): counting {counting:.2f} s; FT405-FT409 {best_checks:.3f} s ({found:,} findings); "
          f"trainer_stats {best_stats:.3f} s")


if __name__ == "__main__":
    main()
