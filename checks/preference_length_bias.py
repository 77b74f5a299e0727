"""What it does:
    Compares the two answers of every preference pair by their tokens (the run's model, as
    `ftlint tokens` prints them: `chosen_target` and `rejected_target`). Warns when the chosen
    answer is the longer one in at least `share` of the pairs (default 80%), with the figures:
    how many pairs, that share, and the median length ratio chosen/rejected. The opposite,
    a rejected answer longer in that share of pairs, is reported the same way. Files with
    fewer than `min_pairs` pairs (default 20) are not judged.

Why it matters:
    When "better" nearly always means "longer", preference training learns length instead
    of quality: a known reward-hacking signal (verbose answers, padding, lists). A reward
    model or DPO policy trained on it rewards length for its own sake.

Example:
    chosen longer than rejected in 912 of 1,000 pairs (91.2%); median length ratio 2.3.

Fix:
    Add pairs where the better answer is the shorter or equal one, trim padded chosen
    answers, or balance the set by length; compare with a length-controlled evaluation.

Options:
    share: the share of pairs, 0.5-1, from which a length bias is reported (default 0.8).
    min_pairs: pairs needed before judging (default 20).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from pydantic import Field

from ftlint.features.preference import pair_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class PreferenceLengthBias(Check):
    code = "FT308"
    name = "preference-length-bias"
    severity = Severity.WARNING
    scope = "train"
    features = (pair_tokens,)

    class Options(CheckOptions):
        share: float = Field(default=0.8, ge=0.5, le=1.0, description="share of pairs that signals a bias")
        min_pairs: int = Field(default=20, ge=1, description="pairs needed before judging")

    def run(self, view) -> Iterable[Problem]:
        tokens = view.feature(pair_tokens)
        if tokens is None:
            return
        chosen = tokens.chosen.target[tokens.paired]
        rejected = tokens.rejected.target[tokens.paired]
        pairs = int(chosen.size)
        if pairs < self.options.min_pairs:
            return
        longer, shorter = int((chosen > rejected).sum()), int((chosen < rejected).sum())
        both = (chosen > 0) & (rejected > 0)
        ratio = round(float(np.median(chosen[both] / rejected[both])), 2) if both.any() else None
        model = f"{tokens.chosen.model.name} tokens"
        figures = {"pairs": pairs, "chosen_longer": longer, "rejected_longer": shorter,
                   "median_ratio": ratio, "unit": model}
        for count, side in ((longer, "chosen"), (shorter, "rejected")):
            if count / pairs >= self.options.share:
                other = "rejected" if side == "chosen" else "chosen"
                ratio_text = f"; median length ratio chosen/rejected {ratio}" if ratio is not None else ""
                yield Problem(f"{side} answer is longer than the {other} in {count:,} of {pairs:,} pairs "
                              f"({100 * count / pairs:.1f}%, {model}){ratio_text}: the preference may teach "
                              "length rather than quality", data=figures)
