"""What it does:
    With a target: reports a message whose role the target does not accept (for formats other
    than chat messages, the role ftlint reads it as: a ShareGPT `human` turn is a user turn).
    One finding per example, at the first such message.

Why it matters:
    Platforms reject unknown roles at upload (`human`, `bot`, `model` for OpenAI; `tool` where
    function calling is not supported), and a chat template renders an unknown role wrongly or
    raises.

Example:
    `--target openai`: {"messages": [{"role": "human", "content": "Hi"}, ...]}
        -> OpenAI: role 'human' is not accepted (accepted: system, user, assistant, tool, function)

Fix:
    Map the role to one the provider documents (human -> user, gpt/bot/model -> assistant).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetRole(TargetRuleCheck):
    code = "FT122"
    name = "role-not-accepted"
    rule_keys = ("roles",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        allowed = set(rule.allowed)
        for ex in view.examples:
            for turn in ex.turns:
                if turn.role not in allowed:
                    yield self.problem(view, rule, f"role {turn.role!r} is not accepted (accepted: "
                                                   f"{', '.join(rule.allowed)})", line=ex.line, path=turn.path)
                    break
