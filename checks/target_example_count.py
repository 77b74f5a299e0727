"""What it does:
    With a target that limits the number of examples: reports a training file with more valid
    examples than the target accepts. (Its minimum becomes the minimum of FT201, which reports
    files with too few examples: with `--target together` that is 1 instead of OpenAI's 10.)

Why it matters:
    The platform refuses the job; learning it after the upload wastes the upload.

Example:
    `--target fireworks` with 3,000,001 examples -> at most 3,000,000 examples are accepted

Fix:
    Split the data into several jobs, or sample it down (after deduplication, FT301).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetExampleCount(TargetRuleCheck):
    code = "FT128"
    name = "too-many-examples"
    scope = "train"
    rule_keys = ("examples",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None or rule.maximum is None:
            return
        count = len(view.examples)
        if count > rule.maximum:
            yield self.problem(view, rule, f"{count:,} valid examples; at most {rule.maximum:,} are accepted")
