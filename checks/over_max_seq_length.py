"""What it does:
    Reports an example whose rendered conversation (chat template + tokenizer, see
    `ftlint tokens`) is longer than the trainer's `max_seq_length` (`--max-seq-length`, config
    `max_seq_length`, default the model profile's context length), with how many of the tokens
    the loss trains fall past it. Trainers keep the first `max_seq_length` tokens (TRL, Axolotl,
    LLaMA-Factory and torchtune truncate on the right), so trained tokens at positions
    `max_seq_length` and beyond are never learned. A warning; an error when truncation drops
    every trained token of the example. Open models only (OpenAI's models reject or truncate by
    their own limit: FT401).

Why it matters:
    A truncated answer teaches the model to stop mid-sentence; an answer cut off entirely
    costs a full sequence of compute and trains nothing.

Example:
    max_seq_length 2,048 and a conversation of 2,300 tokens whose last answer starts at token
    2,000: truncation drops 250 of its 298 trained tokens.

Fix:
    Raise `max_seq_length` (memory permitting), shorten the prompt (long system prompts,
    pasted documents), or split the conversation into shorter examples.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class OverMaxSeqLength(Check):
    code = "FT405"
    name = "over-max-seq-length"
    severity = Severity.WARNING
    features = (example_tokens,)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        if not counts.templated:
            return
        length = counts.max_seq_length
        for i in np.flatnonzero(counts.total > length):
            i = int(i)
            trained, dropped = int(counts.target[i]), int(counts.target_truncated[i])
            if trained == 0 or i in counts.errors:
                continue  # trains nothing at any length: FT406 (or the data checks) say why
            n = int(counts.total[i])
            head = f"example has {n:,} tokens, over max_seq_length {length:,} by {n - length:,}: truncation drops "
            data = {"tokens": n, "max_seq_length": length, "trained_tokens": trained, "trained_dropped": dropped}
            if dropped == trained:
                yield Problem(head + f"all {trained:,} of its trained tokens, so it trains nothing",
                              line=view.examples[i].line, severity=Severity.ERROR, data=data)
            elif dropped:
                yield Problem(head + f"{dropped:,} of its {trained:,} trained tokens ({dropped / trained:.0%})",
                              line=view.examples[i].line, data=data)
            else:
                yield Problem(head + f"{n - length:,} untrained tokens and none of its {trained:,} trained tokens",
                              line=view.examples[i].line, data=data)
