"""What it does:
    When the answers look like class labels (at least 95% are short one-line answers, with at
    most `max_labels` distinct ones), reports each label used by fewer than `min_count`
    examples. Spellings that differ only by case or whitespace count as one label; a rare
    spelling of a common label is left to FT509.

Why it matters:
    A class the model sees a handful of times is one it will rarely predict; a label that
    appears once or twice is often a typo or an annotation slip.

Example:
    "positive" 512, "negative" 470, "neutral" 61, "sarcastic" 3.

Fix:
    Add examples of the rare class, merge it into another, or correct the typo.

Options:
    min_count: labels with fewer examples are reported (default 10).
    max_labels: more distinct short answers than this means the answers are not labels (default 50).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import (distribution, label_counts, label_groups, label_key, label_lines,
                                     looks_like_labels, pct)
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class RareLabel(Check):
    code = "FT507"
    name = "rare-label"
    severity = Severity.WARNING
    features = (label_counts, label_lines)

    class Options(CheckOptions):
        min_count: int = Field(default=10, ge=1, description="labels with fewer examples are reported")
        max_labels: int = Field(default=50, ge=2, description="more distinct short answers means they are not labels")

    def run(self, view) -> Iterable[Problem]:
        counts = looks_like_labels(view, self.options.max_labels)
        if counts is None:
            return
        groups = label_groups(counts)
        merged = Counter({forms.most_common(1)[0][0]: sum(forms.values()) for forms in groups.values()})
        total = sum(merged.values())
        lines = view.feature(label_lines)
        data = distribution(merged, name=repr)
        for label, n in sorted(merged.items(), key=lambda kv: kv[1]):
            if n >= self.options.min_count:
                break
            at = sorted(line for form in groups[label_key(label)] for line in lines[form])
            yield Problem(f"label {label!r} has only {n:,} example{'s' if n > 1 else ''} ({pct(n, total)}), "
                          f"under the minimum of {self.options.min_count}; {len(merged)} labels in {total:,} answers",
                          line=at[0], related=[(view.path, x) for x in at[1:50]], data=data)
