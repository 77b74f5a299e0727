"""What it does:
    Reports a training file with fewer than `minimum` (default 10) valid, unique examples,
    counted after dropping invalid records and exact duplicates.

Why it matters:
    OpenAI refuses fine-tuning jobs with fewer than 10 examples; any trainer would
    only memorise so few.

Example:
    A file with 8 valid examples, or 30 lines that are 7 examples repeated.

Fix:
    Collect more examples (200-2000 high-quality ones is the documented sweet spot).

Options:
    minimum: the hard minimum (default 10).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.counts import unique_example_count
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class TooFewExamples(Check):
    code = "FT201"
    name = "too-few-examples"
    severity = Severity.ERROR
    scope = "train"
    features = (unique_example_count,)

    class Options(CheckOptions):
        minimum: int = Field(default=10, ge=1, description="hard minimum of valid unique examples")

    def run(self, view) -> Iterable[Problem]:
        unique = view.feature(unique_example_count)
        if unique < self.options.minimum:
            yield Problem(f"{unique} valid unique training example(s) ({len(view.examples)} valid, "
                          f"{view.records} records); at least {self.options.minimum} are required")
