"""What it does:
    Reports a line longer than `max-line-bytes` (default 16 MiB); it is skipped unparsed.

Why it matters:
    No training example is that long (a 65,536-token example is about 260 KB); such a
    line is almost always a concatenation bug or embedded binary data, and parsing it
    would cost time and memory for nothing.

Example:
    A 50 MB base64 blob on one line.

Fix:
    Split or drop the line. Raise `max-line-bytes` in the configuration if it is real.

Options:
    None (the limit is the top-level setting `max-line-bytes`).
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class LineTooLong(ReadProblemCheck):
    code = "FT007"
    name = "line-too-long"
    severity = Severity.ERROR
    kind = "line-too-long"
