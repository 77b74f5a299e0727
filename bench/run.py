"""End-to-end benchmark: ftlint with every default check on generated chat datasets.

    python bench/run.py                       # 10k and 100k examples
    python bench/run.py --sizes 10000,100000,1000000 --jobs 2 --json bench/out/results.json

For each size it generates bench/data/chat-<n>.jsonl (once; bench/generate.py), then runs
one child process that lints it exactly as `ftlint FILE --output-format json` does, and
records the wall time of the whole child (interpreter start included), the time of each
stage (read+parse, validate+normalise, each feature, each check, render) and the peak RSS.
It prints a table and writes the figures as JSON. Peak RSS is the main process's; with
--jobs > 1 the largest worker's is shown beside it (a worker shares the main process's pages
copy-on-write, so the two do not simply add up).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(path: str, jobs: int) -> None:
    """Lint one file in this process; print the stage timings and peak RSS as JSON."""
    from ftlint.config import Settings
    from ftlint.engine import Engine
    from ftlint.render import render

    engine = Engine(Settings(jobs=jobs))
    report = engine.lint([path])
    started = time.perf_counter()
    text = render(report, "json")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.write(text)
    stages = dict(report.stats.get("timings_s", {}))
    stages["render json"] = round(time.perf_counter() - started, 4)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest --jobs worker
    print(json.dumps({"stages": stages, "peak_rss_mb": round(peak_kb / 1024, 1),
                      "worker_peak_rss_mb": round(worker_kb / 1024, 1), "findings": len(report.findings),
                      "verdict": report.readiness.verdict if report.readiness else None}))


def dataset(n: int) -> Path:
    from generate import write_dataset

    folder = HERE / "data"
    folder.mkdir(exist_ok=True)
    path = folder / f"chat-{n}.jsonl"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        write_dataset(str(path), n, seed=0, defects=0.03)
    return path


def measure(n: int, jobs: int) -> dict:
    path = dataset(n)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", str(path), "--jobs", str(jobs)],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"examples": n, "file_mb": round(path.stat().st_size / 1e6, 1), "wall_s": round(wall, 2), "jobs": jobs,
            **result}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def table(results: list[dict]) -> str:
    rows = [f"{'examples':>10} {'file MB':>8} {'wall s':>7} {'peak RSS MB':>12} {'worker RSS MB':>14} {'findings':>9}"]
    for r in results:
        rows.append(f"{r['examples']:>10,} {r['file_mb']:>8} {r['wall_s']:>7} {r['peak_rss_mb']:>12} "
                    f"{r['worker_peak_rss_mb']:>14} {r['findings']:>9,}")
    stage_names = sorted({k for r in results for k in r["stages"]}, key=lambda k: -results[-1]["stages"].get(k, 0))
    rows.append("")
    rows.append(f"{'stage (seconds)':<48}" + "".join(f"{r['examples']:>12,}" for r in results))
    for name in stage_names:
        values = [r["stages"].get(name) for r in results]
        if max(v or 0 for v in values) < 0.05:
            continue
        rows.append(f"{name[:48]:<48}" + "".join(f"{v if v is not None else '-':>12}" for v in values))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", dest="json_path", default=str(HERE / "out" / "results.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.jobs)
        return
    results = [measure(int(n), args.jobs) for n in args.sizes.split(",")]
    print(f"machine: {machine()}")
    print(table(results))
    out = Path(args.json_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
