"""What it does:
    Warns when a training file has fewer than `recommended` (default 200) valid, unique
    examples (but at least the hard minimum, which FT201 reports).

Why it matters:
    With under ~200 good examples, few-shot prompting usually gets the same result
    without the cost and lock-in of a fine-tuned model; the documented sweet spot for
    fine-tuning is 200-2000 high-quality examples.

Example:
    A file with 120 valid examples.

Fix:
    Try few-shot prompting first; fine-tune once you have 200+ examples.

Options:
    recommended: the recommended minimum (default 200).
    minimum: below this FT201 reports instead (default 10).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.counts import unique_example_count
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class FewExamples(Check):
    code = "FT202"
    name = "few-examples"
    severity = Severity.WARNING
    scope = "train"
    features = (unique_example_count,)

    class Options(CheckOptions):
        recommended: int = Field(default=200, ge=1, description="recommended minimum of valid unique examples")
        minimum: int = Field(default=10, ge=1, description="below this FT201 reports instead")

    def run(self, view) -> Iterable[Problem]:
        unique = view.feature(unique_example_count)
        if self.options.minimum <= unique < self.options.recommended:
            yield Problem(f"only {unique} valid unique training examples (recommended: {self.options.recommended}"
                          f"-2000); few-shot prompting is likely enough")
