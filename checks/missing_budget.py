"""What it does:
    Reports (once per training file) that no training budget is declared
    in `[tool.ftlint.readiness]` (pyproject.toml) or `[readiness]` (ftlint.toml): the `budget_usd` declaration is missing.
    A warning by default, an error under `--strict`.

Why it matters:
    A fine-tune usually takes 2-3 iterations; declaring a budget lets ftlint check the
    estimated cost of those iterations against it (see FT905).

Example:
    A pyproject.toml with `[tool.ftlint]` but no `[tool.ftlint.readiness]` table. Declared:

        [tool.ftlint.readiness]
        budget_usd = 50

Fix:
    Declare `budget_usd` (and `iterations`, default 3).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class MissingBudget(Check):
    code = "FT904"
    name = "missing-budget"
    severity = Severity.WARNING
    scope = "train"

    def run(self, view) -> Iterable[Problem]:
        value = getattr(view.settings.declarations, "budget_usd", None)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Problem("no training budget is declared: declare `budget_usd` in [tool.ftlint.readiness]",
                          severity=Severity.ERROR if view.settings.strict else None)
