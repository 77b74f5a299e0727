"""What it does:
    With a target that reads preference pairs: reports a pair whose prompt (the input messages
    before the preferred and rejected answers) ends with a role the target forbids there, in
    practice with an assistant message.

Why it matters:
    The preferred and rejected outputs are the assistant's next message; a prompt that already
    ends with the assistant makes two assistant messages in a row, which Together's upload
    check rejects.

Example:
    `--target together`: {"input": {"messages": [user: "Hi", assistant: "Hello"]},
    "preferred_output": [...], "non_preferred_output": [...]}
        -> the prompt's last message is 'assistant'

Fix:
    End the prompt with the user's message, or move the last assistant message into both outputs.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetPromptEnd(TargetRuleCheck):
    code = "FT130"
    name = "prompt-ends-with-answer"
    rule_keys = ("prompt_end",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            answer = ex.final_target_index
            if ex.format != "preference" or answer < 1:
                continue
            last = ex.turns[answer - 1]
            if last.role in rule.forbidden:
                yield self.problem(view, rule, f"the prompt's last message is {last.role!r}; the answers follow it",
                                   line=ex.line, path=last.path)
