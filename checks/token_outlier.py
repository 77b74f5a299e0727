"""What it does:
    Warns about examples that are out of the dataset's distribution of lengths, not merely
    in its long tail: more tokens than Tukey's far-out fence (the third quartile plus
    `fence` times the interquartile range, Q3 + 3 x IQR by default) *and* more than
    `median_factor` times the median (8 by default). Quartiles and median are those of the
    examples' exact token counts, by linear interpolation (numpy's default); the message
    prints every figure, so the verdict can be checked by hand. Only datasets of at least
    `min_examples` examples are judged.

Why it matters:
    A handful of giant examples often are pasting accidents (a whole log, a document, a
    conversation concatenated twice). They dominate the bill and the gradient, and they
    are unlike what the model will see in use. A long answer in a long-tailed set (a code
    answer at 4-5x the median is normal in instruction data) is not one of them: on
    LLaMA-Factory's alpaca_en_demo.json counted for gpt-4o-mini (median 123 tokens, Q3 259,
    IQR 215, fence 902, longest 577) no example is reported, while a p99 rule flags the top 1%
    of any set.

Example:
    A dataset of short answers (median 300 tokens, Q3 400, IQR 150, fence 850) with one
    9,000-token example: it is above the fence and 30x the median.

Fix:
    Look at the flagged lines; trim or split them, or drop them if they are accidents.

Options:
    fence: multiple of the interquartile range above the third quartile (default 3.0, Tukey's
        "far out"; 1.5 is his "outside").
    median_factor: ... and above this multiple of the median (default 8.0).
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
        fence: float = Field(default=3.0, ge=0, description="multiple of the IQR above Q3 to exceed")
        median_factor: float = Field(default=8.0, ge=1, description="multiple of the median to exceed")
        min_examples: int = Field(default=10, ge=2, description="smaller datasets are not judged")

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        examples = np.flatnonzero(counts.counted)  # an example its template refused has no count (FT410)
        total = counts.total[examples]
        if total.size < self.options.min_examples:
            return
        q1, median, q3 = (float(x) for x in np.percentile(total, [25, 50, 75]))
        iqr = q3 - q1
        fence = q3 + self.options.fence * iqr
        threshold = max(fence, self.options.median_factor * median)
        k = f"{self.options.fence:g}"
        for i in examples[total > threshold]:
            n = int(counts.total[i])
            yield Problem(f"example has {n:,} tokens, {n / max(median, 1):.1f}x the median of {median:,.0f} and above "
                          f"the outlier fence of {fence:,.0f} (Q3 {q3:,.0f} + {k} x IQR {iqr:,.0f}); "
                          f"check it is not an accident",
                          line=view.examples[i].line,
                          data={"tokens": n, "median": median, "q1": q1, "q3": q3, "fence": fence,
                                "median_factor": self.options.median_factor})
