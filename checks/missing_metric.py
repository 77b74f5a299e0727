"""What it does:
    Reports (once per training file) that no quality metric is declared
    in `[tool.ftlint.readiness]` (pyproject.toml) or `[readiness]` (ftlint.toml): the `metric` declaration is missing.
    A warning by default, an error under `--strict`.

Why it matters:
    Without a measurable metric there is no way to tell whether the fine-tuned model is
    better than the prompt-engineered baseline, or when to stop iterating.

Example:
    A pyproject.toml with `[tool.ftlint]` but no `[tool.ftlint.readiness]` table. Declared:

        [tool.ftlint.readiness]
        metric = "exact match of the JSON answer"

Fix:
    Declare the metric you will score the eval set with, e.g. `metric = "label accuracy"`.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class MissingMetric(Check):
    code = "FT901"
    name = "missing-metric"
    severity = Severity.WARNING
    scope = "train"

    def run(self, view) -> Iterable[Problem]:
        value = getattr(view.settings.declarations, "metric", None)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Problem("no quality metric is declared: declare `metric` in [tool.ftlint.readiness]",
                          severity=Severity.ERROR if view.settings.strict else None)
