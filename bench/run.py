"""End-to-end benchmark: ftlint with every default check, beside the cookbook recipe, per data shape.

    python bench/run.py                                   # every shape, 100k + 1k eval (long-context: 10k)
    python bench/run.py --shapes chat,labels --n 20000 --jobs 2 --json bench/out/results.json
    python bench/run.py --startup                         # a one-record file: start-up cost
    python bench/run.py --profile chat                    # ftlint's stages on one shape (in-process)
    python bench/run.py --break-even 500,2000,10000       # --jobs 1 against --jobs 2 by size

For each shape of `bench/shapes.py` it generates `bench/data/shape-<shape>-<n>.jsonl` and a
1,000-example eval file (once), then, one after the other on the same files:

- **ftlint**: `python -m ftlint TRAIN --eval EVAL --output-format json --jobs J` in a child
  process; wall time (interpreter start included) and CPU time (user+sys, workers included) of
  one run, then the peak memory of a second run: the largest sum over the process tree of each
  process's proportional set size (PSS, from /proc/PID/smaps_rollup, sampled every 50 ms), so
  pages a forked worker shares with the main process are counted once. (Sampling slows the run
  it watches: ~0.4 s of a 9 s run of two processes on two cores, less for the recipe's one.)
- **recipe**: `python bench/recipe.py TRAIN EVAL`, the OpenAI cookbook's data-preparation recipe
  (json.loads, its format checks, exact token counts with tiktoken, `o200k_base`, the same
  encoding as ftlint's default model): the wall time of the whole process, and the seconds of
  its work alone (vocabulary loading and interpreter start left out, which favours the recipe),
  then its peak memory in a second run, as for ftlint.

The ratio is ftlint's wall time over the recipe's; `ratio (work)` is over the recipe's work
alone. `--startup` times a one-record file (median of `--repeats`, default 5, with min and max),
beside `python -c pass`, `import ftlint.cli`, loading the default model's tokenizer vocabulary alone
(`quicktok` `llama3` for llama-3.1-8b-instruct: what a small input no longer waits for, since
`ftlint.small_bpe` counts it), and the same lint through `ftlint.cli.main`, which skips the entry point's background load
of the vocabulary (`ftlint.preload`); it prints the load average before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from shapes import SHAPES, write_pair  # noqa: E402

DATA = HERE / "data"
SIZES = {"long-context": 10_000}  # shapes benchmarked at another size than --n


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install has its bytecode compiled
    return env


def dataset(shape: str, n: int, n_eval: int = 1000) -> tuple[Path, Path]:
    DATA.mkdir(exist_ok=True)
    train, evals = DATA / f"shape-{shape}-{n}.jsonl", DATA / f"shape-{shape}-{n}.eval.jsonl"
    if not (train.exists() and evals.exists()):
        print(f"generating {train.name} ...", file=sys.stderr, flush=True)
        write_pair(shape, str(train), str(evals), n, n_eval)
    return train, evals


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def measure(command: list[str], sample: bool = True) -> dict:
    """Run `command`; wall seconds, CPU seconds (the process and its reaped children), peak PSS
    (`sample=False`: none, and no sampling to slow the run down)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    peak = [0]
    done = threading.Event()

    def sample_memory() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample_memory, daemon=True) if sample else None
    if sampler is not None:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    if sampler is not None:
        sampler.join()
    return {"wall_s": round(wall, 2), "peak_mb": round(peak[0] / 1024), "rc": proc.returncode,
            "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}


def cpu_of(fn):
    """`fn()`'s result with the CPU seconds of the child processes it waited for (workers included)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_s"] = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2)
    return result


def bench_shape(shape: str, n: int, jobs: int) -> dict:
    """ftlint and the recipe on one shape: each timed in a run of its own (ftlint, then the recipe),
    then each run again for its peak memory: sampling PSS takes CPU time and the memory lock of the
    process it reads, which would slow ftlint's two processes on two cores more than the recipe's one."""
    train, evals = dataset(shape, n)
    lint_command = [sys.executable, "-m", "ftlint", str(train), "--eval", str(evals), "--output-format", "json",
                    "--jobs", str(jobs)]
    recipe_command = [sys.executable, str(HERE / "recipe.py"), str(train), str(evals)]
    lint = cpu_of(lambda: measure(lint_command, sample=False))
    if lint["rc"] not in (0, 1):
        raise SystemExit(f"ftlint failed on {shape}: {lint['stderr'][-2000:]}")
    report = json.loads(lint["stdout"])
    recipe = cpu_of(lambda: measure(recipe_command, sample=False))
    if recipe["rc"] != 0:
        raise SystemExit(f"recipe failed on {shape}: {recipe['stderr'][-2000:]}")
    lint["peak_mb"] = measure(lint_command)["peak_mb"]
    recipe["peak_mb"] = measure(recipe_command)["peak_mb"]
    recipe_out = json.loads(recipe["stdout"].strip().splitlines()[-1])
    examples = sum(f["valid_examples"] for f in report["files"])
    return {
        "shape": shape, "examples": n, "file_mb": round(train.stat().st_size / 1e6, 1), "jobs": jobs,
        "ftlint_s": lint["wall_s"], "ftlint_cpu_s": lint["cpu_s"], "ftlint_peak_mb": lint["peak_mb"],
        "recipe_s": recipe["wall_s"], "recipe_work_s": recipe_out["seconds"], "recipe_cpu_s": recipe["cpu_s"],
        "recipe_peak_mb": recipe["peak_mb"],
        "ratio": round(lint["wall_s"] / recipe["wall_s"], 2),
        "ratio_work": round(lint["wall_s"] / max(recipe_out["seconds"], 1e-9), 2),
        "findings": len(report["findings"]), "valid_examples": examples,
        "verdict": report["readiness"]["verdict"] if report.get("readiness") else None,
    }


def _timed(command: list[str]) -> dict:
    """Wall and CPU seconds (user+sys of the child, three decimals) of one run of `command`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=child_env())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "rc": proc.returncode}


def startup(repeats: int = 5) -> dict:
    """Median wall and CPU seconds of each start-up command over `repeats` rounds (the commands take
    turns within a round, so a change in the machine's load touches all of them alike)."""
    from ftlint.targets import DEFAULT_MODEL, resolve_model

    encoding = resolve_model(None).encoding
    folder = Path(tempfile.mkdtemp(prefix="ftlint-startup-"))
    one = folder / "one.jsonl"
    one.write_text('{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}\n')
    lint = [sys.executable, "-m", "ftlint", str(one), "--output-format", "json"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import ftlint.cli": [sys.executable, "-c", "import ftlint.cli"],
        f"vocabulary alone (quicktok {encoding}, {DEFAULT_MODEL}'s)": [
            sys.executable, "-c", f"import quicktok; quicktok.get_encoding({encoding!r}).encode_ordinary('Hello!')"],
        "ftlint one.jsonl --output-format json": lint,
        "ftlint one.jsonl --output-format json --jobs 2": [*lint, "--jobs", "2"],
        "the same through ftlint.cli.main, without the vocabulary preload": [
            sys.executable, "-c", "import sys; from ftlint.cli import main; sys.exit(main(sys.argv[1:]))", *lint[3:]],
    }
    threads = [sys.executable, "-c", THREAD_CPU, *lint[3:]]
    _timed(lint)  # bytecode compiled, files in the page cache
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    split: list[dict] = []
    for _ in range(repeats):
        for name, command in commands.items():
            runs[name].append(_timed(command))
        proc = subprocess.run(threads, capture_output=True, text=True, env=child_env())
        split.append(json.loads(proc.stderr.strip().splitlines()[-1]))
    out = {name: {"wall_s": round(statistics.median(r["wall_s"] for r in rs), 3),
                  "cpu_s": round(statistics.median(r["cpu_s"] for r in rs), 3),
                  "wall_min_s": round(min(r["wall_s"] for r in rs), 3),
                  "wall_max_s": round(max(r["wall_s"] for r in rs), 3)} for name, rs in runs.items()}
    out["threads"] = {key: round(statistics.median(r[key] for r in split), 3) for key in ("main", "preload")}
    return out


# The lint of the entry point (ftlint.__main__.entry), reporting the CPU seconds of its two threads: the
# main thread (interpreter start, imports, the run) and the vocabulary load. quicktok's constructor holds
# the GIL for most of the load, so even with a core free for each the wall time nears their sum.
THREAD_CPU = """
import json, sys, time
import ftlint.preload as preload
cpu = {"preload": 0.0}
load = preload._guess_and_load
def timed(argv):
    load(argv)
    cpu["preload"] = time.thread_time()
preload._guess_and_load = timed
preload.start(sys.argv[1:])
from ftlint.cli import main
code = main(sys.argv[1:])
cpu["main"] = time.thread_time()
preload._thread.join()
print(json.dumps(cpu), file=sys.stderr)
sys.exit(code)
"""


def break_even(shape: str, sizes: list[int], repeats: int = 3) -> list[dict]:
    """Best-of-`repeats` wall time of --jobs 1 and --jobs 2 (given explicitly: workers forked at any
    size) per size: where workers start to pay (`ftlint.engine.PARALLEL_MIN_EXAMPLES`)."""
    out = []
    for n in sizes:
        train, evals = dataset(shape, n, n_eval=max(10, min(1000, n // 10)))
        best = {}
        for jobs in (1, 2):
            command = [sys.executable, "-m", "ftlint", str(train), "--eval", str(evals), "--output-format", "json",
                       "--jobs", str(jobs)]
            best[jobs] = min(measure(command)["wall_s"] for _ in range(repeats))
        out.append({"examples": n, "jobs1_s": best[1], "jobs2_s": best[2], "speedup": round(best[1] / best[2], 2)})
        print(f"  {n:>8,} examples: --jobs 1 {best[1]:6.2f}s  --jobs 2 {best[2]:6.2f}s  "
              f"speed-up {out[-1]['speedup']}", flush=True)
    return out


def profile(shape: str, n: int, jobs: int) -> None:
    """ftlint's stages on one shape, in this process: own seconds of each feature and check."""
    from ftlint.config import Settings
    from ftlint.engine import Engine

    train, evals = dataset(shape, n)
    started = time.perf_counter()
    report = Engine(Settings(jobs=jobs)).lint([str(train)], str(evals))
    wall = time.perf_counter() - started
    stages = report.stats.get("timings_s", {})
    print(f"{shape} {n:,} examples, --jobs {jobs}: {wall:.1f}s wall in the engine; stage seconds "
          "(features computed by a worker count in full; seconds of work, not of wall time):")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.05:
            print(f"  {seconds:8.2f}  {name}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f}"


def table(results: list[dict]) -> str:
    head = (f"| {'shape':<13} | {'examples':>8} | {'MB':>6} | {'ftlint s':>8} | {'CPU s':>6} | {'peak MB':>7} "
            f"| {'recipe s':>8} | {'recipe MB':>9} | {'ratio':>5} | {'ratio (work)':>12} |")
    rows = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for r in results:
        rows.append(f"| {r['shape']:<13} | {r['examples']:>8,} | {r['file_mb']:>6} | {r['ftlint_s']:>8} "
                    f"| {r['ftlint_cpu_s']:>6} | {r['ftlint_peak_mb']:>7} | {r['recipe_s']:>8} | {r.get('recipe_peak_mb', ''):>9} "
                    f"| {r['ratio']:>5} "
                    f"| {r['ratio_work']:>12} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", dest="json_path", default=str(HERE / "out" / "results.json"))
    parser.add_argument("--startup", action="store_true")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of --startup (median)")
    parser.add_argument("--profile", metavar="SHAPE")
    parser.add_argument("--break-even", dest="break_even", metavar="SIZES",
                        help="comma-separated sizes: --jobs 1 against --jobs 2 on the chat shape")
    args = parser.parse_args()
    if args.break_even:
        print(f"machine: {machine()}")
        break_even("chat", [int(n) for n in args.break_even.split(",")])
        return
    if args.profile:
        profile(args.profile, SIZES.get(args.profile, args.n), args.jobs)
        return
    print(f"machine: {machine()}")
    if args.startup:
        print(f"median of {args.repeats} (min-max wall):")
        results = startup(args.repeats)
        threads = results.pop("threads")
        for name, r in results.items():
            print(f"  {r['wall_s']:6.3f}s wall ({r['wall_min_s']:.3f}-{r['wall_max_s']:.3f}) "
                  f"{r['cpu_s']:6.3f}s CPU  {name}")
        print(f"  CPU seconds of the lint's threads: main {threads['main']:.3f}s (interpreter, imports, run), "
              f"vocabulary preload {threads['preload']:.3f}s" + (
                  " (none: a small input is counted by ftlint.small_bpe)" if threads["preload"] < 0.005 else
                  " (quicktok's constructor holds the GIL: the two threads mostly run one after the other)"))
        print(f"after: load average {os.getloadavg()[0]:.1f}")
        return
    results = []
    for shape in args.shapes.split(","):
        results.append(bench_shape(shape, SIZES.get(shape, args.n), args.jobs))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    print(table(results))
    out = Path(args.json_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
