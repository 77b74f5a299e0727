"""What it does:
    With `--eval FILE`: for each evaluation example, the share of its word n-grams
    (13 words by default) found in the training file as content, and the longest run of its
    words found verbatim there. Content is the eval item itself: an n-gram of its answer
    found anywhere in training (unless its own prompt holds it too: an answer quoted from
    its document), or an n-gram of its prompt found in a training answer (a worked answer
    quoted in a new question). An n-gram of its prompt found only in training prompts is
    shared context (a document, schema or header: related tables sharing a column list)
    and does not count here; FT606 reports it, as info, with its share. An eval text
    shorter than n words is looked up whole. A
    final answer shorter than `min_answer_words` (a class label such as "B") is left out
    of the eval text. N-grams present in `template_share` or more of the eval examples
    (or of the training examples) are template text and do not count. Coverage at or
    above `coverage`, a short text found whole, or a verbatim run of `run_words` words
    (a long quoted passage, however long the rest) is contamination (error); a smaller
    overlap is a warning with the figure, from `warn_coverage` up (one shared 13-word
    phrase in a templated ticket is not worth a warning). Eval examples already reported
    as exact or near copies (FT601, FT603) are not repeated.

Why it matters:
    An eval example that embeds a training passage (a document, an article, a worked
    answer) can be answered from memory: the eval score is inflated even though no
    training example is a copy of it.

Example:
    eval.jsonl line 30 quotes 60 words of train.jsonl line 2291 inside a new question.

Fix:
    Replace the eval example, or remove the passage from training.

Options:
    n: words per n-gram (default 13).
    coverage: share of n-grams found in training that makes it contamination (default 0.5).
    run_words: a verbatim run this long is contamination too (default 50).
    min_answer_words: shorter final answers are left out of the eval text (default 3).
    template_share: n-grams in this share of eval (or training) examples do not count (default 0.5).
    warn_coverage: smaller overlaps (below `coverage`) are reported from this share up (default 0.1).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import DEFAULT_NEAR_THRESHOLD, line_list, percent
from ftlint.features.leakage import RUN_WORDS, NgramOverlap, exact_leaks, near_leak_pairs
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class NgramContamination(Check):
    code = "FT604"
    name = "ngram-contamination"
    severity = Severity.ERROR
    scope = "train"
    features = (NgramOverlap(), near_leak_pairs, exact_leaks)

    class Options(CheckOptions):
        n: int = Field(default=13, ge=3, le=50, description="words per n-gram")
        coverage: float = Field(default=0.5, gt=0, le=1, description="n-gram share found in training that is "
                                                                     "contamination (smaller: warning)")
        run_words: int = Field(default=RUN_WORDS, ge=1, description="a verbatim run this long is contamination")
        min_answer_words: int = Field(default=3, ge=1, description="shorter final answers are left out")
        template_share: float = Field(default=0.5, gt=0, le=1, description="n-grams in this share of examples "
                                                                           "are template text")
        warn_coverage: float = Field(default=0.1, ge=0, le=1, description="smaller overlaps are reported (as "
                                                                          "warnings) from this share up")

    def run(self, view) -> Iterable[Problem]:
        o = self.options
        overlaps = view.feature(NgramOverlap(o.n, o.min_answer_words, o.template_share))
        if not overlaps:
            return
        near = view.feature(near_leak_pairs)
        reported = set(view.feature(exact_leaks)) | set(near.eval[near.similarity >= DEFAULT_NEAR_THRESHOLD].tolist())
        for ov in overlaps:
            if ov.eval in reported or not ov.matched:
                continue
            example = view.eval.examples[ov.eval]
            lines = [view.examples[t].line for t in ov.train]
            contaminated = ov.whole or ov.coverage >= o.coverage or ov.longest >= o.run_words
            if not contaminated and ov.coverage < o.warn_coverage:
                continue
            what = (f"its whole text ({ov.longest} words) appears verbatim in {view.path}" if ov.whole else
                    f"{percent(ov.coverage)} of its {o.n}-word n-grams ({ov.matched} of {ov.counted}) appear in "
                    f"{view.path}, longest verbatim run {ov.longest} words")
            yield Problem(
                f"eval example {'is contaminated' if contaminated else 'overlaps training'}: {what} "
                f"(mostly line {line_list(lines, 3)})",
                file=view.eval.path, line=example.line, related=[(view.path, n) for n in lines],
                severity=None if contaminated else Severity.WARNING,
                data={"coverage": round(ov.coverage, 4), "matched": ov.matched, "counted": ov.counted,
                      "longest_run_words": ov.longest, "whole": ov.whole, "train_lines": lines,
                      "contaminated": contaminated},
            )
