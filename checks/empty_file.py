"""What it does:
    Reports a file with no records at all (zero bytes, or an empty JSON array).

Why it matters:
    An empty file is usually an export that failed; training on it is impossible.

Example:
    A zero-byte train.jsonl.

Fix:
    Re-run the export that produced the file.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class EmptyFile(ReadProblemCheck):
    code = "FT006"
    name = "empty-file"
    severity = Severity.ERROR
    kind = "empty-file"
