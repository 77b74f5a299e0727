"""JSON array files: one broken element costs that element only; minified arrays give every
finding its own position; an array saved as .jsonl says so once; the summary counts every
unreadable record (issue 15, items 8-9)."""
from __future__ import annotations

import json

import pytest

from conftest import realdata
from ftlint.cli import main
from ftlint.reading import ReadProblem, Record, RecordStream


def alpaca(n: int) -> list[dict]:
    return [{"instruction": f"Question number {i}?", "input": "", "output": f"Answer number {i}."} for i in range(n)]


def stream(path):
    s = RecordStream(str(path))
    items = list(s)
    return s, [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadProblem)]


def run_json(capsys, *args):
    code = main([*map(str, args), "--output-format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("edit, where", [
    (lambda t: t.replace('"Answer number 3."\n', '"Answer number 3.",\n', 1), "trailing comma inside an object"),
    (lambda t: t.replace("  },\n  {", "  },,\n  {", 1), "stray comma between elements"),
    (lambda t: t.replace("  },\n  {", "  }\n  {", 1), "missing comma between elements"),
    (lambda t: t[: t.rindex("}") + 1] + ",\n]\n", "trailing comma before ]"),
])
def test_one_hand_edit_keeps_every_other_element(tmp_path, edit, where):
    text = json.dumps(alpaca(40), indent=2)
    path = tmp_path / "data.json"
    path.write_text(edit(text))
    _, records, problems = stream(path)
    broken = 1 if "inside" in where else 0
    assert len(records) == 40 - broken, where
    assert [p.kind for p in problems] == ["invalid-json"], where
    p = problems[0]
    assert p.line is not None and p.column is not None
    lines = path.read_text().splitlines()
    assert lines[p.line - 1][p.column - 1] in ",}{]", (where, lines[p.line - 1])


def test_broken_element_named_with_line_and_column_on_the_real_file(tmp_path, capsys):
    """identity.json (91 records) with one trailing comma after record 10's output: 90 examples are
    linted, and one FT001 names the line and column of the '}' the comma broke."""
    text = realdata("identity.json").read_text(encoding="utf-8")
    records = json.loads(text)
    lines = text.splitlines(keepends=True)
    output_lines = [i for i, ln in enumerate(lines) if ln.lstrip().startswith('"output"')]
    target = output_lines[9]
    lines[target] = lines[target].rstrip("\n") + ",\n"
    path = tmp_path / "identity.json"
    path.write_text("".join(lines), encoding="utf-8")
    code, report = run_json(capsys, path, "--select", "FT0,FT2")
    assert report["files"][0]["valid_examples"] == len(records) - 1 == 90
    assert report["files"][0]["invalid_records"] == 1
    [finding] = [f for f in report["findings"] if f["code"] == "FT001"]
    assert finding["line"] == target + 2  # the closing brace after the stray comma
    assert "FT201" not in {f["code"] for f in report["findings"]}


def test_minified_array_gives_each_record_its_element_index_and_byte_column(tmp_path):
    data = alpaca(5)
    data[2]["output"] = "caf\u00e9 " * 3  # multi-byte text before later elements: columns count bytes
    path = tmp_path / "mini.json"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(raw)
    s, records, problems = stream(path)
    assert s.unit == "element" and problems == []
    assert [r.line for r in records] == [1, 2, 3, 4, 5]
    for r in records:  # the byte column is where the element's "{" is
        assert raw[r.column - 1:r.column] == b"{"
        assert json.loads(raw[r.column - 1:].decode("utf-8", "ignore")[: len(json.dumps(r.value, ensure_ascii=False))]) == r.value


def test_minified_array_findings_have_distinct_positions(tmp_path, capsys):
    data = alpaca(30)
    data[7] = dict(data[3])  # an exact duplicate
    data[12]["output"] = ""
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(data))
    code, report = run_json(capsys, path)
    assert report["files"][0]["unit"] == "element"
    located = [(f["code"], f["line"]) for f in report["findings"] if f["line"] is not None]
    assert located and len(set(located)) == len(located)
    dup = next(f for f in report["findings"] if f["code"] == "FT301")
    assert {dup["line"], *(r["line"] for r in dup["related"])} == {4, 8}
    code = main([str(path), "--output-format", "concise"])
    text = capsys.readouterr().out
    assert "mini.json:element 4, byte column " in text
    assert "2 identical examples (elements 4, 8)" in text


def test_minified_array_with_a_broken_element_keeps_the_others(tmp_path):
    text = json.dumps(alpaca(6)).replace('"Answer number 2."}', '"Answer number 2.",}')
    path = tmp_path / "mini.json"
    path.write_text(text)
    s, records, problems = stream(path)
    assert s.unit == "element"
    assert [r.value["instruction"] for r in records] == [f"Question number {i}?" for i in (0, 1, 3, 4, 5)]
    [p] = problems
    assert p.line == 3 and "array element 3, line 1, byte column" in p.message
    assert text.encode()[p.column - 1:p.column] == b"}"


def test_json_array_saved_as_jsonl_is_said_once(tmp_path, capsys):
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(alpaca(50), indent=2))
    code, report = run_json(capsys, path)
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("FT011") == 1 and "FT001" not in codes
    assert report["files"][0]["valid_examples"] == 50
    minified = tmp_path / "mini.jsonl"
    minified.write_text(json.dumps(alpaca(50)))
    code, report = run_json(capsys, minified)
    assert [f["code"] for f in report["findings"]].count("FT011") == 1
    assert report["files"][0]["valid_examples"] == 50


def test_jsonl_whose_first_line_is_an_array_stays_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('[1, 2]\n{"text": "a"}\n')
    s, records, problems = stream(path)
    assert [(p.kind, p.line) for p in problems] == [("not-an-object", 1)]
    assert [r.line for r in records] == [2]


def test_summary_counts_every_unreadable_line(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    rows = [json.dumps(r) for r in alpaca(12)]
    rows[4] = '{"instruction": "broken'
    rows[8] = "[1, 2]"
    path.write_text("\n".join(rows) + "\n")
    code, report = run_json(capsys, path, "--select", "FT0")
    summary = report["files"][0]
    assert (summary["records"], summary["valid_examples"], summary["invalid_records"]) == (12, 10, 2)


def test_fix_reads_a_jsonl_whose_first_line_is_an_array_as_jsonl(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text('[1, 2]\n{"text": "kept"}\n')
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert main(["fix", str(src), "-o", str(out), "--rejects", str(rej)]) == 0
    assert out.read_text() == '{"text": "kept"}\n'
    [rejected] = [json.loads(line) for line in rej.read_text().splitlines()]
    assert (rejected["line"], rejected["raw"]) == (1, "[1, 2]\n")
