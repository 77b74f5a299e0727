"""What it does:
    Reports an example the model's chat template or encoder refuses: a template's
    `raise_exception` (a template that requires alternating user/assistant roles, or a
    system message first), or mistral-common's fine-tuning validator for a Mistral
    model (last message not from the assistant, roles out of order, a tool message without
    its call id, two system messages, which mistral-finetune rejects). The message is the
    template's or mistral-common's own. Open models only. An example refused here has no
    token counts: it is left out of the token statistics and costs. A refusal that says
    ftlint cannot count the example exactly (a built-in profile that does not render, say,
    tool calls: a limit of ftlint, not of the trainer) is a warning, not an error.

Why it matters:
    The trainer fails on the same example: `apply_chat_template` raises and the data
    preparation stops, or mistral-finetune rejects the sample. Learning it after the GPU
    is reserved wastes the job; learning it after a partial run means the model never saw
    the example.

Example:
    `--model mistral-nemo` and a conversation that ends with a user message: "mistral-common's
    fine-tuning validator: Expected last role Assistant for finetuning but got user".

Fix:
    Repair the conversation the way the message says (end it with the answer, put the
    roles in order, keep one system message), or drop the example.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check

LIMITATION = "cannot count them exactly"  # a built-in profile's own limit (ftlint/profiles), not the trainer's


class TemplateRefusesExample(Check):
    code = "FT410"
    name = "template-refuses-example"
    severity = Severity.ERROR
    features = (example_tokens,)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        if not counts.templated or not counts.errors:
            return
        for i in sorted(counts.errors):
            ex, reason = view.examples[i], counts.errors[i]
            if LIMITATION in reason:
                yield Problem(f"{counts.template} cannot count this example exactly, so it is left out of the token "
                              f"statistics: {reason}", line=ex.line, severity=Severity.WARNING, data={"reason": reason})
                continue
            yield Problem(f"{counts.template} refuses this example: {reason}", line=ex.line, data={"reason": reason})
