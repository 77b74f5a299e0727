"""What it does:
    With `--eval FILE`: reports each evaluation example whose prompt (every turn before
    the final answer, normalised, with the same tool definitions and media) is also the
    prompt of a training example, with any answer. The same question asked with other
    tools is another prompt. Whole-example copies are FT601's and are not repeated here.

Why it matters:
    The model has seen the exact test input during training (with the same or another
    answer), so the eval no longer measures how it handles unseen inputs.

Example:
    eval.jsonl line 9: "Classify: 'Refund took three weeks'" -> "negative";
    train.jsonl line 311 has the same prompt with the answer "neutral".

Fix:
    Drop the training examples that share the prompt, or replace the eval example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.duplicates import gist, line_list
from ftlint.features.leakage import prompt_leaks
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class EvalPromptInTrain(Check):
    code = "FT602"
    name = "eval-prompt-in-train"
    severity = Severity.ERROR
    scope = "train"
    features = (prompt_leaks,)

    def run(self, view) -> Iterable[Problem]:
        for e, trains in sorted(view.feature(prompt_leaks).items()):
            example = view.eval.examples[e]
            lines = [view.examples[t].line for t in trains]
            yield Problem(
                f"eval prompt is also a training prompt in {view.path} (line {line_list(lines)}), with another "
                f"answer: \"{gist(example)}\"",
                file=view.eval.path, line=example.line, related=[(view.path, n) for n in lines],
                data={"train_lines": lines},
            )
