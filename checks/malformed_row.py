"""What it does:
    Reports a CSV/TSV row whose number of cells differs from the number of columns in the
    header, at the line where the row starts. The row is not read as a record.

Why it matters:
    A row with a cell too many or too few is usually an unquoted delimiter or a newline inside a
    cell: its values land under the wrong columns (an answer read as the instruction), which
    pandas or `datasets` load silently or refuse with an error far from the cause.

Example:
    instruction,input,output
    Name a colour,,red, green     <- 4 cells, 3 columns: "red, green" needs quotes

Fix:
    Quote cells that hold the delimiter or a newline ("red, green"), or write JSONL instead.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class MalformedRow(ReadProblemCheck):
    code = "FT012"
    name = "malformed-row"
    severity = Severity.ERROR
    kind = "malformed-row"
