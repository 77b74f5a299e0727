"""What it does:
    Reports final answers with leading or trailing whitespace (spaces, tabs, newlines) when
    at least `dominance` of the answers have none. Sets where most answers deliberately
    carry whitespace (a leading space or a trailing newline convention) are left alone;
    a missing trailing stop sequence there is FT512's.

Why it matters:
    Whitespace is trained on like any other token: a few answers ending in "\\n\\n" teach the
    model to sometimes emit blank lines, and stray leading spaces change the first token.

Example:
    Most answers are "Refund approved." but line 40 is "Refund approved.\\n\\n".

Fix:
    Strip the answers (`ftlint fix` does this when asked).

Options:
    dominance: share of clean answers needed before untrimmed ones are reported (default 0.9).
    min_examples: fewer answers are not judged (default 20).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import answer_infos, answer_turns, distribution, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class UntrimmedTarget(Check):
    code = "FT510"
    name = "untrimmed-target"
    severity = Severity.WARNING
    features = (answer_infos, answer_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share of clean answers needed")
        min_examples: int = Field(default=20, ge=1, description="fewer answers are not judged")

    def run(self, view) -> Iterable[Problem]:
        infos = view.feature(answer_infos)
        judged = [i for i in infos if i.shape not in ("none", "empty", "tool_call")]
        counts = Counter(i.untrimmed or "clean" for i in judged)
        total, clean = len(judged), counts["clean"]
        if total < self.options.min_examples or clean == total or clean < self.options.dominance * total:
            return
        data = distribution(counts)
        for ex, info, turn in zip(view.examples, infos, view.feature(answer_turns)):
            if info.untrimmed and info.shape not in ("none", "empty", "tool_call"):
                edge = f"…{turn.text[-4:]!r}" if info.untrimmed == "trailing" else f"{turn.text[:4]!r}…"
                yield Problem(f"answer has {info.untrimmed} whitespace ({edge}); {pct(clean, total)} of answers "
                              f"({clean:,}) have none", line=ex.line, path=turn.path, data=data)
