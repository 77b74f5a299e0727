"""Benchmark the content checks: sensitive content (FT8xx) and knowledge stuffing (FT7xx).

    python bench/bench_content.py [--examples 100000] [--file data.jsonl] [--repeat 2]

Reading and validation are done first and not timed. Timed, each on a fresh view: the
`sensitive_content` feature (every turn scanned once; what FT801-FT805 share) and the
`knowledge_signals` feature (what FT701/FT702 share), then the checks themselves on the
warm view. The best of `--repeat` runs is reported (the machine may be busy).
A generated file is the realistic support-chat data of bench/generate.py, with a few
planted secrets and personal data so the number patterns have work to do.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_lines  # noqa: E402

from ftlint.checks.knowledge_stuffing import KnowledgeStuffing  # noqa: E402
from ftlint.checks.secret_in_text import SecretInText  # noqa: E402
from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.features.knowledge import knowledge_signals  # noqa: E402
from ftlint.features.secrets import sensitive_content  # noqa: E402
from ftlint.view import RunSettings  # noqa: E402

PLANTS = [" Card 4539 1488 0343 6467 on file.", " Reach me at jane.doe@gmail.com or +1 415-555-0132.",
          " Key sk-proj-Ab3dEf9hIjKlMn0pQrStUvWx12Yz in config.", " Order 2024-03-15, ref 88213, total $1,299.00."]


def write_file(path: str, n: int) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as fh:
        for line in generate_lines(n, seed=0):
            if rng.random() < 0.05:
                try:
                    record = json.loads(line)
                    record["messages"][1]["content"] += rng.choice(PLANTS)
                    line = json.dumps(record)
                except (ValueError, KeyError, IndexError, TypeError):
                    pass
            fh.write(line + "\n")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--file", help="Use this JSONL file instead of generating one.")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    path = args.file
    if path is None:
        path = tempfile.mktemp(suffix=".jsonl")
        write_file(path, args.examples)
    view = load_view(path, "train", Settings(), RunSettings())
    chars = sum(len(t.text) + len(t.extra_text) for ex in view.examples for t in ex.turns)
    print(f"{len(view.examples)} examples, {chars / 1e6:.1f} M characters of turn text")
    for name, feature in (("sensitive_content", sensitive_content), ("knowledge_signals", knowledge_signals)):
        seconds = best(lambda: feature(view), args.repeat)  # the feature function itself, uncached
        print(f"{name:20s} {seconds:7.2f} s  ({len(view.examples) / seconds:,.0f} examples/s)")
    found = view.feature(sensitive_content)
    print("sensitive occurrences:", {family: len(items) for family, items in found.items()})
    for cls in (SecretInText, KnowledgeStuffing):
        started = time.perf_counter()
        problems = list(cls().run(view))
        print(f"{cls.code} on the warm view: {time.perf_counter() - started:.3f} s, {len(problems)} finding(s)")


if __name__ == "__main__":
    main()
