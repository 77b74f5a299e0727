"""What it does:
    Reports reasoning ("thinking") that ftlint, and a chat template, cannot tell apart from
    the answer or that sits where no template reads it:
    - an assistant text with a `<think>` never closed, or a `</think>` with no `<think>` and
      no answer after it (the tag stays in the answer: the model is trained to print it);
    - reasoning (`reasoning_content`, `reasoning`, `thinking`, a reasoning part or a
      `<think>` block) on a message that is not the assistant's: chat templates render
      reasoning only for assistant turns, so it is dropped or shown as plain text.
    Reasoning is read from `reasoning_content`, `reasoning` and `thinking` fields, content
    parts of type `reasoning`/`thinking`, Gemini parts marked `thought`, and an assistant's
    `<think>...</think>`; it is counted as tokens of its turn (trained on in a target turn).

Why it matters:
    A stray tag teaches the model to emit markup in its answers; misplaced reasoning is
    paid for and silently lost. Both usually come from a conversion script that joined or
    split reasoning and answer in the wrong place.

Example:
    {"role": "assistant", "content": [{"type": "reasoning", "value": "..."},
                                      {"type": "text", "value": "Your backups are set up.\\n</think>"}]}

Fix:
    Remove the stray tag, close the block, or move the reasoning into the assistant message
    it belongs to (`reasoning_content` or a `<think>...</think>` block before the answer).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.formats.reasoning import THINK_CLOSE, THINK_OPEN
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


def stray_tag(text: str) -> str:
    """The think tag left in an assistant text, or "" (texts with a closed block were split)."""
    if THINK_OPEN in text:
        return THINK_OPEN if THINK_CLOSE not in text[text.find(THINK_OPEN):] else ""
    return THINK_CLOSE if THINK_CLOSE in text else ""


class MalformedReasoning(Check):
    code = "FT112"
    name = "malformed-reasoning"
    severity = Severity.WARNING

    def run(self, view) -> Iterable[Problem]:
        for ex in view.examples:
            for turn in ex.turns + ex.rejected:
                if turn.role != "assistant":
                    if turn.reasoning:
                        yield Problem(f"{turn.role} message carries reasoning; chat templates render reasoning "
                                      "only for assistant messages, so it is dropped or shown as text",
                                      line=ex.line, path=turn.reasoning_path or turn.path)
                    continue
                tag = stray_tag(turn.text)
                if tag:
                    unclosed = tag == THINK_OPEN
                    at = turn.text.find(tag)
                    yield Problem(f"{'unclosed ' + THINK_OPEN if unclosed else 'stray ' + THINK_CLOSE} in the "
                                  "assistant's answer: it is not read as reasoning and the model learns to print it",
                                  line=ex.line, path=turn.field_path(at))
