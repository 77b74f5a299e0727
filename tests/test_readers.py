"""Readers behind the one record stream: Parquet, CSV/TSV, bz2/xz/zstd, and a clear refusal of
anything that is no dataset format (issue 16, item 1)."""
from __future__ import annotations

import bz2
import csv
import json
import lzma

import pytest

from conftest import realdata
from ftlint.cli import main
from ftlint.reading import ReadError, ReadProblem, Record, RecordStream


def alpaca(n: int) -> list[dict]:
    return [{"instruction": f"Question number {i}?", "input": "", "output": f"Answer number {i}."} for i in range(n)]


def run_json(capsys, *args):
    code = main([*map(str, args), "--output-format", "json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def write_parquet(path, records, row_group_size=None):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=row_group_size)
    return path


def write_csv(path, records, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(records[0]), delimiter=delimiter)
        writer.writeheader()
        for r in records:
            writer.writerow({k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in r.items()})
    return path


def comparable(report):
    """Findings without the file name (the same dataset in another container; a Parquet file says
    "rows 4, 9" where a JSONL file says "lines 4, 9")."""
    words = lambda m: m.replace("rows ", "lines ").replace("row ", "line ")  # noqa: E731
    return sorted((f["code"], f["line"], f["path"], words(f["message"]), tuple(r["line"] for r in f["related"]))
                  for f in report["findings"])


def test_parquet_rows_streamed_by_row_group(tmp_path):
    path = write_parquet(tmp_path / "train.parquet", alpaca(25), row_group_size=4)
    stream = RecordStream(str(path))
    records = list(stream)
    assert stream.unit == "row"
    assert [r.line for r in records] == list(range(1, 26))
    assert records[7].value == alpaca(25)[7]


def test_parquet_finding_names_row_and_column(tmp_path, capsys):
    records = alpaca(20)
    records[6]["output"] = ""
    path = write_parquet(tmp_path / "train.parquet", records)
    code, report, _ = run_json(capsys, path, "--select", "FT105")
    [f] = report["findings"]
    assert (f["line"], f["path"]) == (7, "$.output")
    assert report["files"][0]["unit"] == "row" and report["files"][0]["table"] is True
    main([str(path), "--select", "FT105", "--output-format", "concise"])
    out = capsys.readouterr().out
    assert "train.parquet:row 7: FT105" in out and "(column output)" in out


def test_parquet_nested_messages_and_binary_cells(tmp_path):
    records = [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
                "image": b"\x89PNG\r\n\x1a\n\x00\x01"} for _ in range(3)]
    path = write_parquet(tmp_path / "chat.parquet", records)
    values = [r.value for r in RecordStream(str(path))]
    assert values[0]["messages"][1] == {"role": "assistant", "content": "hello"}
    assert values[0]["image"] == "<10 bytes>"


def test_alpaca_as_parquet_csv_and_json_gives_the_same_findings(tmp_path, capsys):
    """The real alpaca_en_demo.json (999 records, 14 exact duplicates) written as Parquet and as
    CSV: same duplicate groups, no parsing errors, the same findings line for line."""
    source = realdata("alpaca_en_demo.json")
    records = json.loads(source.read_text(encoding="utf-8"))
    as_jsonl = tmp_path / "alpaca.jsonl"
    as_jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    as_parquet = write_parquet(tmp_path / "alpaca.parquet", records)
    # CSV lines differ from record numbers when cells hold newlines: compare CSV on its own terms
    as_csv = write_csv(tmp_path / "alpaca.csv", records)
    _, jsonl, _ = run_json(capsys, as_jsonl, "--select", "FT0,FT1,FT3")
    _, parquet, _ = run_json(capsys, as_parquet, "--select", "FT0,FT1,FT3")
    _, from_csv, _ = run_json(capsys, as_csv, "--select", "FT0,FT1,FT3")
    _, as_json, _ = run_json(capsys, source, "--select", "FT0,FT1,FT3")
    assert comparable(parquet) == comparable(jsonl)
    assert not [f for f in from_csv["findings"] if f["code"].startswith("FT0")]
    assert from_csv["files"][0]["valid_examples"] == jsonl["files"][0]["valid_examples"] == len(records)
    dup = lambda rep: sorted(len(f["related"]) + 1 for f in rep["findings"] if f["code"] == "FT301")  # noqa: E731
    assert dup(from_csv) == dup(jsonl) == dup(parquet) == dup(as_json) and sum(n - 1 for n in dup(jsonl)) == 14
    assert sorted(f["code"] for f in as_json["findings"]) == sorted(f["code"] for f in parquet["findings"])
    # each CSV finding's line is where that record's row starts in the file
    starts = csv_row_starts(as_csv)
    by_row = {f["message"]: starts.index(f["line"]) for f in from_csv["findings"] if f["code"] == "FT301"}
    assert sorted(by_row.values()) == sorted(f["line"] - 1 for f in jsonl["findings"] if f["code"] == "FT301")


def csv_row_starts(path) -> list[int]:
    """The line each data row of a CSV file starts on (index 0: the first data row)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        starts, line = [], reader.line_num + 1
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    return starts


def test_csv_maps_columns_and_decodes_json_cells(tmp_path):
    rows = [{"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": '{"answer": 4}'}]}]
    path = write_csv(tmp_path / "chat.csv", rows * 3)
    values = [r.value for r in RecordStream(str(path))]
    assert values[0]["messages"][1]["content"] == '{"answer": 4}'  # an answer that is JSON text stays text
    path = tmp_path / "qa.tsv"
    path.write_text("question\tanswer\nWhat is 2+2?\t{\"n\": 4}\n", encoding="utf-8")
    [record] = RecordStream(str(path), columns={"question": "prompt", "answer": "completion"})
    assert record.value == {"prompt": "What is 2+2?", "completion": '{"n": 4}'} and record.line == 2


def test_csv_row_with_wrong_cell_count_is_located(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text('instruction,input,output\n"q1",,"a1"\n"q2",,red, green\n"multi\nline",,"a3"\n', encoding="utf-8")
    items = list(RecordStream(str(path)))
    assert [(type(i).__name__, i.line) for i in items] == [("Record", 2), ("ReadProblem", 3), ("Record", 4)]
    code, report, _ = run_json(capsys, path, "--select", "FT012")
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("FT012", 3)]


@pytest.mark.parametrize("suffix, compress", [(".bz2", bz2.compress), (".xz", lzma.compress)])
def test_bz2_and_xz_jsonl(tmp_path, suffix, compress):
    path = tmp_path / f"a.jsonl{suffix}"
    path.write_bytes(compress(b'{"text": "a"}\n{"text": "b"}\n'))
    assert [(r.line, r.value["text"]) for r in RecordStream(str(path))] == [(1, "a"), (2, "b")]


def test_zstd_jsonl(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    path = tmp_path / "a.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(b'{"text": "a"}\n{"text": "b"}\n'))
    assert [r.value["text"] for r in RecordStream(str(path))] == ["a", "b"]


def test_compressed_json_array_and_csv(tmp_path):
    path = tmp_path / "a.json.bz2"
    path.write_bytes(bz2.compress(json.dumps(alpaca(3), indent=1).encode()))
    assert len([i for i in RecordStream(str(path)) if isinstance(i, Record)]) == 3
    path = tmp_path / "a.csv.bz2"
    path.write_bytes(bz2.compress(b"text\nhello\nworld\n"))
    assert [r.value for r in RecordStream(str(path))] == [{"text": "hello"}, {"text": "world"}]


@pytest.mark.parametrize("name, data, detected", [
    ("train.jsonl", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
    ("train.jsonl", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
    ("data.json", b"%PDF-1.7\n...", "a PDF document"),
    ("train.jsonl", '{"text": "hi"}\n'.encode("utf-16"), "UTF-16 text"),
    ("notes.txt", b"just some notes\nabout data\n", "text that is not JSON"),
    ("train.parquet", b'{"text": "hi"}\n', "not Parquet"),
    ("blob.bin", b"\x00\x01\x02\x03" * 20, "binary data"),
])
def test_not_a_dataset_format_names_the_detected_type(tmp_path, capsys, name, data, detected):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match="not a dataset format") as exc:
        list(RecordStream(str(path)))
    assert detected in str(exc.value)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a dataset format" in err and detected in err and "Traceback" not in err


def test_parquet_by_magic_whatever_the_name(tmp_path):
    path = write_parquet(tmp_path / "train.jsonl", alpaca(3))
    stream = RecordStream(str(path))
    assert len(list(stream)) == 3 and stream.unit == "row"


def test_missing_pyarrow_names_the_extra(tmp_path, monkeypatch, capsys):
    path = write_parquet(tmp_path / "train.parquet", alpaca(3))
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    assert main([str(path)]) == 2
    assert "pip install 'ftlint[parquet]'" in capsys.readouterr().err


def test_problem_kinds_are_located_in_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"text\nok\ncaf\xe9\n")
    items = list(RecordStream(str(path)))
    assert [(type(i).__name__, i.line, getattr(i, "kind", None)) for i in items] == [
        ("Record", 2, None), ("ReadProblem", 3, "invalid-utf8")]
    assert isinstance(items[1], ReadProblem)


def test_row_positions_in_every_text_renderer(tmp_path, capsys):
    records = alpaca(20)
    records[6]["output"] = ""
    path = write_parquet(tmp_path / "train.parquet", records)
    outputs = {}
    for fmt in ("github", "sarif", "markdown", "full"):
        main([str(path), "--select", "FT105", "--output-format", fmt])
        outputs[fmt] = capsys.readouterr().out
    assert "line=7" not in outputs["github"] and "row 7, column output" in outputs["github"]
    sarif = json.loads(outputs["sarif"])
    [result] = sarif["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "row 7 $.output"
    assert "train.parquet row 7" in outputs["markdown"]
    assert "row 7" in outputs["full"] and "column output" in outputs["full"]


def test_fix_refuses_a_table_with_a_clear_message(tmp_path, capsys):
    path = write_parquet(tmp_path / "train.parquet", alpaca(5))
    assert main(["fix", str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "repairs JSONL and JSON array files, not Parquet" in err and not (tmp_path / "out.jsonl").exists()
