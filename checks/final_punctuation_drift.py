"""What it does:
    Looks at how prose and short-label answers end: with sentence punctuation (. ! ? and
    their CJK forms), or with a letter or digit. When one kind covers at least `dominance`
    of them, answers ending the other way are reported. Answers ending in a URL, a list item,
    an emoji or other symbols are not judged; JSON, code, lists and tables are not judged.

Why it matters:
    A summariser whose answers nearly all end in a full stop but a few stop mid-sentence was
    probably fed truncated targets; a classifier answering "Positive" with a few "Positive."
    learns two spellings of a class.

Example:
    97% of answers end with ".", line 120 ends "and then the customer".

Fix:
    Complete or trim the odd answers so all end the same way.

Options:
    dominance: share of the common ending needed before others are reported (default 0.95).
    min_examples: fewer judged answers are not judged at all (default 20).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.answers import answer_infos, answer_turns, distribution, dominant, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

_NAMES = {"sentence": "end with sentence punctuation (. ! ?)", "none": "end without final punctuation"}


class FinalPunctuationDrift(Check):
    code = "FT511"
    name = "final-punctuation-drift"
    severity = Severity.INFO
    features = (answer_infos, answer_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.95, gt=0.5, le=1.0, description="share of the common ending needed")
        min_examples: int = Field(default=20, ge=1, description="fewer judged answers are not judged")

    def run(self, view) -> Iterable[Problem]:
        infos = view.feature(answer_infos)
        endings = [i.ending if i.ending in _NAMES else None for i in infos]
        found = dominant(endings, self.options.dominance, self.options.min_examples)
        if found is None:
            return
        top, n, total, counts = found
        data = distribution(counts)
        for ex, ending, turn in zip(view.examples, endings, view.feature(answer_turns)):
            if ending is not None and ending != top:
                tail = turn.text.rstrip()[-20:]
                yield Problem(f"answer ends {tail!r}, {'with' if ending == 'sentence' else 'without'} final "
                              f"punctuation; {pct(n, total)} of answers ({n:,}) {_NAMES[top]}",
                              line=ex.line, path=turn.path, data=data)
