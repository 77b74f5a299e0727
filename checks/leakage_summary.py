"""What it does:
    With `--eval FILE`: one headline finding on the eval file: the percentage of eval
    examples contaminated by the training file, and for each of them the training lines
    involved. An eval example counts when it is an exact copy (FT601), shares its prompt
    with a training example (FT602), is a near copy (FT603), or its n-gram coverage
    reaches `coverage` or a verbatim run of 50 words (FT604's defaults). Each eval example
    is listed once, under the strongest kind found (exact, near, prompt, n-gram), with the
    training lines of that kind only: under "exact", only lines that are copies. The
    message says plainly that paraphrased or translated copies are not detected. A clean
    eval set gets an info finding saying so.

Why it matters:
    The eval set is how a team knows fine-tuning helped; the share of it that leaked is
    the share of the score that cannot be trusted.

Example:
    "6 of 100 eval examples (6.0%) are contaminated by train.jsonl: 3 exact copies, 1 near
    copy, 2 n-gram overlap; ..."

Fix:
    Remove the leaked training examples (`ftlint fix`) or replace those eval examples,
    then re-run.

Options:
    threshold: near-copy similarity (default 0.9, as FT603).
    n: words per n-gram (default 13, as FT604).
    coverage: n-gram coverage that counts as contamination (default 0.5, as FT604).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import DEFAULT_NEAR_THRESHOLD, NEAR_FLOOR, exact_members
from ftlint.features.leakage import RUN_WORDS, NgramOverlap, exact_leaks, near_leak_pairs, prompt_leaks
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

CAVEAT = "paraphrased or translated copies are not detected"
KINDS = {"exact": ("exact copy", "exact copies"), "prompt": ("same prompt", "same prompt"),
         "near": ("near copy", "near copies"), "ngram": ("n-gram overlap", "n-gram overlap")}


class LeakageSummary(Check):
    code = "FT605"
    name = "leakage-summary"
    severity = Severity.ERROR
    scope = "train"
    features = (exact_members, exact_leaks, near_leak_pairs, prompt_leaks, NgramOverlap())

    class Options(CheckOptions):
        threshold: float = Field(default=DEFAULT_NEAR_THRESHOLD, ge=NEAR_FLOOR, le=1.0,
                                 description="near-copy similarity")
        n: int = Field(default=13, ge=3, le=50, description="words per n-gram")
        coverage: float = Field(default=0.5, gt=0, le=1, description="n-gram coverage that is contamination")

    def run(self, view) -> Iterable[Problem]:
        if view.eval is None or not view.eval.examples:
            return
        found: dict[int, tuple[str, set[int]]] = {}  # eval index -> (first kind found, its training indexes)

        def add(e: int, kind: str, trains) -> None:
            first, lines = found.setdefault(e, (kind, set()))
            if first == kind:  # lines found by a weaker kind (a near or n-gram match) are not copies
                lines.update(trains)

        members = view.feature(exact_members)
        for e, trains in view.feature(exact_leaks).items():
            add(e, "exact", trains)
        near = view.feature(near_leak_pairs)
        for e, t, s in zip(near.eval.tolist(), near.train.tolist(), near.similarity.tolist()):
            if s >= self.options.threshold:
                add(e, "near", members.get(t, [t]))
        for e, trains in view.feature(prompt_leaks).items():
            add(e, "prompt", trains)
        for ov in view.feature(NgramOverlap(self.options.n)):
            if ov.whole or ov.coverage >= self.options.coverage or ov.longest >= RUN_WORDS:
                add(ov.eval, "ngram", ov.train)
        total = len(view.eval.examples)
        if not found:
            yield Problem(f"no eval example of {total} was found in {view.path} ({CAVEAT})",
                          file=view.eval.path, severity=Severity.INFO,
                          data={"contaminated": 0, "eval_examples": total, "percent": 0.0, "examples": []})
            return
        counts = {k: sum(1 for kind, _ in found.values() if kind == k) for k in KINDS}
        examples = [{"eval_line": view.eval.examples[e].line, "kind": kind,
                     "train_lines": sorted(view.examples[t].line for t in trains)}
                    for e, (kind, trains) in sorted(found.items())]
        shown = "; ".join(f"eval {x['eval_line']} <- train {', '.join(map(str, x['train_lines'][:3]))}"
                          for x in examples[:5]) + ("; ..." if len(examples) > 5 else "")
        share = 100 * len(found) / total
        yield Problem(
            f"{len(found)} of {total} eval examples ({share:.1f}%) are contaminated by {view.path}: "
            + ", ".join(f"{c} {KINDS[k][c != 1]}" for k, c in counts.items() if c) + f" ({shown}); {CAVEAT}",
            file=view.eval.path,
            data={"contaminated": len(found), "eval_examples": total, "percent": round(share, 2),
                  "by_kind": counts, "examples": examples},
        )
