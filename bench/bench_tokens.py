"""Benchmark the token-counting stage: tokens/s and examples/s on a generated chat file.

    python bench/bench_tokens.py [--examples 100000] [--jobs 2] [--model gpt-4o-mini]
                                 [--backend quicktok|tiktoken|both] [--file data.jsonl]
    python bench/bench_tokens.py --compare-template [--examples 100000] [--jobs 2]

`--compare-template` times the same examples twice: with OpenAI's formula on the llama3
vocabulary (the token stage before chat templates: what `--model llama-3-8b` counted) and
rendered through the built-in `llama-3.1-8b-instruct` and `qwen2.5-7b-instruct` templates
(`ftlint.templated`: plain conversations framed and counted piece by piece, the others rendered
and tokenized with special tokens under the loss mask), and prints the ratio (issue 18: within 2x).

Reading and validation are done first and not timed; the timed stage is
`ftlint.features.tokens.count_examples` (gathering every turn's texts, one batched count,
the per-example arithmetic), i.e. what `example_tokens(view)` costs in a run. Each
backend is timed `--repeat` times; the best run is reported (the machine may be busy).
`--compare-template` reports medians of `--repeat` interleaved rounds and the load average.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ftlint.config import Settings  # noqa: E402
from ftlint.engine import load_view  # noqa: E402
from ftlint.features.tokens import count_examples  # noqa: E402
from ftlint.targets import resolve_model  # noqa: E402
from ftlint.tokens import get_tokenizer  # noqa: E402
from ftlint.view import RunSettings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--backend", choices=["quicktok", "tiktoken", "both"], default="quicktok")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file", help="Use this JSONL file instead of generating one.")
    parser.add_argument("--compare-template", action="store_true",
                        help="Time the templated count against OpenAI's formula on the same examples.")
    args = parser.parse_args()

    path, scratch = args.file, None
    if path is None:
        from generate import write_dataset

        scratch = tempfile.mkdtemp(prefix="ftlint-bench-")
        path = os.path.join(scratch, f"chat-{args.examples}.jsonl")
        started = time.perf_counter()
        write_dataset(path, args.examples, seed=0, defects=0.03)
        print(f"generated {path} ({os.path.getsize(path) / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    view = load_view(path, "train", Settings(), RunSettings(model=args.model, jobs=args.jobs))
    print(f"read+validated {len(view.examples):,} examples in {time.perf_counter() - started:.1f}s (not timed below)")
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)

    if args.compare_template:
        compare_template(view.examples, args.jobs, args.repeat)
        return
    model = resolve_model(args.model)
    backends = ["quicktok", "tiktoken"] if args.backend == "both" else [args.backend]
    for backend in backends:
        get_tokenizer(model.encoding, backend).count_batch(["warm up"], 1)  # load outside the timing
        best, counts = float("inf"), None
        for _ in range(args.repeat):
            started = time.perf_counter()
            counts = count_examples(view.examples, model, threads=args.jobs, backend=backend)
            best = min(best, time.perf_counter() - started)
        tokens = int(counts.total.sum())
        print(f"{backend:>8} {model.encoding} jobs={args.jobs}: {len(view.examples):,} examples, {tokens:,} tokens "
              f"in {best:.2f}s (best of {args.repeat}) = {tokens / best / 1e6:.2f}M tokens/s, "
              f"{len(view.examples) / best:,.0f} examples/s")


def _load() -> str:
    try:
        return "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "load average unknown"


def compare_template(examples, jobs: int, repeat: int) -> None:
    """Median times of the formula and the templates, their runs interleaved (formula, llama, qwen,
    formula, ...) so a busy spell of the machine hits all of them alike."""
    from statistics import median

    from ftlint.templated import trainer_setup

    # llama3 vocabulary counted with OpenAI's formula: the token stage before chat templates
    formula = resolve_model("llama-3-8b").model_copy(update={"chat_template": None})
    get_tokenizer(formula.encoding, "quicktok").count_batch(["warm up"], 1)
    runs = {"formula": lambda: count_examples(examples, formula, threads=jobs, backend="quicktok")}
    for name in ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct"):
        model = resolve_model(name)
        setup = trainer_setup(model)
        count_examples(examples[:10], model, threads=jobs, setup=setup)  # load outside the timing
        runs[name] = (lambda model, setup: lambda: count_examples(examples, model, threads=jobs, setup=setup))(model, setup)
    times: dict = {name: [] for name in runs}
    counts: dict = {}
    print(f"before: {_load()}")
    for _ in range(repeat):
        for name, fn in runs.items():
            started = time.perf_counter()
            counts[name] = fn()
            times[name].append(time.perf_counter() - started)
    print(f"after:  {_load()} ({os.cpu_count()} CPUs)")
    base = median(times["formula"])
    print(f"formula  llama3 jobs={jobs}: {len(examples):,} examples, {int(counts['formula'].total.sum()):,} tokens "
          f"in {base:.2f}s (median of {repeat}; min {min(times['formula']):.2f}s)")
    for name in runs:
        if name == "formula":
            continue
        took = median(times[name])
        ratios = sorted(t / b for t, b in zip(times[name], times["formula"]))
        print(f"template {name} jobs={jobs}: {int(counts[name].total.sum()):,} tokens, "
              f"{int(counts[name].target.sum()):,} trained, in {took:.2f}s (median; min {min(times[name]):.2f}s) "
              f"= {took / base:.2f}x the formula's time (per-round ratios {ratios[0]:.2f}-{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()
