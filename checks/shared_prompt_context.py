"""What it does:
    With `--eval FILE`: one info finding on the eval file listing the eval examples whose
    prompt shares context with training prompts (a document, a table schema, a ticket
    header found verbatim in training), with each one's share: the part of its prompt's
    13-word n-grams found in training prompts only, and the training lines holding most
    of them. Only eval examples whose answer is not found in training, and which no
    leakage check (FT601-FT604) reports, are listed: this is context, not contamination.
    Template n-grams (in half of the eval or training examples) do not count, as in FT604.

Why it matters:
    A shared document or schema is often by design (questions about the same manual, SQL
    over the same database), and does not leak the eval answer: it is not worth a warning.
    But an eval set whose prompts all come from training documents measures in-domain
    skill, not transfer to unseen documents: the share tells how much of it that is.

Example:
    "24 of 100 eval prompts share context with train.jsonl prompts (a document, schema or
    header; their answers are not in training): eval 3 (62% of its prompt n-grams, train
    118), eval 9 (40%, train 12), ..."

Fix:
    Nothing to fix when the shared context is intended. To measure transfer to unseen
    context, draw eval examples from documents or schemas not used in training.

Options:
    min_share: an eval prompt is listed from this share of its n-grams up (default 0.1).
    n: words per n-gram (default 13, as FT604).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import DEFAULT_NEAR_THRESHOLD, percent
from ftlint.features.leakage import NgramOverlap, exact_leaks, near_leak_pairs, prompt_leaks
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class SharedPromptContext(Check):
    code = "FT606"
    name = "shared-prompt-context"
    severity = Severity.INFO
    scope = "train"
    features = (exact_leaks, near_leak_pairs, prompt_leaks, NgramOverlap())

    class Options(CheckOptions):
        min_share: float = Field(default=0.1, gt=0, le=1, description="share of prompt n-grams from which an "
                                                                      "eval prompt is listed")
        n: int = Field(default=13, ge=3, le=50, description="words per n-gram")

    def run(self, view) -> Iterable[Problem]:
        if view.eval is None or not view.eval.examples:
            return
        near = view.feature(near_leak_pairs)
        leaked = (set(view.feature(exact_leaks)) | set(view.feature(prompt_leaks))
                  | set(near.eval[near.similarity >= DEFAULT_NEAR_THRESHOLD].tolist()))
        listed = [ov for ov in view.feature(NgramOverlap(self.options.n))
                  if not ov.matched and ov.eval not in leaked and ov.context_share >= self.options.min_share]
        if not listed:
            return
        examples = [{"eval_line": view.eval.examples[ov.eval].line, "share": round(ov.context_share, 4),
                     "matched": ov.context_matched, "counted": ov.context_counted,
                     "train_lines": [view.examples[t].line for t in ov.context_train]} for ov in listed]
        shown = ", ".join(f"eval {x['eval_line']} ({percent(x['share'])} of {x['counted']} prompt n-grams, train "
                          f"{', '.join(map(str, x['train_lines']))})" for x in examples[:5])
        total = len(view.eval.examples)
        yield Problem(
            f"{len(listed)} of {total} eval prompts share context with {view.path} prompts (a document, schema or "
            f"header; their answers are not in training): {shown}" + (", ..." if len(listed) > 5 else ""),
            file=view.eval.path,
            data={"eval_examples": total, "sharing": len(listed), "percent": round(100 * len(listed) / total, 2),
                  "examples": examples},
        )
