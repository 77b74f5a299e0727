"""What it does:
    With a target that reads per-message `weight`s: reports a `weight` key the target does not
    accept: a value outside its list (0 and 1), a non-integer where it wants integers (Together
    rejects 1.0), or a weight on a message whose role may not carry one (OpenAI: assistant only).
    Only the `weight` key is judged; another trainer's spelling (LLaMA-Factory's `loss_weight`) is
    an unknown key for FT121 where the target's schema forbids unknown keys.

Why it matters:
    The upload rejects the file over one such weight; a trainer that accepts fractional weights
    elsewhere does not make them valid here.

Example:
    `--target together`: {"role": "user", "content": "Hi", "weight": 1.0}
        -> weight 1.0 must be one of the integers 0, 1

Fix:
    Use 0 (do not train on this message) or 1 (train on it), as an integer.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetWeight(TargetRuleCheck):
    code = "FT127"
    name = "weight-not-accepted"
    rule_keys = ("weights",)

    def run(self, view) -> Iterable[Problem]:
        # the weights are judged on the raw records while they are read (ftlint.providers.weight_errors),
        # where the key is still known; this check reports them
        rule = self.rule(view)
        if rule is None:
            return
        for record in view.target_invalid:
            for error in record.errors:
                if getattr(error, "rule", "formats") == "weights":
                    yield self.problem(view, rule, error.message, line=record.line, path=error.path)
