"""What it does:
    Classifies the shape of each example's final answer: JSON object, JSON array, code
    block, markdown list, markdown table, prose, short label or tool call. When one shape
    covers at least `dominance` of the answers, each answer in another shape is a finding
    ("answer is prose; 96.2% of answers (4,811) are JSON objects"). Free-form sets are
    respected: when prose dominates, lists, tables, code blocks, short replies and tool
    calls (the shapes in `free_form`) are normal and not reported; only JSON answers are.
    Answers that look like JSON but do not parse are left to FT505.

Why it matters:
    Output-format consistency is the usual reason to fine-tune. A JSON-extraction set with
    a few prose answers, or a classifier with a few explanations, teaches the model to
    sometimes break the format your parser expects.

Example:
    4,811 answers are {"name": ..., "date": ...}; line 77 answers "The name is Ada Lovelace.".

Fix:
    Rewrite the odd answers into the dominant format, or drop them.

Options:
    dominance: share of the most common shape needed before others are drift (default 0.9).
    min_examples: fewer answers are not judged (default 20).
    free_form: shapes tolerated when prose dominates (default: markdown_list, markdown_table,
        code_block, label, tool_call).
"""
from __future__ import annotations

from typing import Iterable, Literal

from pydantic import Field

from ftlint.features.answers import SHAPE_NAMES, answer_infos, answer_turns, distribution, dominant, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

Shape = Literal["json_object", "json_array", "code_block", "markdown_list", "markdown_table", "prose", "label", "tool_call"]
_PLURAL = {"prose": "prose", "label": "short labels"}


def _plural(shape: str) -> str:
    return _PLURAL.get(shape, SHAPE_NAMES[shape] + "s")


def _singular(shape: str) -> str:
    name = SHAPE_NAMES[shape]
    return name if shape == "prose" else f"a {name}"


class OutputFormatDrift(Check):
    code = "FT504"
    name = "output-format-drift"
    severity = Severity.WARNING
    features = (answer_infos, answer_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share of the most common answer shape needed")
        min_examples: int = Field(default=20, ge=1, description="fewer answers are not judged")
        free_form: list[Shape] = Field(default=["markdown_list", "markdown_table", "code_block", "label", "tool_call"],
                                     description="shapes tolerated when prose dominates")

    def run(self, view) -> Iterable[Problem]:
        infos = view.feature(answer_infos)
        shapes = [None if i.shape in ("none", "empty") or i.json_error else i.shape for i in infos]
        found = dominant(shapes, self.options.dominance, self.options.min_examples)
        if found is None:
            return
        top, n, total, counts = found
        tolerated = set(self.options.free_form) if top == "prose" else set()
        data = distribution(counts, name=SHAPE_NAMES.get)
        turns = view.feature(answer_turns)
        for ex, shape, turn in zip(view.examples, shapes, turns):
            if shape is None or shape == top or shape in tolerated:
                continue
            yield Problem(f"answer is {_singular(shape)}; {pct(n, total)} of answers ({n:,}) are {_plural(top)}",
                          line=ex.line, path=turn.path, data=data)
