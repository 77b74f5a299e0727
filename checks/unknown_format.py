"""What it does:
    Reports a file in which no record matches a known format, naming the keys it found.

Why it matters:
    ftlint (and the provider) cannot tell what the file is meant to teach; every
    other check is blind on it.

Example:
    {"question": "...", "answer": "..."}   (no messages, prompt/completion, instruction/output...)

Fix:
    Convert to a supported format (`ftlint schema openai_chat` prints the contract), or
    force one with `--format`.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.formats import FORMATS
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class UnknownFormat(Check):
    code = "FT009"
    name = "unknown-format"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        if view.format is None and view.records:
            first = min((r.line for r in view.invalid), default=None)
            yield Problem(
                f"no record matches a known format ({', '.join(FORMATS)}); use --format to force one",
                line=first,
            )
