"""Data-driven pass/fail cases per check (sqlfluff style): tests/cases/*.json.

Each file maps a check code to {"fail": [file, ...], "pass": [file, ...]}, a file being a
list of lines (a JSON object is written as JSON; a string is written as the raw line).
A fail case must produce at least one finding of that code; a pass case none.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_jsonl
from ftlint.cli import main

CASES = sorted(Path(__file__).parent.glob("cases/*.json"))


def _cases():
    for path in CASES:
        for code, groups in json.loads(path.read_text("utf-8")).items():
            for outcome in ("fail", "pass"):
                for i, lines in enumerate(groups.get(outcome, [])):
                    yield pytest.param(code, outcome, lines, id=f"{code}-{outcome}-{i}")


@pytest.mark.parametrize("code, outcome, lines", list(_cases()))
def test_case(tmp_path, capsys, code, outcome, lines):
    path = write_jsonl(tmp_path / "data.jsonl", lines)
    main([str(path), "--select", code, "--output-format", "json", "--exit-zero"])
    report = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in report["findings"]]
    if outcome == "fail":
        assert code in codes, report["findings"]
    else:
        assert code not in codes, report["findings"]
