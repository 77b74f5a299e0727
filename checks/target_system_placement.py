"""What it does:
    With a target that restricts system prompts: reports a system message that is not the first
    message (placement `first`), or any system message where the target reads none (placement
    `none`).

Why it matters:
    Trainers that take the system prompt from a separate field or only from the first message
    (Vertex `systemInstruction`, Mistral's API, many chat templates) reject a late system
    message or silently render it as user text.

    Placement `once`: reports a second system message.

Example:
    `--target mistral`: [user, assistant, system: "Be brief.", user, assistant]
        -> a system message may only be the first message

Fix:
    Move the instructions into the first (system) message, or into the user's turn.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetSystemPlacement(TargetRuleCheck):
    code = "FT124"
    name = "misplaced-system-prompt"
    rule_keys = ("system",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            seen = 0
            for i, turn in enumerate(ex.turns):
                if turn.role != "system":
                    continue
                seen += 1
                if rule.placement == "none":
                    yield self.problem(view, rule, "system messages are not accepted", line=ex.line, path=turn.path)
                    break
                if rule.placement == "once" and seen > 1:
                    yield self.problem(view, rule, "only one system message is accepted", line=ex.line, path=turn.path)
                    break
                if rule.placement == "first" and i > 0:
                    yield self.problem(view, rule, "a system message may only be the first message",
                                       line=ex.line, path=turn.path)
                    break
