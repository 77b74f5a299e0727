"""Benchmark the FT6xx leakage checks: a 100,000-example training file against a
1,000-example eval file (target: under 15 seconds on 2 cores).

    python bench/bench_leakage.py [--train 100000] [--eval 1000] [--data bench/data]

The training file is bench/data/chat-<n>.jsonl (bench/generate.py's `write_dataset`,
generated when missing). The eval file is written next to it: examples generated with
another seed, of which 4% are copied from training, 2% copied with a few characters
changed and 2% quote a long training answer inside a new question. Reading both files is
timed separately and not counted; FT601-FT605 then run from a cold feature cache (so the
training file's MinHash index and the streaming n-gram pass are included). Prints the
seconds per check, the total and what was found.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_example, write_dataset  # noqa: E402

from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.plugins import load_registry  # noqa: E402
from ftlint.view import RunSettings  # noqa: E402

CODES = ("FT601", "FT602", "FT603", "FT604", "FT605")


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(2):
        pos = rng.randrange(len(chars))
        chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def write_eval(train: Path, path: Path, n: int) -> int:
    """n eval examples, 8% planted leaks of the training file. Returns how many were planted."""
    rng = random.Random(7)
    lines = [ln for ln in train.read_text(encoding="utf-8").splitlines()[:50_000]]
    pool = []
    for ln in rng.sample(lines, min(len(lines), 4 * n)):
        try:
            pool.append(json.loads(ln))
        except ValueError:
            continue
    planted = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            roll = rng.random()
            if roll < 0.08 and pool:
                base = pool.pop()
                planted += 1
                if roll < 0.04:
                    record = base
                elif roll < 0.06:
                    record = {"messages": [dict(m, content=_mutate(m["content"], rng)) if m["role"] != "system"
                                           else m for m in base["messages"]]}
                else:
                    record = make_example(rng, 10_000_000 + i)
                    passage = base["messages"][2]["content"]
                    record["messages"][1]["content"] += f" Here is what I was told: {passage}"
            else:
                record = make_example(rng, 10_000_000 + i)
            fh.write(json.dumps(record) + "\n")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=int, default=100_000)
    parser.add_argument("--eval", type=int, default=1_000)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    train = args.data / f"chat-{args.train}.jsonl"
    if not train.exists():
        write_dataset(str(train), args.train)
    eval_path = args.data / f"leak-eval-{args.eval}.jsonl"
    planted = write_eval(train, eval_path, args.eval)
    started = time.perf_counter()
    run = RunSettings(jobs=args.jobs)
    view = load_view(str(train), "train", Settings(), run)
    view.eval = load_view(str(eval_path), "eval", Settings(), run)
    read = time.perf_counter() - started
    registry = load_registry()
    per_check, findings, headline = {}, {}, ""
    for code in CODES:
        check = registry[code]()
        started = time.perf_counter()
        problems = list(check.run(view))
        per_check[code] = time.perf_counter() - started
        findings[code] = len(problems)
        if code == "FT605" and problems:
            headline = problems[0].message.split(" (")[0]
    total = sum(per_check.values())
    split = ", ".join(f"{c} {s:.2f}s" for c, s in per_check.items())
    print(f"train {len(view.examples):,} x eval {len(view.eval.examples):,} examples ({planted} planted leaks): "
          f"read {read:.1f}s (not counted); leakage checks {total:.2f}s ({split})")
    print(f"findings {findings}; {headline}")


if __name__ == "__main__":
    main()
