"""What it does:
    Reports (once per training file) that no prompt-engineered baseline score is declared
    in `[tool.ftlint.readiness]` (pyproject.toml) or `[readiness]` (ftlint.toml): the `baseline` declaration is missing.
    A warning by default, an error under `--strict`.

Why it matters:
    A fine-tune is worth its cost only if it beats a well-prompted base model on the same
    eval set; without the baseline score the comparison cannot be made.

Example:
    A pyproject.toml with `[tool.ftlint]` but no `[tool.ftlint.readiness]` table. Declared:

        [tool.ftlint.readiness]
        baseline = 0.85

Fix:
    Measure it with `ftlint baseline --eval eval.jsonl --predictions preds.jsonl --metric exact`
    and declare the score (and optionally `target = 0.95`).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class MissingBaseline(Check):
    code = "FT903"
    name = "missing-baseline"
    severity = Severity.WARNING
    scope = "train"

    def run(self, view) -> Iterable[Problem]:
        value = getattr(view.settings.declarations, "baseline", None)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Problem("no prompt-engineered baseline score is declared: declare `baseline` in [tool.ftlint.readiness]",
                          severity=Severity.ERROR if view.settings.strict else None)
