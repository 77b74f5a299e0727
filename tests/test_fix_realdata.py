"""`ftlint fix` on the real files: default repairs remove only exact copies and unusable lines;
JSON arrays (four of the six files) are read element by element and written as JSONL."""
from __future__ import annotations

import json
import re

from conftest import realdata

from ftlint.cli import main
from ftlint.engine import lint


def run_fix(*args) -> int:
    return main(["fix", *map(str, args)])


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_v1_sft_demo_loses_only_its_one_exact_copy(tmp_path, capsys):
    src = realdata("v1_sft_demo.jsonl")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", out, "--rejects", rej) == 0
    (removed,) = jsonl(rej)
    assert (removed["line"], removed["reason"], removed["detail"]) == (326, "exact-duplicate", "duplicate of line 168")
    lines = src.read_bytes().splitlines(keepends=True)
    assert out.read_bytes() == b"".join(lines[:325] + lines[326:])  # every other line byte for byte
    assert "removed                           1" in capsys.readouterr().err


def test_v1_sft_demo_near_duplicates_only_when_asked(tmp_path):
    src = realdata("v1_sft_demo.jsonl")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", out, "--rejects", rej, "--extend-select", "drop-near-duplicates") == 0
    reasons = [r["reason"] for r in jsonl(rej)]
    assert reasons.count("exact-duplicate") == 1 and reasons.count("near-duplicate") >= 1
    prompts = {r["messages"][0]["content"][0]["value"] for r in map(json.loads, src.read_text().splitlines())}
    assert {"Who are you?", "Are you based on GPT-3?"} <= prompts  # distinct prompts the old default deleted


def test_json_arrays_become_jsonl_and_every_element_is_accounted_for(tmp_path, capsys):
    for name, copies in [("alpaca_en_demo.json", 14), ("glaive_toolcall_en_demo.json", 35),
                         ("dpo_en_demo.json", 5), ("identity.json", 0)]:
        src = realdata(name)
        elements = json.loads(src.read_text(encoding="utf-8"))
        out, rej = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.rej.jsonl"
        assert run_fix(src, "-o", out, "--rejects", rej) == 0, name
        kept, removed = jsonl(out), jsonl(rej)
        assert len(kept) + len(removed) == len(elements) and len(removed) == copies, name
        gone = {r["element"] for r in removed}
        assert kept == [e for k, e in enumerate(elements, 1) if k not in gone], name  # order and content kept
        for r in removed:
            assert json.loads(r["raw"]) == elements[r["element"] - 1] and r["reason"] == "exact-duplicate"
            first = int(r["detail"].split("element ")[1].split(" ")[0])
            assert elements[first - 1] == elements[r["element"] - 1]
        assert src.read_text(encoding="utf-8").split("\n")[removed[0]["line"] - 1].strip() == "{" if removed else True
        err = capsys.readouterr().err
        assert re.search(rf"elements in +{len(elements):,}\n", err) and re.search(rf"removed +{copies}\n", err)
        assert "is a JSON array: read element by element" in err and "written as JSONL" in err
        assert "FT301" not in {f.code for f in lint(str(out)).findings}, name


def test_identity_json_output_lints_as_its_source(tmp_path):
    src = realdata("identity.json")
    out = tmp_path / "identity.jsonl"
    assert run_fix(src, "-o", out, "--dry-run") == 0 and not out.exists()
    assert run_fix(src, "-o", out) == 0
    codes = sorted(f.code for f in lint(str(out)).findings)
    assert codes == sorted(f.code for f in lint(str(src)).findings)
    assert codes.count("FT111") == 85


def test_array_element_that_is_not_an_object_is_removed_with_its_line(tmp_path):
    src = tmp_path / "data.json"
    src.write_text('[\n  {"instruction": "a", "input": "", "output": "b"},\n  [1, 2],\n'
                   '  {"instruction": "c", "input": "", "output": "d"}\n]\n')
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", out, "--rejects", rej) == 0
    assert [r["instruction"] for r in jsonl(out)] == ["a", "c"]
    (bad,) = jsonl(rej)
    assert (bad["element"], bad["line"], bad["reason"]) == (2, 3, "not-an-object")
    src.write_text('[[1], {"instruction": "a", "input": "", "output": "b"},\n'
                   ' {"instruction": "a", "input": "", "output": "b"}]')
    assert run_fix(src, "-o", out, "--rejects", rej) == 0
    assert [(r["element"], r["line"], r["reason"], r["detail"]) for r in jsonl(rej)] == [
        (3, 2, "exact-duplicate", "duplicate of element 2 (line 1)"), (1, 1, "not-an-object", "array element is a JSON array, not an object")]
    assert run_fix(src, "-o", out, "--select", "drop-exact-duplicates") == 2  # JSONL cannot keep it


def test_minified_array_names_each_element(tmp_path):
    row = {"instruction": "same", "input": "", "output": "copy"}
    src = tmp_path / "mini.json"
    src.write_text(json.dumps([row, {"instruction": "x", "input": "", "output": "y"}, row, row]))
    rej = tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", tmp_path / "out.json", "--rejects", rej) == 0
    # elements share a line: each is named by its index (jq '.[index-1]' finds it)
    assert [(r["element"], r.get("line"), r["detail"]) for r in jsonl(rej)] == [
        (3, None, "duplicate of element 1"), (4, None, "duplicate of element 1")]


def test_unreadable_array_writes_nothing(tmp_path, capsys):
    src = tmp_path / "broken.json"
    src.write_text('[\n  {"instruction": "a", "input": "", "output": "b"},,\n  {"instruction": "c"}\n]\n')
    out = tmp_path / "out.jsonl"
    assert run_fix(src, "-o", out) == 2
    assert not out.exists() and "no line is written" in capsys.readouterr().err
