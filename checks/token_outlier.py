"""What it does:
    Warns about examples far longer than the rest of the dataset: more tokens than the
    dataset's 99th percentile *and* more than 4 times its median (both configurable).
    Only datasets of at least `min_examples` examples are judged.

Why it matters:
    A handful of giant examples often are pasting accidents (a whole log, a document, a
    conversation concatenated twice). They dominate the bill and the gradient, and they
    are unlike what the model will see in use.

Example:
    A dataset of short answers (median 300 tokens) with one 9,000-token example.

Fix:
    Look at the flagged lines; trim or split them, or drop them if they are accidents.

Options:
    percentile: examples must be above this percentile of token counts (default 99).
    median_factor: ... and above this multiple of the median (default 4.0).
    min_examples: smaller datasets are not judged (default 10).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from pydantic import Field

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class TokenOutlier(Check):
    code = "FT402"
    name = "token-outlier"
    severity = Severity.WARNING
    features = (example_tokens,)

    class Options(CheckOptions):
        percentile: float = Field(default=99.0, gt=0, lt=100, description="percentile of token counts to exceed")
        median_factor: float = Field(default=4.0, ge=1, description="multiple of the median to exceed")
        min_examples: int = Field(default=10, ge=2, description="smaller datasets are not judged")

    def run(self, view) -> Iterable[Problem]:
        total = view.feature(example_tokens).total
        if total.size < self.options.min_examples:
            return
        high, median = np.percentile(total, [self.options.percentile, 50])
        threshold = max(high, self.options.median_factor * median)
        pct = f"p{self.options.percentile:g}"
        for i in np.flatnonzero(total > threshold):
            n = int(total[i])
            yield Problem(f"example has {n:,} tokens, {n / max(median, 1):.1f}x the median of {median:,.0f} "
                          f"(above {pct} = {high:,.0f}); check it is not an accident",
                          line=view.examples[i].line,
                          data={"tokens": n, "median": float(median), pct: float(high)})
