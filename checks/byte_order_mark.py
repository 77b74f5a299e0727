"""What it does:
    Reports a UTF-8 byte-order mark (BOM) at the start of the file.

Why it matters:
    Many JSONL readers treat the BOM as part of the first line, which then fails to
    parse or gets a mangled first key.

Example:
    A file saved by some Windows editors starts with the bytes EF BB BF.

Fix:
    Save without BOM, or run `ftlint fix`, which strips it.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class ByteOrderMark(ReadProblemCheck):
    code = "FT003"
    name = "byte-order-mark"
    severity = Severity.WARNING
    kind = "bom"
