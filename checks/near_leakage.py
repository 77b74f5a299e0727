"""What it does:
    With `--eval FILE`: reports each evaluation example that is a near duplicate of a
    training example (a few characters, a name or a number changed), with the most
    similar training line and both texts side by side (`data.texts`). Similarity is the
    near-duplicate check's (FT302): rapidfuzz `fuzz.ratio` on normalised text, template
    text shared by many examples left out, candidates from MinHash/LSH. Exact copies
    are FT601's. As in FT302, passages the eval and training example both hold word for
    word (a shared document or schema) are left out of their comparison: a new question
    about a training document is not a near copy (FT606 reports that shared context).
    Worst case as FT302's: at most 64 candidates per eval or training
    example, each comparison linear in the two lengths (long texts beyond 8,000
    characters are scored through an anchored alignment; see FT302).

Why it matters:
    A lightly edited copy of a training example is as leaked as an exact one: the model
    has memorised its answer, and the eval score is inflated.

Example:
    eval.jsonl line 12: "How do I reset my password?" -> "Open Settings > Security ..."
    train.jsonl line 4410: "How do i reset my pasword?" -> "Open Settings > Security ..."

Fix:
    Remove the training copy (`ftlint fix` drops leaked training examples) or replace
    the eval example.

Options:
    threshold: minimum similarity, 0.75-1.0 (default 0.9).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import (DEFAULT_NEAR_THRESHOLD, NEAR_FLOOR, clip, difference, exact_members,
                                        line_list, percent)
from ftlint.features.leakage import near_leak_pairs
from ftlint.features.texts import example_text
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

TEXT_LIMIT = 2000


class NearLeakage(Check):
    code = "FT603"
    name = "near-leakage"
    severity = Severity.ERROR
    scope = "train"
    features = (near_leak_pairs, exact_members)

    class Options(CheckOptions):
        threshold: float = Field(default=DEFAULT_NEAR_THRESHOLD, ge=NEAR_FLOOR, le=1.0,
                                 description="minimum similarity (fuzz.ratio / 100) of an eval/train pair")

    def run(self, view) -> Iterable[Problem]:
        pairs, members = view.feature(near_leak_pairs), view.feature(exact_members)
        by_eval: dict[int, list[tuple[int, float]]] = {}
        for e, t, s in zip(pairs.eval.tolist(), pairs.train.tolist(), pairs.similarity.tolist()):
            if s >= self.options.threshold:
                by_eval.setdefault(e, []).append((t, s))  # most similar first
        for e, matches in sorted(by_eval.items()):
            example, (best, s) = view.eval.examples[e], matches[0]
            trains = sorted({m for t, _ in matches for m in members.get(t, [t])})
            lines = [view.examples[t].line for t in trains]
            text_e, text_t = example_text(example), example_text(view.examples[best])
            left, right = difference(" ".join(text_e.split()), " ".join(text_t.split()))
            yield Problem(
                f"eval example is a near copy ({percent(s)} similar) of {view.path} line "
                f"{view.examples[best].line}" + (f" (all: {line_list(lines)})" if len(lines) > 1 else "")
                + f": \"{clip(left)}\" vs \"{clip(right)}\"",
                file=view.eval.path, line=example.line, related=[(view.path, n) for n in lines],
                data={"train_lines": lines, "texts": [text_e[:TEXT_LIMIT], text_t[:TEXT_LIMIT]],
                      "similarity": round(s, 4)},
            )
