"""What it does:
    With a target that says how an example ends: reports an example whose last message has
    another role (for most trainers: an example that does not end with the assistant's answer).

Why it matters:
    Platforms that train on the final answer (Mistral, Vertex) reject an example that ends with
    the user: there is nothing to learn after the last prompt. The generic FT102 only warns,
    because OpenAI trains on every assistant message wherever it stands.

Example:
    `--target mistral`: [user: "Hi", assistant: "Hello!", user: "Thanks"]
        -> the last message is 'user'; expected assistant

Fix:
    Drop the trailing messages, or add the assistant's answer to them.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetLastRole(TargetRuleCheck):
    code = "FT126"
    name = "wrong-last-role"
    rule_keys = ("last_role",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            if ex.turns and ex.turns[-1].role not in rule.allowed:
                last = ex.turns[-1]
                yield self.problem(view, rule, f"the last message is {last.role!r}; expected "
                                               f"{' or '.join(rule.allowed)}", line=ex.line, path=last.path)
