"""What it does:
    With a target that says how a conversation starts: reports an example whose first message
    after the system prompt has another role (for instance a conversation that opens with the
    assistant where the provider requires the user to speak first).

Why it matters:
    Chat templates of many open models (Mistral, Gemma, Llama 2) raise on a conversation that
    does not start with the user; platforms built on them reject or reorder such examples.

Example:
    `--target mistral`: [assistant: "Hello!", user: "Hi", assistant: "How can I help?"]
        -> the first message after the system prompt is 'assistant'; expected user

    A plain-text example (one trained turn and nothing else) is not a conversation and is not
    judged.

Fix:
    Start the conversation with the user's message (move an assistant greeting into the
    system prompt, or drop it).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck

SYSTEM_ROLES = ("system", "developer")


class TargetFirstRole(TargetRuleCheck):
    code = "FT123"
    name = "wrong-first-role"
    rule_keys = ("first_role",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            turns = [t for t in ex.turns if t.role not in SYSTEM_ROLES]
            if len(turns) < 2:
                continue  # plain text (one trained turn) is not a conversation
            first = turns[0]
            if first.role not in rule.allowed:
                yield self.problem(view, rule, f"the first message after the system prompt is {first.role!r}; "
                                               f"expected {' or '.join(rule.allowed)}", line=ex.line, path=first.path)
