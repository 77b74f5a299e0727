"""What it does:
    Reports each group of examples that are identical after normalisation (Unicode NFKC,
    case folding, whitespace collapsed) and have the same tool definitions (equal JSON
    values) and media (images, audio, video), once per group: the finding sits on the first
    copy and names every other line (all of them in JSON `data.lines`). Two records with
    the same conversation but different `tools` are different examples: the model is
    trained on both contexts.

Why it matters:
    Duplicates waste training budget and overweight the behaviour they show; the
    model sees those examples several times per epoch.

Example:
    Lines 12 and 480 are both {"messages": [{"role": "user", "content": "Reset my password"},
    {"role": "assistant", "content": "Open Settings > Security ..."}]} (one in capitals).

Fix:
    Keep one copy of each group (`ftlint fix` keeps the first).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.duplicates import exact_duplicate_groups, gist, line_list
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class ExactDuplicates(Check):
    code = "FT301"
    name = "exact-duplicates"
    severity = Severity.WARNING
    features = (exact_duplicate_groups,)

    def run(self, view) -> Iterable[Problem]:
        for group in exact_duplicate_groups(view):
            lines = [view.examples[i].line for i in group]
            yield Problem(
                f"{len(lines)} identical examples (lines {line_list(lines)}): \"{gist(view.examples[group[0]])}\"",
                line=lines[0], related=[(view.path, n) for n in lines[1:]],
                data={"lines": lines, "copies": len(lines)},
            )
