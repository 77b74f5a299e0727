"""`ftlint tokens FILE --model M --show LINE`: the example at LINE as the trainer sees it.

The conversation rendered by the model's chat template, token by token: trained tokens
highlighted, masked ones dimmed, the cut at `max_seq_length` marked (see
`ftlint.render.trainer_view`). NO_COLOR, or output that is not a terminal, gives the plain-text
view with trained spans between `[[` and `]]`. A line that holds no valid example, or a model
counted with OpenAI's formula (no rendered sequence), is a usage error (exit 2).
"""
from __future__ import annotations

import os
import sys

from rich.console import Console

from ftlint.errors import UsageError
from ftlint.render.trainer_view import header_lines, legend, terminal_text
from ftlint.trainer_view import example_view


def show_example(path: str, view, counts, line: int) -> int:
    index = next((i for i, ex in enumerate(view.examples) if ex.line == line), None)
    if index is None:
        raise UsageError(f"--show {line}: line {line} of {path} holds no valid example; "
                         f"`ftlint check {path}` lists the lines it rejects")
    if not counts.templated:
        raise UsageError(f"--show needs an open model (a chat-template profile, --tokenizer DIR or --chat-template "
                         f"FILE): {counts.model.name} is counted with OpenAI's formula, which renders no sequence")
    if index in counts.errors:
        raise UsageError(f"--show {line}: the chat template refuses this example: {counts.errors[index]}")
    shown = example_view(counts, view.examples[index], notes=counts.notes.get(index, ()))
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    console = Console(file=sys.stdout, force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      markup=False, soft_wrap=True)
    for text in header_lines(shown, path):
        console.print(text)
    console.print(legend(color))
    console.print()
    console.print(terminal_text(shown, styled=color))
    return 0
