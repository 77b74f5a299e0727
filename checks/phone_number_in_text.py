"""What it does:
    Reports phone numbers in any turn's text or tool calls, with the JSON path and line of
    the field and a masked excerpt. Recognised: international numbers written with a leading
    `+` and country code (`+44 20 7946 0958`, `+14155550132`) and North American numbers
    (`(415) 555-0132`, `415-555-0132`, `415.555.0132`). Bare digit runs, dates, prices and
    version numbers are not phone numbers.

Why it matters:
    Phone numbers are personal data; a model trained on them can repeat them.

Example:
    {"role": "user", "content": "Call me back on +1 415-555-0132"}

Fix:
    Replace real numbers with placeholders (`+1 555-0100` style fictional numbers) before training.

Options:
    max_reported: list at most this many occurrences, then one summary finding (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.secrets import problems, sensitive_content
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class PhoneNumberInText(Check):
    code = "FT803"
    name = "phone-number-in-text"
    severity = Severity.WARNING
    features = (sensitive_content,)

    class Options(CheckOptions):
        max_reported: int = Field(default=100, ge=0, description="occurrences listed before one summary finding")

    def run(self, view) -> Iterable[Problem]:
        yield from problems(view.feature(sensitive_content)["phone"], self.options.max_reported)
