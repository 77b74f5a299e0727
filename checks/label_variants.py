"""What it does:
    When the answers look like class labels (see FT507), finds labels spelled in more than
    one way that differ only by case or whitespace ("Positive", "positive", "positive ").
    Each example using a less common spelling is a finding naming the common one.

Why it matters:
    To the model these are different strings: it learns several spellings of one class, a
    classifier's exact-match evaluation counts them wrong, and class counts are split.

Example:
    "Positive" 480 examples, "positive " 12 examples.

Fix:
    Rewrite every variant to one spelling (strip whitespace, fix case).

Options:
    max_labels: more distinct short answers means they are not labels (default 50).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, label_counts, label_groups, label_lines, looks_like_labels
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class LabelVariants(Check):
    code = "FT509"
    name = "label-variants"
    severity = Severity.WARNING
    features = (label_counts, label_lines)

    class Options(CheckOptions):
        max_labels: int = Field(default=50, ge=2, description="more distinct short answers means they are not labels")

    def run(self, view) -> Iterable[Problem]:
        counts = looks_like_labels(view, self.options.max_labels)
        if counts is None:
            return
        lines = view.feature(label_lines)
        for forms in label_groups(counts).values():
            if len(forms) < 2:
                continue
            (main, n_main), *others = forms.most_common()
            spellings = ", ".join(f"{f!r} \u00d7{n:,}" for f, n in forms.most_common(6))
            data = distribution(Counter(forms), name=repr)
            for form, n in others:
                for line in lines[form]:
                    yield Problem(f"label {form!r} differs from {main!r} only by case or whitespace; "
                                  f"spellings: {spellings}", line=line, related=[(view.path, lines[main][0])], data=data)
