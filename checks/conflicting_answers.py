"""What it does:
    Reports a prompt (every turn before the final target, normalised) that appears
    with two or more different target answers, listing each distinct answer with its
    lines (`data.answers`). Examples without a prompt or an answer are skipped.

Why it matters:
    The same input with different expected outputs is label noise: the model is taught
    both answers and learns neither reliably (for a classifier, the label is a coin flip).

Example:
    Line 7: "Classify: 'The parcel never arrived'" -> "negative"
    Line 93: "Classify: 'The parcel never arrived'" -> "neutral"

Fix:
    Decide the correct answer and fix or drop the others. If the dataset deliberately
    holds several sampled answers per prompt, set `sampled_answers = true`.

Options:
    sampled_answers: the dataset holds several answers per prompt on purpose; report
        conflicts as warnings instead of errors (default false).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import clip, line_list, normalized_answer, prompt_groups
from ftlint.features.texts import text_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class ConflictingAnswers(Check):
    code = "FT303"
    name = "conflicting-answers"
    severity = Severity.ERROR
    features = (text_keys, prompt_groups)

    class Options(CheckOptions):
        sampled_answers: bool = Field(default=False, description="several answers per prompt are intended: "
                                                                "report conflicts as warnings")

    def run(self, view) -> Iterable[Problem]:
        answers = view.feature(text_keys).answer
        severity = Severity.WARNING if self.options.sampled_answers else None
        for members in view.feature(prompt_groups).values():
            if len(members) < 2:
                continue
            by_answer: dict[bytes, list[int]] = {}
            for i in members:
                by_answer.setdefault(answers[i], []).append(i)
            if len(by_answer) < 2:
                continue
            lines = [view.examples[i].line for i in members]
            distinct = [(normalized_answer(view.examples[ix[0]]), [view.examples[i].line for i in ix])
                        for ix in by_answer.values()]
            listed = "; ".join(f"\"{clip(a, 40)}\" (line {line_list(ls, 3)})" for a, ls in distinct)
            yield Problem(
                f"same prompt has {len(distinct)} different answers: {listed}",
                line=lines[0], related=[(view.path, n) for n in lines[1:]], severity=severity,
                data={"lines": lines, "answers": [{"answer": a, "lines": ls} for a, ls in distinct]},
            )
