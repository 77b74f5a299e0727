"""`ftlint fix` on hostile input: never a traceback, and every input line is accounted for.

The same hostile files as test_fuzz.py go through `ftlint fix IN -o OUT --rejects REJECTS` (all
repairs, optionally against an eval file). Either the run fails cleanly (exit 2, one line on
stderr, no OUT, REJECTS or temporary file left), or its summary adds up: lines in = kept +
removed, REJECTS holds exactly the removed lines with their line numbers and raw bytes, OUT holds
exactly the kept lines, and every kept line is an input line unless it is counted as changed.
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from test_fuzz import FUZZ, LONG_RUN, dataset_files, run_cli

FIX_FUZZ = settings(FUZZ, max_examples=LONG_RUN or 25)


def _lines(data: bytes) -> list[bytes]:
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    return [line.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf") for line in data.splitlines(keepends=True)]


@FIX_FUZZ
@given(dataset_files(), st.one_of(st.none(), dataset_files()))
def test_fix_accounts_for_every_line(file, eval_file):
    name, data = file
    with tempfile.TemporaryDirectory(prefix="ftlint-fix-fuzz-") as folder:
        src, out, rejects = (os.path.join(folder, n) for n in (name, "out.jsonl", "rejects.jsonl"))
        Path(src).write_bytes(data)
        argv = ["fix", src, "-o", out, "--rejects", rejects, "--output-format", "json", "--jobs", "1"]
        if eval_file is not None:
            eval_path = os.path.join(folder, "eval-" + eval_file[0])
            Path(eval_path).write_bytes(eval_file[1])
            argv += ["--eval", eval_path]
        outcome = run_cli(*argv)
        assert "Traceback" not in outcome.err, outcome.err
        assert Path(src).read_bytes() == data, "fix must never touch its input"
        leftovers = sorted(n for n in os.listdir(folder) if n.startswith(".ftlint-"))
        assert not leftovers, leftovers
        if outcome.code == 2:
            lines = outcome.err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("ftlint: error: "), outcome.err
            assert not os.path.exists(out) and not os.path.exists(rejects)
            return
        assert outcome.code in (0, 1), outcome
        summary = json.loads(outcome.out)
        assert summary["lines_in"] == summary["kept"] + summary["removed"], summary
        assert sum(summary["removed_by_reason"].values()) == summary["removed"], summary
        rejected = [json.loads(line) for line in Path(rejects).read_bytes().splitlines()]
        assert len(rejected) == summary["removed"]
        # a JSON array's rejects name the element (index from 1) and the line where it starts
        unit = [r.get("element", r["line"]) for r in rejected]
        assert len(set(unit)) == len(rejected), "a line (element) rejected twice"
        assert all(1 <= n <= summary["lines_in"] for n in unit)
        assert all(("element" in r) == (summary["unit"] == "elements") for r in rejected)
        written = Path(out).read_bytes()
        kept = _lines(written) if written else []
        assert len(kept) == summary["kept"], (len(kept), summary)
        if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
            originals = Counter(_lines(data))
            unchanged = sum(min(n, originals[line]) for line, n in Counter(kept).items())
            assert unchanged >= summary["kept"] - summary["changed"], "a kept line was altered without saying so"
