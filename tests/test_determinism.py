"""Same input, same bytes: the JSON report does not depend on the run, the hash seed, or --jobs.

Runs happen in child processes with different PYTHONHASHSEED values, so any result that leaks
set or dict-of-hash iteration order (duplicate groups, related lines, label lists) shows up as a
byte difference. Every registered check is enabled, so checks added later are held to this too.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import chat, write_jsonl
from ftlint.render import RENDERERS
from ftlint_subprocess import child_env, ftlint_command


def build_dataset(folder: Path) -> tuple[Path, Path]:
    """A training file with many kinds of defect (so many checks report, with groups and related
    lines), and an eval file that leaks some of it."""
    rng = random.Random(1234)
    labels = ["positive", "negative", "neutral", "Positive", "mixed"]
    systems = ["You are a helpful assistant.", "You are a helpful assistant", "You classify sentiment.", None]
    rows: list = []
    for i in range(260):
        kind = i % 13
        system = systems[rng.randrange(len(systems))]
        if kind == 0:
            rows.append(chat(f"Review {i}: the food was fine", labels[rng.randrange(len(labels))], system=system))
        elif kind == 1:
            rows.append(chat(f"Return JSON for order {i}", json.dumps({"id": i, "ok": i % 2 == 0}), system=system))
        elif kind == 2:
            rows.append(chat("What is the capital of France?", rng.choice(["Paris.", "Paris", "It is Paris."])))
        elif kind == 3:
            rows.append(chat(f"Contact me at user{i}@example.com, key sk-proj-{'Ab3' * 16}", "Noted. "))
        elif kind == 4:
            rows.append({"prompt": f"Translate {i}", "completion": f"Traduire {i}"})
        elif kind == 5:
            rows.append("{broken json " + str(i))
        elif kind == 6:
            rows.append(chat(f"Summarise report {i} " + "detail " * rng.randrange(1, 200), "A summary"))
        else:
            rows.append(chat(f"Question {i % 40} about shipping", f"Answer about shipping {i % 7}", system=system))
    rows += rows[10:30]  # exact duplicates, each with a related first copy
    train = write_jsonl(folder / "train.jsonl", rows)
    leaked = [r for r in rows[:200] if isinstance(r, dict)][::9]
    evals = write_jsonl(folder / "eval.jsonl", leaked + [chat(f"Fresh eval question {i}", "Fresh answer") for i in range(40)])
    return train, evals


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, Path]:
    return build_dataset(tmp_path_factory.mktemp("determinism"))


def run_seeded(dataset, seed: str, jobs: str, output_format: str = "json") -> str:
    train, evals = dataset
    proc = subprocess.run(
        ftlint_command(str(train), "--eval", str(evals), "--output-format", output_format, "--extend-select", "ALL",
                       "--jobs", jobs),
        cwd=train.parent, env=child_env(PYTHONHASHSEED=seed), capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == 1, err  # the dataset is full of errors
    return proc.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def baseline(dataset) -> str:
    return run_seeded(dataset, "0", "1")


def test_report_is_byte_identical_across_hash_seeds(dataset, baseline):
    again = run_seeded(dataset, "12345", "1")
    assert again == baseline, _first_difference(baseline, again)


def test_report_is_byte_identical_for_jobs_1_and_2(dataset, baseline):
    parallel = run_seeded(dataset, "777", "2")
    assert parallel == baseline, _first_difference(baseline, parallel)


def test_findings_are_in_stable_sorted_order(baseline):
    report = json.loads(baseline)
    keys = [(f["file"], f["line"] if f["line"] is not None else -1, f["code"], f["path"] or "", f["message"])
            for f in report["findings"]]
    assert keys == sorted(keys)
    assert len({f["code"] for f in report["findings"]}) >= 8, "the dataset should exercise many checks"


def test_report_carries_no_wall_clock_or_machine_data(baseline, dataset):
    """Nothing that differs between machines or runs: timings, absolute temp paths other than the
    files given, host names."""
    report = json.loads(baseline)
    text = json.dumps(report)
    assert "timings" not in text
    train, evals = dataset
    folder = str(train.parent)
    assert text.replace(str(train), "").replace(str(evals), "").count(folder) == 0


RENDER_ALL = """
import json, sys
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.render import RENDERERS, render
report = Engine(Settings(extend_select=["ALL"], jobs=int(sys.argv[3]))).lint([sys.argv[1]], sys.argv[2])
print(json.dumps({name: render(report, name, color=False, width=100) for name in RENDERERS}))
"""


def render_all(dataset, seed: str, jobs: str) -> dict[str, str]:
    """Every registered renderer's output for one run (one child process per seed)."""
    train, evals = dataset
    proc = subprocess.run([sys.executable, "-c", RENDER_ALL, str(train), str(evals), jobs], cwd=train.parent,
                          env=child_env(PYTHONHASHSEED=seed), capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def rendered_twice(dataset) -> tuple[dict[str, str], dict[str, str]]:
    return render_all(dataset, "1", "1"), render_all(dataset, "2", "2")


@pytest.mark.parametrize("output_format", [name for name in RENDERERS if name != "json"])
def test_other_renderers_are_deterministic(rendered_twice, output_format):
    first, second = (outputs[output_format] for outputs in rendered_twice)
    assert first, output_format
    assert first == second, _first_difference(first, second)


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines())):
        if x != y:
            return f"first difference on output line {i + 1}:\n  {x}\n  {y}"
    return f"outputs differ in length: {len(a)} vs {len(b)} characters"
