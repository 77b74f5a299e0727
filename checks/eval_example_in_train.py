"""What it does:
    With `--eval FILE`: reports each evaluation example that is identical, after
    normalisation (NFKC, case folding, whitespace collapsed), to a training example,
    naming every training line that holds it.

Why it matters:
    A test example the model was trained on measures memory, not skill: every score on
    the eval set is inflated and the decision to ship is made on a false figure.

Example:
    eval.jsonl line 4 is the same conversation as train.jsonl line 1873.

Fix:
    Remove the copy from the training file (`ftlint fix` drops leaked training
    examples) or replace the eval example with a fresh one.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.duplicates import gist, line_list
from ftlint.features.leakage import exact_leaks
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class EvalExampleInTrain(Check):
    code = "FT601"
    name = "eval-example-in-train"
    severity = Severity.ERROR
    scope = "train"
    features = (exact_leaks,)

    def run(self, view) -> Iterable[Problem]:
        for e, trains in sorted(view.feature(exact_leaks).items()):
            example = view.eval.examples[e]
            lines = [view.examples[t].line for t in trains]
            yield Problem(
                f"eval example is also in {view.path} (line {line_list(lines)}): \"{gist(example)}\"",
                file=view.eval.path, line=example.line, related=[(view.path, n) for n in lines],
                data={"train_lines": lines},
            )
