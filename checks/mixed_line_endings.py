"""What it does:
    Reports a file that mixes CRLF and LF line endings, with the first line of each.

Why it matters:
    Mixed endings are a sign that files were concatenated from different sources;
    a stray carriage return can end up inside the last string value of a line.

Example:
    Lines 1-100 end in \r\n, lines 101-200 in \n.

Fix:
    Normalise line endings (`ftlint fix` does).

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class MixedLineEndings(ReadProblemCheck):
    code = "FT008"
    name = "mixed-line-endings"
    severity = Severity.INFO
    kind = "mixed-line-endings"
