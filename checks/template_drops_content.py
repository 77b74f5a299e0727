"""What it does:
    Reports content of an example that the model's chat template does not put in the rendered
    conversation the trainer trains on: the reasoning of earlier assistant turns (Qwen3's
    template keeps only the reasoning after the last user message), a system prompt the
    template replaces or omits, tool definitions it does not render. One warning per example,
    naming each piece. A default system prompt the template adds to examples that have none
    (Qwen2.5: "You are Qwen, created by Alibaba Cloud...") is not lost content: it is reported
    once per file, as information, with the number of examples. Open models only.

Why it matters:
    You pay to prepare data the model never sees, and it learns something other than the data
    shows: multi-turn reasoning traces silently become answers without reasoning, tool-use
    data becomes tool calls without the tools' definitions.

Example:
    qwen3-8b and a two-turn conversation whose first answer is
    "<think>91 = 7 x 13</think> No.": the template renders the first answer as "No." only.

Fix:
    Split multi-turn conversations so the reasoning to train is in the last turn (one example
    per turn), move tool definitions where the template reads them (`tools`), or pick a
    template that keeps the content (`--chat-template FILE`).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check

ADDITION = "the template adds"  # notes that name content the template adds, not content it drops


class TemplateDropsContent(Check):
    code = "FT407"
    name = "template-drops-content"
    severity = Severity.WARNING
    features = (example_tokens,)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        if not counts.templated or not counts.notes:
            return
        added: dict[str, list[int]] = {}
        for i in sorted(counts.notes):
            ex = view.examples[i]
            dropped = [note for note in counts.notes[i] if not note.startswith(ADDITION)]
            for note in counts.notes[i]:
                if note.startswith(ADDITION):
                    added.setdefault(note, []).append(ex.line)
            if dropped:
                yield Problem(f"{counts.template} drops content of this example: " + "; ".join(dropped),
                              line=ex.line, data={"notes": dropped})
        for note, lines in added.items():
            yield Problem(f"{note}: {len(lines):,} example(s), first at this line", line=lines[0],
                          severity=Severity.INFO, data={"examples": len(lines), "note": note})
