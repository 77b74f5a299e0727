"""What it does:
    Reports a file whose records are in more than one format, naming the first line of each.

Why it matters:
    A fine-tuning file has one format; providers reject mixed files and local
    trainers silently mis-read the minority records.

Example:
    Line 1 {"messages": [...]}, line 57 {"prompt": "...", "completion": "..."}.

Fix:
    Convert the minority records to the file's format, or split the file.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class MixedFormats(Check):
    code = "FT010"
    name = "mixed-formats"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        if len(view.formats_seen) < 2:
            return
        firsts = sorted(view.formats_seen.items(), key=lambda kv: kv[1])
        listing = ", ".join(f"{name} (first at line {line})" for name, line in firsts)
        others = [line for name, line in firsts if name != view.format]
        yield Problem(
            f"file mixes {len(firsts)} formats: {listing}; the file is read as {view.format}",
            line=others[0] if others else firsts[0][1],
            related=[(view.path, line) for _, line in firsts],
        )
