"""What it does:
    Reports International Bank Account Numbers in any turn's text or tool calls, with the
    JSON path and line of the field and a masked excerpt. A candidate counts only when its
    length matches its country's IBAN length and it passes the ISO 13616 mod-97 checksum,
    written together (`GB82WEST12345698765432`) or in groups of four.

Why it matters:
    Bank account numbers are personal data; a model trained on them can repeat them.

Example:
    {"role": "user", "content": "Refund to GB82 WEST 1234 5698 7654 32"}

Fix:
    Remove or mask account numbers before training.

Options:
    max_reported: list at most this many occurrences, then one summary finding (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.secrets import problems, sensitive_content
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class IbanInText(Check):
    code = "FT805"
    name = "iban-in-text"
    severity = Severity.WARNING
    features = (sensitive_content,)

    class Options(CheckOptions):
        max_reported: int = Field(default=100, ge=0, description="occurrences listed before one summary finding")

    def run(self, view) -> Iterable[Problem]:
        yield from problems(view.feature(sensitive_content)["iban"], self.options.max_reported)
