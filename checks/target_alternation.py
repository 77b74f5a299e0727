"""What it does:
    With a target that requires turns to alternate: reports the first place in an example where
    they do not. Mode `no-repeat`: no two consecutive messages share a role. Mode
    `user-assistant`: after the system prompt, user and assistant messages alternate; tool
    results may follow an assistant message that calls tools, and the assistant may answer
    after them.

Why it matters:
    Together's upload check rejects two messages of one role in a row; Mistral's and many chat
    templates (`roles must alternate user/assistant/user/assistant`) raise while rendering. The
    generic FT104 only warns, because other trainers merge such turns.

Example:
    `--target together`: [user: "Hi", user: "Hello again", assistant: "Hi!"]
        -> two 'user' messages in a row

Fix:
    Merge the consecutive messages, or restore the missing turn between them.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable, Optional

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck

SYSTEM_ROLES = ("system", "developer")


def _break(turns, mode: str) -> Optional[tuple[int, str]]:
    """(index, reason) of the first turn that breaks the alternation, or None."""
    if mode == "no-repeat":
        for i in range(1, len(turns)):
            if turns[i].role == turns[i - 1].role:
                return i, f"two {turns[i].role!r} messages in a row"
        return None
    previous = None  # role of the last user/assistant turn; a tool result lets the assistant speak again
    for i, turn in enumerate(turns):
        if turn.role in SYSTEM_ROLES and previous is None:
            continue
        if turn.role == "tool":
            if previous != "assistant" and previous != "tool":
                return i, "a tool result that follows no assistant tool call"
            previous = "tool"
            continue
        if turn.role not in ("user", "assistant"):
            return i, f"a {turn.role!r} message inside the conversation"
        if previous == turn.role:
            return i, f"two {turn.role!r} messages in a row; user and assistant must alternate"
        previous = turn.role
    return None


class TargetAlternation(TargetRuleCheck):
    code = "FT125"
    name = "roles-not-alternating"
    rule_keys = ("alternation",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None:
            return
        for ex in view.examples:
            found = _break(ex.turns, rule.mode)
            if found is not None:
                index, reason = found
                yield self.problem(view, rule, reason, line=ex.line, path=ex.turns[index].path)
