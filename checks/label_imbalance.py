"""What it does:
    When the answers look like class labels (see FT507), compares the most and least common
    labels among those with at least `min_count` examples (rarer ones are FT507's). If the
    ratio exceeds `max_ratio`, one file-level finding gives the ratio and the distribution.
    Spellings that differ only by case or whitespace count as one label.

Why it matters:
    A classifier fine-tuned on a 30:1 split learns to answer the majority class; the
    minority classes, often the ones that matter, come out rarely and badly.

Example:
    "no_issue" 1,900 examples, "refund" 60, "fraud" 40 (47.5:1).

Fix:
    Add minority examples, down-sample the majority class, or merge classes you don't need.

Options:
    max_ratio: largest allowed ratio between the most and least common label (default 10).
    min_count: labels with fewer examples are ignored here (FT507 reports them) (default 10).
    max_labels: more distinct short answers means they are not labels (default 50).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, label_counts, label_groups, looks_like_labels, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class LabelImbalance(Check):
    code = "FT508"
    name = "label-imbalance"
    severity = Severity.WARNING
    features = (label_counts,)

    class Options(CheckOptions):
        max_ratio: float = Field(default=10.0, gt=1.0, description="largest allowed most/least common label ratio")
        min_count: int = Field(default=10, ge=1, description="labels with fewer examples are ignored (see FT507)")
        max_labels: int = Field(default=50, ge=2, description="more distinct short answers means they are not labels")

    def run(self, view) -> Iterable[Problem]:
        counts = looks_like_labels(view, self.options.max_labels)
        if counts is None:
            return
        merged = Counter({forms.most_common(1)[0][0]: sum(forms.values()) for forms in label_groups(counts).values()})
        total = sum(merged.values())
        kept = [(label, n) for label, n in merged.most_common() if n >= self.options.min_count]
        if len(kept) < 2:
            return
        (big, n_big), (small, n_small) = kept[0], kept[-1]
        ratio = n_big / n_small
        if ratio <= self.options.max_ratio:
            return
        yield Problem(f"labels are imbalanced {ratio:.1f}:1 (limit {self.options.max_ratio:g}:1): {big!r} has "
                      f"{n_big:,} examples ({pct(n_big, total)}), {small!r} has {n_small:,} ({pct(n_small, total)}); "
                      f"{len(merged)} labels in {total:,} answers", data=distribution(merged, name=repr))
