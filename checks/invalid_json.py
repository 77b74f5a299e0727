"""What it does:
    Reports a line that is not valid JSON, with the line and column where parsing failed.

Why it matters:
    Providers reject the whole upload when one line fails to parse; local training
    scripts usually crash on it or, worse, skip it silently.

Example:
    {"messages": [{"role": "user", "content": "hi"}    <- missing closing brace

Fix:
    Repair or drop the line (`ftlint fix` drops it and writes it to --rejects).
    NaN and Infinity are not JSON; neither are trailing commas or single quotes.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class InvalidJson(ReadProblemCheck):
    code = "FT001"
    name = "invalid-json"
    severity = Severity.ERROR
    kind = "invalid-json"
