"""The record stream: every reading problem is located; only unopenable paths raise."""
from __future__ import annotations

import gzip
import io
import sys

import pytest

from ftlint.reading import ReadError, ReadProblem, Record, iter_raw_lines, read_records


def items(path, **kw):
    return list(read_records(str(path), **kw))


def kinds(path, **kw):
    return [(i.kind, i.line) for i in items(path, **kw) if isinstance(i, ReadProblem)]


def test_jsonl_records_keep_one_based_line_numbers(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"a": 1}\n{"a": 2}\n\n{"a": 3}\n')
    recs = [i for i in items(p) if isinstance(i, Record)]
    assert [(r.line, r.value["a"]) for r in recs] == [(1, 1), (2, 2), (4, 3)]
    assert kinds(p) == [("blank-line", 3)]


def test_invalid_json_names_line_and_column(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"a": 1}\n{"a": }\n')
    [problem] = [i for i in items(p) if isinstance(i, ReadProblem)]
    assert (problem.kind, problem.line, problem.column) == ("invalid-json", 2, 7)


@pytest.mark.parametrize("line, kind", [
    (b'{"a": "caf\xe9"}', "invalid-utf8"),
    (b'[1, 2]', "not-an-object"),
    (b'"text"', "not-an-object"),
    (b'{"a": NaN}', "invalid-json"),
    (b'{"a": Infinity}', "invalid-json"),
    (b'{"a": "\\ud800"}', "invalid-json"),  # lone surrogate cannot be encoded again
    (b'{"a": 1', "invalid-json"),
    (b'{"a": 1}{"b": 2}', "invalid-json"),
])
def test_each_broken_line_is_a_located_problem(tmp_path, line, kind):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"ok": 1}\n' + line + b"\n")
    assert kinds(p) == [(kind, 2)]


def test_bom_is_reported_and_stripped(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"a": 1}\n')
    result = items(p)
    assert isinstance(result[0], ReadProblem) and result[0].kind == "bom"
    assert isinstance(result[1], Record) and result[1].value == {"a": 1}


def test_empty_file_and_empty_array(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"")
    (tmp_path / "b.json").write_bytes(b"  [ ]  ")
    assert kinds(tmp_path / "a.jsonl") == [("empty-file", None)]
    assert kinds(tmp_path / "b.json") == [("empty-file", None)]


def test_line_too_long_is_skipped_with_bounded_memory(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"a": "' + b"x" * 5000 + b'"}\n{"b": 2}\n')
    result = items(p, max_line_bytes=1024)
    assert [(i.kind, i.line) for i in result if isinstance(i, ReadProblem)] == [("line-too-long", 1)]
    assert [r.line for r in result if isinstance(r, Record)] == [2]


def test_mixed_line_endings_reported_once(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"a": 1}\r\n{"a": 2}\n{"a": 3}\r\n')
    assert kinds(p) == [("mixed-line-endings", None)]
    assert len([i for i in items(p) if isinstance(i, Record)]) == 3


def test_file_ending_mid_line(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"a": 1}\n{"a": 2')
    assert kinds(p) == [("invalid-json", 2)]


def test_gzip_jsonl(tmp_path):
    p = tmp_path / "a.jsonl.gz"
    with gzip.open(p, "wb") as fh:
        fh.write(b'{"a": 1}\n{"a": 2}\n')
    assert [r.line for r in items(p)] == [1, 2]


def test_truncated_gzip_is_a_read_error(tmp_path):
    p = tmp_path / "a.jsonl.gz"
    p.write_bytes(gzip.compress(b'{"a": 1}\n' * 1000)[:60])
    with pytest.raises(ReadError, match="corrupt or truncated"):
        items(p)


def test_json_array_elements_located_at_their_first_line(tmp_path):
    p = tmp_path / "a.json"
    p.write_text('[\n  {"a": 1},\n  {\n    "a": 2\n  },\n  3\n]\n')
    result = items(p)
    assert [(r.line, r.value) for r in result if isinstance(r, Record)] == [(2, {"a": 1}), (3, {"a": 2})]
    assert [(i.kind, i.line) for i in result if isinstance(i, ReadProblem)] == [("not-an-object", 6)]


def test_json_array_rejects_nan_like_jsonl(tmp_path):
    p = tmp_path / "a.json"
    p.write_text('[{"a": 1}, {"a": NaN}]')
    assert kinds(p) == [("invalid-json", 1)]


def test_stdin(monkeypatch):
    fake = io.BufferedReader(io.BytesIO(b'{"a": 1}\n{"a": 2}\n'))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(fake))
    assert [r.line for r in read_records("-")] == [1, 2]


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.jsonl", "no such file"),
    (lambda d: d, "is a directory"),
])
def test_unopenable_paths_raise_read_error(tmp_path, make, message):
    with pytest.raises(ReadError, match=message):
        items(make(tmp_path))


def test_raw_lines_keep_their_bytes(tmp_path):
    p = tmp_path / "a.jsonl"
    data = b'{"a": 1}\r\n\n{"b": 2}'
    p.write_bytes(data)
    lines = list(iter_raw_lines(str(p)))
    assert b"".join(r.data for r in lines) == data
    assert [r.line for r in lines] == [1, 2, 3]


def test_stdin_json_array(monkeypatch):
    data = b'[\n  {"a": 1},\n  {"a": 2}\n]\n'
    fake = io.BufferedReader(io.BytesIO(data))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(fake))
    assert [(r.line, r.value) for r in read_records("-")] == [(2, {"a": 1}), (3, {"a": 2})]


def test_bz2_is_decompressed_not_read_as_text(tmp_path):
    import bz2

    p = tmp_path / "a.jsonl.bz2"
    p.write_bytes(bz2.compress(b'{"a": 1}\n{"a": 2}\n'))
    assert [r.value for r in items(p)] == [{"a": 1}, {"a": 2}]
