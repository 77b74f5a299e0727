"""What it does:
    With `--eval FILE`: warns when the evaluation set has fewer than `minimum` (default 50)
    valid unique examples, and notes (info) a set above `maximum` (default 100); the
    message gives the eval set's share of all data.

Why it matters:
    Fewer than ~50 labelled test examples cannot tell a real improvement from noise;
    the documented range is 50-100 examples kept apart from training.

Example:
    train.jsonl with 800 examples and eval.jsonl with 20.

Fix:
    Hold out 50-100 representative examples (never copies of training ones).

Options:
    minimum: fewer is a warning (default 50).
    maximum: more is reported as info (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.counts import unique_example_count
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class EvalSetSize(Check):
    code = "FT203"
    name = "eval-set-size"
    severity = Severity.WARNING
    scope = "train"
    features = (unique_example_count,)

    class Options(CheckOptions):
        minimum: int = Field(default=50, ge=1)
        maximum: int = Field(default=100, ge=1)

    def run(self, view) -> Iterable[Problem]:
        if view.eval is None:
            return
        n = view.eval.feature(unique_example_count)
        total = n + view.feature(unique_example_count)
        share = f"{100 * n / total:.1f}% of all examples" if total else "no examples at all"
        if n < self.options.minimum:
            yield Problem(f"eval set has {n} valid unique examples ({share}); recommended: "
                          f"{self.options.minimum}-{self.options.maximum}", file=view.eval.path)
        elif n > self.options.maximum:
            yield Problem(f"eval set has {n} valid unique examples ({share}); {self.options.minimum}-"
                          f"{self.options.maximum} is usually enough", file=view.eval.path, severity=Severity.INFO)
