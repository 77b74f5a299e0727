"""What it does:
    Reports an example in which the loss mask trains no token at all, although the data marks
    answers to learn: the example is rendered by the model's chat template and tokenized (see
    `ftlint tokens --show LINE`), and the mask (`--train-on`, config `train_on`, default the
    profile's) selects nothing. Typical causes: an assistant-only loss with a template that has
    no `{% generation %}` block (TRL `assistant_only_loss`, transformers'
    `return_assistant_tokens_mask`), `last-assistant` when the last answer has weight 0, or a
    `completion` mask on a conversation whose prompt the template renders differently inside
    the full conversation. When every example is affected it is reported once, at the first.
    Open models only. Examples the data itself gives nothing to learn are FT101/FT110/FT403's;
    truncation that drops every trained token is FT405's.

Why it matters:
    The trainer runs and bills every step, the loss is computed over zero tokens (or the
    example is silently skipped), and the model learns nothing from it: no tool notices
    before the GPU bill.

Example:
    `--chat-template plain.jinja` (no generation block) with `--train-on assistant`: every
    example trains 0 of its tokens.

Fix:
    Use a template that marks assistant text with `{% generation %}`, choose another mask
    (`--train-on completion` or `all`), or fix the weights of the answers.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


def _has_answer(ex) -> bool:
    return any(t.target and (t.text.strip() or t.tool_calls or t.extra_text.strip()) for t in ex.turns)


def _reason(counts, ex) -> str:
    mode = counts.train_on
    template = getattr(counts.setup, "template", None)
    if mode in ("assistant", "last-assistant") and ex.format not in ("prompt_completion", "text") \
            and template is not None and not getattr(template, "marks_generation", True):
        return (f"the chat template ({counts.template}) has no {{% generation %}} block, so train_on = {mode} "
                f"selects nothing")
    if mode == "last-assistant":
        last = next((t for t in reversed(ex.turns) if t.role == "assistant"), None)
        if last is not None and not last.target:
            return "train_on = last-assistant and the last assistant message has weight 0"
    return f"train_on = {mode} selects none of its tokens"


class NothingTrained(Check):
    code = "FT406"
    name = "nothing-trained"
    severity = Severity.ERROR
    features = (example_tokens,)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        if not counts.templated or not view.examples:
            return
        empty = [int(i) for i in np.flatnonzero(counts.target == 0)
                 if int(i) not in counts.errors and _has_answer(view.examples[int(i)])]
        if not empty:
            return
        if len(empty) == len(view.examples) and len(empty) > 1:
            ex = view.examples[empty[0]]
            yield Problem(f"no example trains any token: {_reason(counts, ex)} (all {len(empty):,} examples; "
                          f"`ftlint tokens {view.path} --show {ex.line}` shows one)", line=ex.line,
                          data={"examples": len(empty), "train_on": counts.train_on})
            return
        for i in empty:
            ex = view.examples[i]
            yield Problem(f"the loss trains none of the example's {int(counts.total[i]):,} tokens: {_reason(counts, ex)}",
                          line=ex.line, data={"tokens": int(counts.total[i]), "train_on": counts.train_on})
