"""Benchmark long-context data: a 10,000-example training file of which dozens of examples are
long documents (~400 KB of text each), with an eval file; all default checks and `ftlint fix`.

    python bench/bench_long_texts.py [--examples 10000] [--long 43] [--kb 420] [--data bench/data]
                                     [--jobs 2] [--timeout 600]

Long examples are document QA: a document of words drawn from a 20,000-word Zipf vocabulary
(contracts, transcripts, RAG context), a question, an answer. Planted in training: 6 pairs of long
near duplicates (the second copy with 25 scattered word edits), 2 exact copies of long examples,
4 documents each asked 6 different questions (question before the document, answer after: the
shape that made each comparison cost O(length^2)), and 40 short near duplicates (a few words
changed). The eval file (200 examples) holds 12 exact copies of training examples (4 long), 12
near copies (4 long, 25 edits), 8 eval questions quoting a long training answer whole (embedded),
and fresh examples.

Runs `ftlint check TRAIN --eval EVAL` (every default check), then `ftlint fix` three ways (default
repairs with the eval file; `--select ALL`, near duplicates dropped too; both) as subprocesses, each
timed in wall-clock and CPU seconds (target: under 30 s wall each on an idle 2-core machine; on a
loaded one CPU seconds are the figure to read), and reports the recall on the planted cases: a
near-duplicate pair is found when FT302 puts both lines in one finding; a leak is found when
FT601, FT603 or FT604 names the planted training line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

VOCABULARY_SIZE = 20_000


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(VOCABULARY_SIZE)})
    return words, [1.0 / (r + 10) for r in range(len(words))]


def _text(rng, vocab, n_words: int) -> str:
    words, weights = vocab
    out, chosen = [], rng.choices(words, weights, k=n_words)
    for i in range(0, n_words, 15):
        out.append(" ".join(chosen[i:i + 15]).capitalize() + ".")
    return " ".join(out)


def _edit(text: str, rng: random.Random, edits: int) -> str:
    words = text.split(" ")
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(["alpha", "omega", "delta", "sigma", "kappa"])
    return " ".join(words)


def _example(question: str, answer: str, document: str = "") -> dict:
    user = f"{document}\n\nQuestion: {question}" if document else question
    return {"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]}


def write_files(folder: Path, n: int, n_long: int, kb: int, seed: int = 11) -> tuple[Path, Path, dict]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    long_words = kb * 1000 // 7  # ~7 bytes per word with its space
    train: list[dict] = [_example(_text(rng, vocab, rng.randint(8, 30)), _text(rng, vocab, rng.randint(20, 200)))
                         for _ in range(n)]
    long_at = sorted(rng.sample(range(n), n_long))
    for i in long_at:
        train[i] = _example(_text(rng, vocab, 12), _text(rng, vocab, 60), _text(rng, vocab, long_words))
    planted = {"near_pairs": [], "leaks": []}
    # long near duplicates: the second of each pair is an edited copy of the first
    for a, b in zip(long_at[0:12:2], long_at[1:12:2]):
        doc = train[a]["messages"][0]["content"]
        train[b] = {"messages": [{"role": "user", "content": _edit(doc, rng, 25)}, train[a]["messages"][1]]}
        planted["near_pairs"].append([a + 1, b + 1])
    for a, b in zip(long_at[12:14], long_at[14:16]):  # exact copies of long examples
        train[b] = json.loads(json.dumps(train[a]))
    for group in range(4):  # one document, six questions
        doc = train[long_at[16 + 6 * group]]["messages"][0]["content"]
        for i in long_at[16 + 6 * group:22 + 6 * group]:
            question = _text(rng, vocab, 12)
            train[i] = {"messages": [{"role": "user", "content": f"Question: {question}\n\n{doc}"},
                                     {"role": "assistant", "content": _text(rng, vocab, 40)}]}
    short = [i for i in range(n) if i not in set(long_at)]
    for a, b in zip(short[0:80:2], short[1:80:2]):  # short near duplicates
        q, ans = train[a]["messages"][0]["content"], train[a]["messages"][1]["content"]
        train[b] = _example(q, _edit(ans, rng, 1 + len(ans.split()) // 60))
        planted["near_pairs"].append([a + 1, b + 1])
    evals: list[dict] = [_example(_text(rng, vocab, rng.randint(8, 30)), _text(rng, vocab, rng.randint(20, 200)))
                         for _ in range(200)]
    leak_sources = long_at[0:12:2] + long_at[40:42] + rng.sample(short[100:], 16)  # 8 long, 16 short
    for k, t in enumerate(leak_sources):
        slot, record = 8 * k, train[t]
        if k % 2 == 0:  # exact copy
            evals[slot] = json.loads(json.dumps(record))
        else:  # near copy
            user, answer = record["messages"][0]["content"], record["messages"][1]["content"]
            edits = 25 if len(user) > 10_000 else 1
            evals[slot] = _example(_edit(user, rng, edits) if edits > 1 else user, _edit(answer, rng, edits))
        planted["leaks"].append([slot + 1, t + 1, "exact" if k % 2 == 0 else "near"])
    long_answers = [i for i in short[100:] if len(train[i]["messages"][1]["content"].split()) >= 120]
    for k, t in enumerate(rng.sample([i for i in long_answers if i not in leak_sources], 8)):
        slot = 8 * k + 5
        quoted = train[t]["messages"][1]["content"]
        evals[slot] = _example(f"Summarise this reply in one sentence: {quoted}", "It answers the question.")
        planted["leaks"].append([slot + 1, t + 1, "embedded"])
    folder.mkdir(parents=True, exist_ok=True)
    train_path, eval_path = folder / f"long-{n}-{n_long}x{kb}k.jsonl", folder / f"long-{n}-{n_long}x{kb}k-eval.jsonl"
    for path, records in ((train_path, train), (eval_path, evals)):
        with open(path, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return train_path, eval_path, planted


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], timeout: float) -> tuple[str, subprocess.CompletedProcess | None]:
    """Wall and CPU seconds of one ftlint command (CPU counts on a loaded machine, wall on an idle one)."""
    started, cpu = time.perf_counter(), _cpu()
    try:
        done = subprocess.run([sys.executable, "-m", "ftlint", *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        done = None
    return f"{time.perf_counter() - started:.1f}s wall, {_cpu() - cpu:.1f}s CPU", done


def recall(report: dict, planted: dict, train_name: str) -> dict:
    near_found = 0
    groups = [set(f["data"]["lines"]) for f in report["findings"] if f["code"] == "FT302"]
    for a, b in planted["near_pairs"]:
        near_found += any(a in g and b in g for g in groups)
    leaks: dict[int, set[int]] = {}
    for f in report["findings"]:
        if f["code"] in ("FT601", "FT603", "FT604"):
            leaks.setdefault(f["line"], set()).update(r["line"] for r in f["related"] if r["file"].endswith(train_name))
    by_kind: dict[str, list[int]] = {}
    for e, t, kind in planted["leaks"]:
        by_kind.setdefault(kind, []).append(int(t in leaks.get(e, ())))
    return {"near_duplicates": (near_found, len(planted["near_pairs"])),
            **{f"leaks_{k}": (sum(v), len(v)) for k, v in by_kind.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--long", type=int, default=43)
    parser.add_argument("--kb", type=int, default=420)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    train, eval_, planted = write_files(args.data, args.examples, args.long, args.kb)
    print(f"{train} ({train.stat().st_size / 1e6:.0f} MB), {eval_}", flush=True)
    report_path = args.data / "long-report.json"
    seconds, done = _run(["check", str(train), "--eval", str(eval_), "--output-format", "json", "-o", str(report_path),
                          "--jobs", str(args.jobs), "--exit-zero"], args.timeout)
    if done is None or done.returncode != 0:
        print(f"check: did not finish in {args.timeout:.0f}s" if done is None else f"check failed: {done.stderr[-2000:]}")
    else:
        report = json.loads(report_path.read_text())
        found = recall(report, planted, train.name)
        total = [sum(v[0] for v in found.values()), sum(v[1] for v in found.values())]
        print(f"check (all default checks): {seconds}; recall "
              + ", ".join(f"{k} {a}/{b}" for k, (a, b) in found.items()) + f"; overall {total[0] / total[1]:.1%}")
    out = args.data / "long-fixed.jsonl"
    for label, extra in (("fix --eval (default repairs)", ["--eval", str(eval_)]),
                         ("fix --select ALL (near duplicates too)", ["--select", "ALL"]),
                         ("fix --eval --select ALL (leaks too)", ["--eval", str(eval_), "--select", "ALL"])):
        seconds, done = _run(["fix", str(train), "-o", str(out), "--jobs", str(args.jobs), *extra], args.timeout)
        if done is None:
            print(f"{label}: did not finish in {args.timeout:.0f}s")
        else:
            tail = done.stderr.strip().splitlines()[-1:] if done.returncode else []
            print(f"{label}: {seconds} (exit {done.returncode}) {' '.join(tail)}".rstrip())

if __name__ == "__main__":
    main()
