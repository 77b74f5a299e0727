"""What it does:
    Reports (once per training file) that no hypothesis is declared
    in `[tool.ftlint.readiness]` (pyproject.toml) or `[readiness]` (ftlint.toml): the `hypothesis` declaration is missing.
    A warning by default, an error under `--strict`.

Why it matters:
    Fine-tuning teaches behaviour; a hypothesis names the behaviour and the expected gain
    ("format compliance 85% -> 95%"), so the result can confirm or refute it.

Example:
    A pyproject.toml with `[tool.ftlint]` but no `[tool.ftlint.readiness]` table. Declared:

        [tool.ftlint.readiness]
        hypothesis = "format compliance 85% -> 95%"

Fix:
    Declare what fine-tuning should improve, and by how much.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class MissingHypothesis(Check):
    code = "FT902"
    name = "missing-hypothesis"
    severity = Severity.WARNING
    scope = "train"

    def run(self, view) -> Iterable[Problem]:
        value = getattr(view.settings.declarations, "hypothesis", None)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Problem("no hypothesis is declared: declare `hypothesis` in [tool.ftlint.readiness]",
                          severity=Severity.ERROR if view.settings.strict else None)
