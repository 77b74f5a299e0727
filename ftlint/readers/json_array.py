"""A JSON array file, element by element, with recovery after a broken element.

One hand edit (a stray or missing comma, a trailing comma inside an object) must not drop every
later record: a broken element is reported with its line and byte column and reading goes on
with the next one. Positions:

- an array with one element per line or more (pretty-printed, `json.dump(..., indent=2)`) locates
  each element at the line where it starts (unit `line`);
- a minified array (`json.dump` without indent: elements share lines) locates each element by its
  1-based index in the array (unit `element`, so `jq '.[index-1]'` finds it), with the byte column
  where it starts; the message of a problem names the physical line and byte column too.

The decision is taken on the first elements (at most `DECIDE_AFTER`) and holds for the file.
"""
from __future__ import annotations

import json
import re
from typing import Iterator, Optional

import orjson
from ftlint.readers.source import ReadProblem, Record

DECIDE_AFTER = 1000  # elements buffered before positions are fixed as lines (no two on one line so far)
_WS = " \t\r\n"
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{},"\n]')
_OPEN = {"{": "}", "[": "]"}


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


class _Cursor:
    """Physical line and byte column of increasing character offsets (linear in the text overall)."""

    def __init__(self, text: str, start: int = 0):
        self.text, self.ascii = text, text.isascii()
        self.pos, self.line, self.line_start, self.col_bytes = 0, 1, 0, 0
        self.advance(start)

    def advance(self, p: int) -> tuple[int, int]:
        """(line, 1-based byte column) of offset p >= the last offset asked for."""
        text = self.text
        if p > self.pos:
            n = text.count("\n", self.pos, p)
            if n:
                self.line += n
                self.line_start = text.rfind("\n", self.pos, p) + 1
                self.col_bytes = self._bytes(self.line_start, p)
            else:
                self.col_bytes += self._bytes(self.pos, p)
            self.pos = p
        return self.line, self.col_bytes + 1

    def peek(self, p: int) -> tuple[int, int]:
        """Like advance, without moving (for an error position inside an element)."""
        n = self.text.count("\n", self.pos, p)
        if not n:
            return self.line, self.col_bytes + self._bytes(self.pos, p) + 1
        start = self.text.rfind("\n", self.pos, p) + 1
        return self.line + n, self._bytes(start, p) + 1

    def _bytes(self, a: int, b: int) -> int:
        return b - a if self.ascii else len(self.text[a:b].encode("utf-8", "surrogateescape"))


def _skip_ws(text: str, pos: int) -> int:
    end = len(text)
    while pos < end and text[pos] in _WS:
        pos += 1
    return pos


def _recover_end(text: str, start: int) -> int:
    """Where a broken element ends: at the closing line of its indentation when it starts a line
    (a pretty-printed array), else at the bracket that closes it or the next top-level ',' / ']'."""
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip(" \t") == "" and text[start] in _OPEN:
        close = re.compile("\n" + re.escape(indent) + r"[}\]]").search(text, start)
        reopen = re.compile("\n" + re.escape(indent) + r"[{\[]").search(text, start)
        if close and (not reopen or close.start() < reopen.start()):
            return close.end()
        if reopen:
            return reopen.start()
    stack: list[str] = []
    for m in _TOKEN.finditer(text, start):
        tok = m.group()
        if tok in _OPEN:
            stack.append(_OPEN[tok])
        elif tok in "}]":
            if not stack or stack[-1] != tok:
                return m.start() if m.start() > start else m.end()
            stack.pop()
            if not stack:
                return m.end()
        elif tok == "," and not stack:
            return m.start() if m.start() > start else m.end()
    return len(text)


class ArrayStream:
    """Items of one JSON array (already decoded with surrogateescape); `unit` is set once the
    first item has been produced."""

    def __init__(self, text: str, max_element_bytes: int, name: str = ""):
        self.text, self.max_element_bytes, self.name = text, max_element_bytes, name
        self.unit = "line"

    def __iter__(self) -> Iterator:
        buffered: list[tuple] = []  # entries held until the unit is decided
        decided: Optional[str] = None
        last_line, records = None, 0

        def emit(entry):
            kind, phys, col, index, payload = entry
            if decided == "element":
                where = index or None
            else:
                where = phys
            if kind == "record":
                if decided == "element":
                    return Record(where, payload, col, phys)
                return Record(where, payload)
            problem_kind, message = payload
            if decided == "element" and phys is not None:
                message = f"{message} (array element {index}, line {phys}, byte column {col})" if index else \
                    f"{message} (line {phys}, byte column {col})"
            return ReadProblem(problem_kind, where, message, col)

        for entry in self._entries():
            if decided is not None:
                yield emit(entry)
                continue
            buffered.append(entry)
            if entry[0] == "record":
                if last_line is not None and entry[1] == last_line:
                    decided = "element"
                last_line, records = entry[1], records + 1
                if decided is None and records >= DECIDE_AFTER:
                    decided = "line"
            if decided is not None:
                self.unit = decided
                for e in buffered:
                    yield emit(e)
                buffered = []
        if decided is None:
            decided = self.unit = "line"
            for e in buffered:
                yield emit(e)

    def _entries(self) -> Iterator[tuple]:
        """(kind, physical line, byte column, element index, payload) in file order."""
        text = self.text
        end = len(text)
        open_at = text.find("[")
        if open_at < 0:  # cannot happen for a sniffed file; a stream read elsewhere first could
            yield ("problem", 1, 1, 0, ("invalid-json", "invalid JSON: no '[' opens the array"))
            return
        cur = _Cursor(text, open_at)
        pos, index = open_at + 1, 0
        expect_value, after_comma, recovered = True, None, False
        while True:
            start = _skip_ws(text, pos)
            if start >= end:
                line, col = cur.advance(max(len(text.rstrip(_WS)), cur.pos))
                yield ("problem", line, col, 0, ("invalid-json", "invalid JSON: the array is not closed (no ']' before the end of the file)"))
                return
            c = text[start]
            if c == "]":
                if after_comma is not None and index:
                    line, col = cur.peek(after_comma)
                    yield ("problem", line, col, index, ("invalid-json", "invalid JSON: stray ',' before the array's closing ']'"))
                cur.advance(start)
                rest = _skip_ws(text, start + 1)
                if rest < end:
                    line, col = cur.advance(rest)
                    yield ("problem", line, col, 0, ("invalid-json", "invalid JSON: content after the array's closing ']'"))
                if index == 0:
                    yield ("problem", None, None, 0, ("empty-file", "file holds an empty array: no examples"))
                return
            if c == ",":
                if expect_value:
                    line, col = cur.advance(start)
                    yield ("problem", line, col, index + 1, ("invalid-json", "invalid JSON: stray ',' in the array (no element before it)"))
                expect_value, after_comma, pos = True, start, start + 1
                continue
            line, col = cur.advance(start)
            if not expect_value and not recovered:
                yield ("problem", line, col, index + 1, ("invalid-json", "invalid JSON: missing ',' between array elements"))
            index += 1
            expect_value, after_comma, recovered = False, None, False
            try:
                value, stop = _DECODER.raw_decode(text, start)
            except (ValueError, RecursionError) as exc:
                err = getattr(exc, "pos", None)
                msg = getattr(exc, "msg", None) or "nesting too deep"
                e_line, e_col = cur.peek(err) if isinstance(err, int) and err >= start else (line, col)
                stop = max(_recover_end(text, start), start + 1)
                where = f" (in the element that starts at line {line})" if e_line != line else ""
                yield ("problem", e_line, e_col, index, ("invalid-json", f"invalid JSON in array element: {msg}{where}"))
                pos, recovered = stop, True
                continue
            pos = stop
            if stop - start > self.max_element_bytes:
                yield ("problem", line, col, index, ("line-too-long", f"element longer than {self.max_element_bytes:,} bytes; not parsed"))
            elif not isinstance(value, dict):
                yield ("problem", line, col, index, ("not-an-object", f"array element is a JSON {_json_type(value)}, not an object"))
            else:
                piece = text[start:stop]
                try:  # same strictness as JSONL lines (lone surrogates, NaN)
                    value = orjson.loads(piece)
                except orjson.JSONDecodeError as exc:
                    if any("\udc80" <= ch <= "\udcff" for ch in piece):
                        yield ("problem", line, col, index, ("invalid-utf8", "invalid UTF-8 in array element"))
                    else:
                        yield ("problem", line, col, index, ("invalid-json", f"invalid JSON: {exc.msg}"))
                else:
                    yield ("record", line, col, index, value)


def _json_type(value) -> str:
    if value is None:
        return "null"
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), type(value).__name__)
