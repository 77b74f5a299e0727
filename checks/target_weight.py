"""What it does:
    With a target that reads per-message `weight`s: reports a weight the target does not accept:
    a value outside its list (0 and 1), a non-integer where it wants integers (Together rejects
    1.0), or a weight on a message whose role may not carry one (OpenAI: assistant only).

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

from typing import Iterable, Optional

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


def _weight_problem(weight, role: str, rule) -> Optional[str]:
    if rule.roles is not None and role not in rule.roles:
        return f"a {role} message may not carry a weight (only {', '.join(rule.roles)})"
    accepted = ", ".join(map(str, rule.values))
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        return f"weight {weight!r} must be one of {accepted}"
    if rule.integer_only and not isinstance(weight, int):
        return f"weight {weight!r} must be one of the integers {accepted}"
    if weight not in rule.values:
        return f"weight {weight!r} must be one of {accepted}"
    return None


class TargetWeight(TargetRuleCheck):
    code = "FT127"
    name = "weight-not-accepted"
    rule_keys = ("weights",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            for turn in ex.turns:
                if turn.weight is None:
                    continue
                message = _weight_problem(turn.weight, turn.role, rule)
                if message is not None:
                    yield self.problem(view, rule, message, line=ex.line, path=f"{turn.path}.weight")
