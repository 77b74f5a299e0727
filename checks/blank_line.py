"""What it does:
    Reports an empty or whitespace-only line.

Why it matters:
    Blank lines are not JSON; some uploaders reject the file, others count them as
    broken examples.

Example:
    Two examples separated by an empty line.

Fix:
    Remove blank lines (`ftlint fix` drops them).

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class BlankLine(ReadProblemCheck):
    code = "FT004"
    name = "blank-line"
    severity = Severity.WARNING
    kind = "blank-line"
