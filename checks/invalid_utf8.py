"""What it does:
    Reports a line whose bytes are not valid UTF-8, naming the byte offset.

Why it matters:
    JSONL is UTF-8 by definition. Latin-1 or broken bytes are rejected by providers
    and turn into replacement characters the model will learn.

Example:
    A line containing the byte 0xE9 (é in Latin-1) on its own.

Fix:
    Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`) or drop the line.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class InvalidUtf8(ReadProblemCheck):
    code = "FT002"
    name = "invalid-utf8"
    severity = Severity.ERROR
    kind = "invalid-utf8"
