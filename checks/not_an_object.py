"""What it does:
    Reports a line that is valid JSON but not a JSON object (an array, a string, a number).

Why it matters:
    Every fine-tuning format expects one object per line; anything else is rejected.

Example:
    ["user", "hello"]

Fix:
    Wrap the data in the object your format expects, e.g. {"messages": [...]}.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class NotAnObject(ReadProblemCheck):
    code = "FT005"
    name = "not-an-object"
    severity = Severity.ERROR
    kind = "not-an-object"
