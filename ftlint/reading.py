"""The one record stream: `RecordStream(path)` yields the records and reading problems of a file.

What a file is comes from its bytes first (`ftlint.readers.sniff`: magic numbers), its name
second: JSONL, a JSON array (element by element, `ftlint.readers.json_array`), Parquet and
CSV/TSV (`ftlint.readers.columnar`), each optionally compressed with gzip, bz2, xz or zstd;
`-` is stdin. A file of another type (an image, a ZIP archive, UTF-16 text, ...) is a
`ReadError` naming the type it looks like.

A record that cannot be read is a `ReadProblem` (located, never an exception). Only a path that
cannot be opened or read at all raises `ReadError` (exit code 2). Work per line is bounded: a line
longer than `max_line_bytes` is skipped unread.

`stream.unit` says what a record's `line` counts: `line` (a physical line of a text file),
`row` (a Parquet row, 1-based) or `element` (the index of an element of a minified JSON array).
"""
from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import sys
from typing import TYPE_CHECKING, Iterator, Optional

import orjson

from ftlint.readers.sniff import Kind, NotADataset, compression_of, sniff_content
from ftlint.readers.source import (BOM, CORRUPT, DEFAULT_MAX_LINE_BYTES, HEAD_BYTES, Item, RawLine,  # noqa: F401
                                   ReadError, ReadProblem, Record, _open_binary, _open_raw, display_name)

if TYPE_CHECKING:
    from ftlint.file_texts import TextFile


# problem kinds of a line or row no record was read from (the rest of a file still is)
UNREAD_KINDS = frozenset({"invalid-json", "invalid-utf8", "not-an-object", "line-too-long", "malformed-row"})


def sniff(path: str) -> Kind:
    """What the file is (container and compression); `ReadError` when it is no dataset format."""
    name = display_name(path)
    if path == "-":
        stream = sys.stdin.buffer
        raw = stream.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(stream, "peek") else b""
        compression = compression_of(raw)
        if compression is not None:
            return Kind("jsonl", compression)  # content sniffing would consume the pipe
        head = raw
    else:
        with _open_raw(path) as fh:
            try:
                raw = fh.read(HEAD_BYTES)
            except OSError as exc:
                raise ReadError(f"{path}: read failed ({exc.strerror or exc})") from None
        compression = compression_of(raw)
        head = raw
        if compression is not None:
            fh = _open_binary(path)
            try:
                head = fh.read(HEAD_BYTES)
            except CORRUPT as exc:
                raise ReadError(f"{name}: compressed data is corrupt or truncated ({exc})") from None
            finally:
                fh.close()
    try:
        return sniff_content(head, name, compression)
    except NotADataset as exc:
        layer = f"{compression}-compressed " if compression else ""
        raise ReadError(f"{name}: not a dataset format: {layer}{exc}. ftlint reads JSONL, JSON arrays, "
                        f"Parquet and CSV/TSV (optionally gzip, bz2, xz or zstd compressed)") from None


def iter_raw_lines(path: str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[RawLine]:
    """Physical lines with their endings, memory bounded by max_line_bytes per line."""
    fh = _open_binary(path)
    try:
        number = offset = 0
        while True:
            try:
                data = fh.readline(max_line_bytes + 1)
            except CORRUPT as exc:
                if type(exc) is OSError and not isinstance(fh, (gzip.GzipFile, bz2.BZ2File, lzma.LZMAFile)):
                    raise ReadError(f"{display_name(path)}: read failed ({exc.strerror or exc})") from None
                raise ReadError(f"{display_name(path)}: compressed data is corrupt or truncated ({exc})") from None
            if not data:
                return
            number += 1
            if len(data) > max_line_bytes and not data.endswith(b"\n"):
                size = len(data)
                while True:  # skip the rest of the line without keeping it
                    more = fh.readline(1 << 20)
                    size += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield RawLine(number, data[:64], True, offset)
                offset += size
                continue
            yield RawLine(number, data, False, offset)
            offset += len(data)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _decode_line(number: int, data: bytes) -> Item | None:
    try:
        value = orjson.loads(data)  # validates UTF-8 itself: no separate decode on the hot path (line ends are JSON whitespace)
    except orjson.JSONDecodeError as exc:
        body = data.rstrip(b"\r\n")
        if not body.strip():
            return ReadProblem("blank-line", number, "blank line (JSONL has one JSON object per line)")
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as bad:
            return ReadProblem("invalid-utf8", number, f"invalid UTF-8 at byte {bad.start + 1}: {bad.reason}", bad.start + 1)
        try:
            orjson.loads(body)  # again without the line end, which moves the error's reported place past it
        except orjson.JSONDecodeError as exact:
            exc = exact
        column = (exc.colno or 0) or None
        return ReadProblem("invalid-json", number, f"invalid JSON: {exc.msg}", column)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        kind = {"list": "array", "str": "string", "int": "number", "float": "number", "bool": "boolean"}.get(kind, kind)
        return ReadProblem("not-an-object", number, f"line is a JSON {kind}, not an object")
    return Record(number, value)


class RecordStream:
    """Records and problems of one file, in file order; `unit` and `kind` are known once iteration
    has started (the first item is out)."""

    def __init__(self, path: str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
                 columns: Optional[dict[str, str]] = None):
        self.path, self.max_line_bytes, self.columns = path, max_line_bytes, columns or {}
        self.unit = "line"
        self.kind: Optional[Kind] = None
        self.texts: "Optional[TextFile]" = None  # where its long texts stay, when they do (a large plain JSONL file)

    def __iter__(self) -> Iterator[Item]:
        kind = self.kind = resolved_kind(self.path)
        if kind.container == "jsonl":
            self.texts = self._texts(kind)
            yield from _read_jsonl(self.path, self.max_line_bytes, self.texts)
        elif kind.container == "json-array":
            if kind.declared == "jsonl":
                yield ReadProblem("json-array-in-jsonl", None,
                                  f"file is a JSON array, not JSON Lines (one object per line) as its name says; "
                                  f"read as a JSON array. Rename it .json, or convert it: jq -c '.[]' "
                                  f"{display_name(self.path)} > fixed.jsonl")
            yield from self._read_array()
        else:
            from ftlint.readers import columnar

            reader = columnar.open_columnar(self.path, kind, self.columns, self.max_line_bytes)
            self.unit = reader.unit
            yield from reader

    def _texts(self, kind: Kind) -> "Optional[TextFile]":
        """Where a large plain file's long texts are read back from (`ftlint.file_texts`), else None."""
        from ftlint import file_texts

        if self.path == "-" or kind.compression is not None or not hasattr(os, "pread"):  # (Windows has none)
            return None
        try:
            if os.path.getsize(self.path) < file_texts.DEFER_FILE_BYTES:
                return None
            return file_texts.TextFile(self.path)
        except OSError:
            return None

    def _read_array(self) -> Iterator[Item]:
        from ftlint.readers.json_array import ArrayStream

        path = self.path
        fh = _open_binary(path)
        try:
            data = fh.read()
        except CORRUPT as exc:
            raise ReadError(f"{display_name(path)}: compressed data is corrupt or truncated ({exc})") from None
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()
        if data.startswith(BOM):
            yield ReadProblem("bom", 1, "file starts with a UTF-8 byte-order mark (BOM); many JSON readers reject it")
            data = data[len(BOM):]
        stream = ArrayStream(data.decode("utf-8", "surrogateescape"), self.max_line_bytes, display_name(path))
        for item in stream:
            self.unit = stream.unit
            yield item
        self.unit = stream.unit


def resolved_kind(path: str) -> Kind:
    """What RecordStream reads the file as: `sniff`, with a '['-line in a .jsonl file told apart
    from a JSON array saved as .jsonl."""
    kind = sniff(path)
    if kind.container == "json-array" and kind.declared == "jsonl" and not _array_spans_file(path):
        return Kind("jsonl", kind.compression)
    return kind


def read_records(path: str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[Item]:
    """Records and problems of one file, in file order (see `RecordStream` for the positions' unit)."""
    return iter(RecordStream(path, max_line_bytes))


def _array_spans_file(path: str) -> bool:
    """A file named as JSONL that starts with '[': a JSON array when its first line opens an array
    that goes on over the next lines, or when it is the whole file and an array of objects (a
    minified array); else JSONL whose first line is bad (reported as such)."""
    try:
        fh = _open_binary(path)
        try:
            first = fh.readline(DEFAULT_MAX_LINE_BYTES)
            rest = b""
            while not rest.strip():
                more = fh.readline(1 << 16)
                if not more:
                    break
                rest = more
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()
    except (ReadError, *CORRUPT):
        return True
    body = first.lstrip(BOM).rstrip(b"\r\n")
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        try:  # a whole value orjson refuses (a 400-digit number): still one line of JSONL
            value = json.loads(body)
        except (ValueError, RecursionError):  # an array that goes on over the next lines, or one broken line
            return _unclosed(body) and _ends_with_bracket(path)
    return (isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
            and not rest.strip())


def _ends_with_bracket(path: str) -> bool:
    """Whether the file's last non-blank byte closes an array (True when that cannot be seen cheaply)."""
    if path == "-":
        return True
    try:
        with open(path, "rb") as fh:
            if compression_of(fh.read(6)) is not None:
                return True
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - 4096))
            return fh.read().rstrip().endswith(b"]")
    except OSError:
        return True


def _unclosed(body: bytes) -> bool:
    """Whether a line opens more brackets than it closes (strings skipped)."""
    from ftlint.readers.json_array import _TOKEN

    depth = 0
    for m in _TOKEN.finditer(body.decode("utf-8", "surrogateescape")):
        tok = m.group()
        depth += 1 if tok in "[{" else -1 if tok in "]}" else 0
    return depth > 0


def _read_jsonl(path: str, max_line_bytes: int, texts: "Optional[TextFile]" = None) -> Iterator[Item]:
    """The file's records and problems; with `texts`, each record says where its line is in the file
    (`Record.origin`), so its long texts can stay there."""
    seen_any = False
    endings = {"crlf": 0, "lf": 0}
    first_crlf = first_lf = None
    for raw in iter_raw_lines(path, max_line_bytes):
        seen_any = True
        data = raw.data
        if raw.truncated:
            yield ReadProblem("line-too-long", raw.line, f"line longer than {max_line_bytes:,} bytes; not parsed")
            continue
        if data.endswith(b"\r\n"):
            endings["crlf"] += 1
            first_crlf = first_crlf or raw.line
        elif data.endswith(b"\n"):
            endings["lf"] += 1
            first_lf = first_lf or raw.line
        offset = raw.offset
        if raw.line == 1 and data.startswith(BOM):
            yield ReadProblem("bom", 1, "file starts with a UTF-8 byte-order mark (BOM); many JSONL readers reject it")
            data, offset = data[len(BOM):], offset + len(BOM)
        item = _decode_line(raw.line, data)
        if item is not None:
            if texts is not None and type(item) is Record:
                item.origin = (texts, data, offset)
            yield item
    if not seen_any:
        yield ReadProblem("empty-file", None, "file is empty: no examples")
    elif endings["crlf"] and endings["lf"]:
        yield ReadProblem(
            "mixed-line-endings", None,
            f"mixed line endings: {endings['crlf']} CRLF lines (first line {first_crlf}) and "
            f"{endings['lf']} LF lines (first line {first_lf})",
        )


def _starts_with_array(path: str) -> bool:
    """Whether the file holds a JSON array (by content, whatever its name)."""
    try:
        return sniff(path).container == "json-array"
    except ReadError:
        return False
