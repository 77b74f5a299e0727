"""What it does:
    Summarises (info) the share of a training file's tokens that the loss trains: the tokens
    the mask (`--train-on`, default the profile's) selects and truncation at `max_seq_length`
    keeps, over all tokens the trainer keeps, with the per-example median and 10th percentile
    and the number of examples that train nothing. The same figures are in `stats.packing`
    (`trained_share`, `trained_share_per_example`). Open models only.

Why it matters:
    You pay for every token of the sequence but learn only from the trained ones: a dataset
    whose answers are 3% of its tokens costs about 30 times its answers. A share far from
    what you expect also reveals a mask that trains the wrong thing (`all` training the
    prompts, `last-assistant` skipping earlier answers).

Example:
    train_on = assistant: 52,000 of 410,000 tokens are trained (12.7%); per example median
    11.0%, 10th percentile 3.2%.

Fix:
    Nothing to fix by default: this is information. Set `warn_below` to be warned when the
    share falls under a threshold you care about.

Options:
    warn_below: report a warning when the dataset's trained share is below this fraction
    (0-1; default: never).
"""
from __future__ import annotations

from typing import Iterable, Optional

from pydantic import Field

from ftlint.features.packing import packing_figures
from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class TrainedTokenShare(Check):
    code = "FT409"
    name = "trained-token-share"
    severity = Severity.INFO
    scope = "train"
    features = (example_tokens, packing_figures)

    class Options(CheckOptions):
        warn_below: Optional[float] = Field(default=None, ge=0, le=1, description="warn below this trained share")

    def run(self, view) -> Iterable[Problem]:
        s = view.feature(packing_figures)
        if s is None or not s["examples"]:
            return
        counts = view.feature(example_tokens)
        per = s["trained_share_per_example"]
        none = f"; {per['none']:,} example(s) train nothing" if per["none"] else ""
        low = self.options.warn_below is not None and s["trained_share"] < self.options.warn_below
        yield Problem(
            f"train_on = {counts.train_on}: the loss trains {s['trained_tokens']:,} of the {s['tokens_kept']:,} tokens "
            f"the trainer keeps ({s['trained_share']:.1%}); per example median {per['median']:.1%}, "
            f"10th percentile {per['p10']:.1%}{none}"
            + (f"; below the configured {self.options.warn_below:.1%}" if low else ""),
            severity=Severity.WARNING if low else None,
            data={"train_on": counts.train_on, "trained_tokens": s["trained_tokens"], "tokens_kept": s["tokens_kept"],
                  "trained_share": s["trained_share"], "per_example": per})
