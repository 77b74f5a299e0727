"""What it does:
    Reports payment card numbers in any turn's text or tool calls, with the JSON path and
    line of the field and a masked excerpt. A number counts only when it is 13-19 digits
    (together or in the printed groups), falls in a major network's issuer range (Visa,
    Mastercard, American Express, Discover, JCB, Diners Club) and passes the Luhn checksum;
    numbers with fewer than three distinct digits (test numbers like 4111 1111 1111 1111)
    are ignored.

Why it matters:
    Card numbers are regulated personal data (PCI DSS); a model trained on them can repeat them.

Example:
    {"role": "user", "content": "My card is 4539 1488 0343 6467, please refund it"}

Fix:
    Remove or mask card numbers (`**** **** **** 6467`) before training.

Options:
    max_reported: list at most this many occurrences, then one summary finding (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.secrets import problems, sensitive_content
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class CardNumberInText(Check):
    code = "FT804"
    name = "card-number-in-text"
    severity = Severity.WARNING
    features = (sensitive_content,)

    class Options(CheckOptions):
        max_reported: int = Field(default=100, ge=0, description="occurrences listed before one summary finding")

    def run(self, view) -> Iterable[Problem]:
        yield from problems(view.feature(sensitive_content)["card"], self.options.max_reported)
