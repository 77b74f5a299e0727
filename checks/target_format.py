"""What it does:
    With a target (`--target`, or the provider of `--model`): reports a file whose format the
    target does not read, naming the formats it does read. One finding per file.

Why it matters:
    A platform's upload rejects a file in a format it does not know (Together has no Alpaca or
    ShareGPT format; OpenAI reads only chat messages and preference pairs), and a trainer's
    loader fails or silently reads nothing. ftlint itself reads the file either way, so without
    this check the report would look fine.

Example:
    `ftlint alpaca.json --target openai` -> "OpenAI: does not read alpaca files; it reads
    openai_chat, preference".

Fix:
    Convert the records to one of the accepted formats (for chat platforms, `messages`), or pick
    the target that reads this format.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetFormat(TargetRuleCheck):
    code = "FT120"
    name = "format-not-accepted"
    rule_keys = ("formats",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None or view.format is None or view.format in rule.accepted:
            return
        yield self.problem(view, rule, f"does not read {view.format} files; it reads {', '.join(sorted(rule.accepted))}")
