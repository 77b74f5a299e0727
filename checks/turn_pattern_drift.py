"""What it does:
    Computes each example's role sequence (ignoring a leading system message, which FT502
    judges) such as "user > assistant". When one sequence covers at least `dominance` of
    the examples, every example with another sequence is a finding naming both.

Why it matters:
    A single-turn dataset with a few multi-turn or tool-using examples (or the reverse)
    teaches a conversation structure the deployment never uses; the odd ones are often
    merged records or export mistakes.

Example:
    98% of examples are "user > assistant"; line 812 is "user > assistant > user > assistant".

Fix:
    Split, trim or drop the odd examples, or add enough of them to be a deliberate pattern.

Options:
    dominance: share of the most common sequence needed before others are drift (default 0.9).
    min_examples: fewer examples are not judged (default 20).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, dominant, pct, role_patterns
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class TurnPatternDrift(Check):
    code = "FT503"
    name = "turn-pattern-drift"
    severity = Severity.WARNING
    features = (role_patterns,)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share of the most common role sequence needed")
        min_examples: int = Field(default=20, ge=1, description="fewer examples are not judged")

    def run(self, view) -> Iterable[Problem]:
        patterns = view.feature(role_patterns)
        found = dominant(patterns, self.options.dominance, self.options.min_examples)
        if found is None:
            return
        top, n, total, counts = found
        data = distribution(counts)
        for ex, pattern in zip(view.examples, patterns):
            if pattern != top:
                shown = pattern or "(no turns)"
                yield Problem(f"turn pattern is {shown!r} ({counts[pattern]:,} examples); "
                              f"{pct(n, total)} of examples ({n:,}) are {top!r}", line=ex.line, data=data)
