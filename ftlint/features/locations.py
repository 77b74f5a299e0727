"""The line of a field inside a multi-line record, for findings that name one field.

A JSONL record is one line, so every field of it is on the record's line. A JSON array file
is usually pretty-printed (`json.dump(..., indent=2)`): a record spans many lines and its
`line` is where the element starts. `field_locator(view).line(record_line, path)` gives the
line where the value at `path` (e.g. `$.input`, `$.conversations[3].value`) starts.

The file is read again only the first time a line is asked for, and only when it is a JSON
array file (never stdin, which ftlint reads as JSONL). Each asked-for element is scanned from
its first character, token by token, to the value; no other element is scanned. When the
element or the path cannot be found the record's own line is returned: a line is never guessed.
"""
from __future__ import annotations

import json
import re
from typing import Optional

from ftlint.reading import BOM, ReadError, _open_binary, _starts_with_array
from ftlint.view import feature

_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')
_WS = " \t\r\n"


def path_steps(path: str) -> Optional[list]:
    """`$.a[2].b` -> ["a", 2, "b"]; None for a path this module cannot follow."""
    if not path.startswith("$"):
        return None
    steps, pos = [], 1
    for m in _PATH_STEP.finditer(path, 1):
        if m.start() != pos:
            return None
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    return steps if pos == len(path) else None


def scan_element(text: str, start: int, steps: list) -> tuple[Optional[int], int]:
    """(offset where the value at `steps` begins or None, offset just past the element) for the JSON
    object or array starting at `start`. Linear in the element: strings and punctuation are matched
    by one regular expression, scalars skipped between them."""
    found: Optional[int] = start if not steps else None
    depth = len(steps)
    stack: list[list] = []  # per open container: [is an object, current key or index, a key comes next]
    for m in _TOKEN.finditer(text, start):
        tok = m.group()
        if tok == "{" or tok == "[":
            if found is None and len(stack) == depth and [f[1] for f in stack] == steps:
                found = m.start()
            stack.append([tok == "{", None if tok == "{" else 0, tok == "{"])
        elif tok == "}" or tok == "]":
            stack.pop()
            if not stack:
                return found, m.end()
        elif tok == ",":
            frame = stack[-1]
            if frame[0]:
                frame[2] = True
            else:
                frame[1] += 1
        elif tok == ":":
            stack[-1][2] = False
        elif stack[-1][0] and stack[-1][2]:
            stack[-1][1] = json.loads(tok)
        elif found is None and len(stack) == depth and [f[1] for f in stack] == steps:
            found = m.start()
    return found, len(text)


class FieldLines:
    """Lines of fields in the records of one file (see the module docstring)."""

    def __init__(self, path: str):
        self.path = path
        self._text: Optional[str] = None
        self._starts: Optional[list[int]] = None  # offset of the start of each line
        self._loaded = False

    def _load(self) -> None:
        self._loaded = True
        if self.path == "-" or not self.path.endswith(".json") or not _starts_with_array(self.path):
            return
        try:
            fh = _open_binary(self.path)
            try:
                data = fh.read()
            finally:
                fh.close()
            text = data[len(BOM):].decode("utf-8") if data.startswith(BOM) else data.decode("utf-8")
        except (ReadError, OSError, EOFError, UnicodeDecodeError, ValueError):
            return
        starts, at = [0], text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._text, self._starts = text, starts

    def line(self, record_line: int, path: str) -> int:
        """The 1-based line where the value at `path` of the record starting on `record_line` begins."""
        if not self._loaded:
            self._load()
        text, starts = self._text, self._starts
        steps = path_steps(path)
        if text is None or steps is None or not 1 <= record_line <= len(starts):
            return record_line
        pos = starts[record_line - 1]
        end = starts[record_line] if record_line < len(starts) else len(text)
        while pos < end and (text[pos] in _WS or text[pos] in "[,"):
            pos += 1
        if pos >= end or text[pos] != "{":
            return record_line
        offset, close = scan_element(text, pos, steps)
        if offset is None or close <= end and "{" in text[close:end]:
            return record_line  # not found, or several elements start on this line (a minified array)
        return record_line + text.count("\n", pos, offset)


@feature(inline=True)  # nothing is read until a line is asked for
def field_locator(view) -> FieldLines:
    """A `FieldLines` for the view's file (reads nothing until a line is asked for)."""
    # positions that are not lines (a minified array's element indices, table rows) have no field lines
    return FieldLines(view.path if getattr(view, "unit", "line") == "line" else "-")
