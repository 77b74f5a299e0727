"""Stream records from a dataset file: `.jsonl`, `.jsonl.gz`, a `.json` array, or `-` (stdin).

A line that cannot become a record is a `ReadProblem` (located, never an exception).
Only a path that cannot be opened or read at all raises `ReadError` (exit code 2).
Work per line is bounded: a line longer than `max_line_bytes` is skipped unread.
"""
from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Optional, Union

import orjson

BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class ReadError(Exception):
    """The file as a whole cannot be read (missing, a directory, unreadable, corrupt archive)."""


@dataclass(slots=True)
class Record:
    line: int
    value: dict


@dataclass(slots=True)
class ReadProblem:
    """kind is one of: invalid-json, invalid-utf8, bom, blank-line, not-an-object,
    empty-file, line-too-long, mixed-line-endings."""

    kind: str
    line: Optional[int]
    message: str
    column: Optional[int] = None


Item = Union[Record, ReadProblem]


@dataclass(slots=True)
class RawLine:
    """One physical line: its 1-based number, its bytes (ending included), and whether it was cut."""

    line: int
    data: bytes
    truncated: bool = False


def display_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _open_binary(path: str) -> BinaryIO:
    if path == "-":
        stream = sys.stdin.buffer
        head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
        return gzip.GzipFile(fileobj=stream) if head == GZIP_MAGIC else stream
    if os.path.isdir(path):
        raise ReadError(f"{path}: is a directory, not a dataset file")
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot open ({exc.strerror or exc})") from None
    head = fh.read(2)
    fh.seek(0)
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def iter_raw_lines(path: str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[RawLine]:
    """Physical lines with their endings, memory bounded by max_line_bytes per line."""
    fh = _open_binary(path)
    try:
        number = 0
        while True:
            try:
                data = fh.readline(max_line_bytes + 1)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                raise ReadError(f"{display_name(path)}: compressed data is corrupt or truncated ({exc})") from None
            except OSError as exc:
                raise ReadError(f"{display_name(path)}: read failed ({exc.strerror or exc})") from None
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
                yield RawLine(number, data[:64], truncated=True)
                continue
            yield RawLine(number, data)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _decode_line(number: int, data: bytes) -> Item | None:
    body = data.rstrip(b"\r\n")
    try:
        value = orjson.loads(body)  # validates UTF-8 itself: no separate decode on the hot path
    except orjson.JSONDecodeError as exc:
        if not body.strip():
            return ReadProblem("blank-line", number, "blank line (JSONL has one JSON object per line)")
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as bad:
            return ReadProblem("invalid-utf8", number, f"invalid UTF-8 at byte {bad.start + 1}: {bad.reason}", bad.start + 1)
        column = (exc.colno or 0) or None
        return ReadProblem("invalid-json", number, f"invalid JSON: {exc.msg}", column)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        kind = {"list": "array", "str": "string", "int": "number", "float": "number", "bool": "boolean"}.get(kind, kind)
        return ReadProblem("not-an-object", number, f"line is a JSON {kind}, not an object")
    return Record(number, value)


def read_records(path: str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[Item]:
    """Records and problems of one file, in file order."""
    if path != "-" and path.endswith(".json") and _starts_with_array(path):
        yield from _read_json_array(path, max_line_bytes)
        return
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
        if raw.line == 1 and data.startswith(BOM):
            yield ReadProblem("bom", 1, "file starts with a UTF-8 byte-order mark (BOM); many JSONL readers reject it")
            data = data[len(BOM):]
        item = _decode_line(raw.line, data)
        if item is not None:
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
    try:
        fh = _open_binary(path)
    except ReadError:
        return False
    try:
        head = fh.read(4096)
    except (OSError, EOFError, zlib.error):
        return False  # unreadable head (e.g. corrupt gzip): the line reader reports it as a ReadError
    finally:
        fh.close()
    return head.lstrip(BOM).lstrip().startswith(b"[")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _read_json_array(path: str, max_line_bytes: int) -> Iterator[Item]:
    """A JSON array file: each element is a record located at the line where it starts."""
    fh = _open_binary(path)
    try:
        data = fh.read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ReadError(f"{path}: compressed data is corrupt or truncated ({exc})") from None
    except OSError as exc:
        raise ReadError(f"{path}: read failed ({exc.strerror or exc})") from None
    finally:
        fh.close()
    if data.startswith(BOM):
        yield ReadProblem("bom", 1, "file starts with a UTF-8 byte-order mark (BOM); many JSON readers reject it")
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        yield ReadProblem("invalid-utf8", line, f"invalid UTF-8: {exc.reason}")
        return
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    pos = text.index("[") + 1
    line = text.count("\n", 0, pos) + 1
    end = len(text)
    count = 0
    while True:
        start = _skip_ws(text, pos)
        line += text.count("\n", pos, start)
        if start < end and text[start] == "]" and count == 0:
            break
        if count:
            if start < end and text[start] == "]":
                break
            if start >= end or text[start] != ",":
                yield ReadProblem("invalid-json", line, "invalid JSON: expected ',' or ']' between array elements")
                return
            nxt = _skip_ws(text, start + 1)
            line += text.count("\n", start, nxt)
            start = nxt
        try:
            value, stop = decoder.raw_decode(text, start)
        except (ValueError, RecursionError) as exc:
            msg = getattr(exc, "msg", None) or "nesting too deep"
            yield ReadProblem("invalid-json", line, f"invalid JSON in array element: {msg}")
            return
        count += 1
        if stop - start > max_line_bytes:
            yield ReadProblem("line-too-long", line, f"element longer than {max_line_bytes:,} bytes; not parsed")
        elif not isinstance(value, dict):
            yield ReadProblem("not-an-object", line, f"array element is a JSON {type(value).__name__}, not an object")
        else:
            try:  # same strictness as JSONL lines (lone surrogates, NaN)
                value = orjson.loads(text[start:stop])
            except orjson.JSONDecodeError as exc:
                yield ReadProblem("invalid-json", line, f"invalid JSON: {exc.msg}")
            else:
                yield Record(line, value)
        line += text.count("\n", start, stop)
        pos = stop
    if count == 0:
        yield ReadProblem("empty-file", None, "file holds an empty array: no examples")


def _skip_ws(text: str, pos: int) -> int:
    end = len(text)
    while pos < end and text[pos] in " \t\r\n":
        pos += 1
    return pos

