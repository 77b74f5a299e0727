"""Where a finding is, in the words of its file: a line of a text file, a row of a table
(Parquet, an in-memory DataFrame), an element of a minified JSON array (with its byte column),
and for table rows the column the JSON path starts in."""
from __future__ import annotations

from typing import Optional

from ftlint.model import Finding


def column_name(f: Finding) -> Optional[str]:
    """`output` for `$.output` of a table row, `messages` for `$.messages[1].content`; None elsewhere."""
    if not f.table or not f.path or not f.path.startswith("$."):
        return None
    rest = f.path[2:]
    cut = min((i for i in (rest.find("."), rest.find("[")) if i >= 0), default=len(rest))
    return rest[:cut]


def position(f: Finding) -> str:
    """`line 12`, `row 5`, `element 8, byte column 232` (empty for a file-level finding)."""
    if f.line is None:
        return ""
    if f.unit == "element":
        return f"element {f.line}" + (f", byte column {f.column}" if f.column else "")
    return f"{f.unit} {f.line}"


def location(f: Finding) -> str:
    """`file:12` for a line, `file row 5` / `file element 8, byte column 232` otherwise."""
    if f.line is None:
        return f.file
    if f.unit == "line":
        return f"{f.file}:{f.line}"
    return f"{f.file} {position(f)}"


def path_note(f: Finding) -> str:
    """The JSON path, or for a table row the column (and the path inside the cell)."""
    if not f.path or f.path == "$":
        return ""
    column = column_name(f)
    if column is None:
        return f.path
    inner = f.path[2 + len(column):]
    return f"column {column}" + (f", {inner.lstrip('.')}" if inner else "")
