"""Preference pairs: the rejected side counted like the chosen one, and both answers' keys.

A preference example's turns are the prompt and the chosen answer; `Example.rejected`
holds the rejected answer. A DPO trainer reads two sequences per pair, prompt + chosen
and prompt + rejected, so the rejected sequence is counted with the same counter and
accounting as every example (`ftlint.features.tokens.count_examples`: OpenAI's formula, or
the model's chat template and loss mask): its total is the prompt's tokens plus the rejected
answer's, its target the rejected answer's (what the mask trains).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ftlint.features.texts import EMPTY_KEY, text_key
from ftlint.features.tokens import TokenCounts, count_examples, example_tokens, run_trainer_setup, token_model
from ftlint.model import Example
from ftlint.text import normalize
from ftlint.view import feature


def is_pair(ex: Example) -> bool:
    return bool(ex.rejected) and ex.final_target_index >= 0


def rejected_sequence(ex: Example) -> Example:
    """The example as the rejected sequence: the prompt turns, then the rejected answer."""
    prompt = ex.turns[:ex.final_target_index] if ex.final_target_index >= 0 else ex.turns
    return Example(ex.line, prompt + ex.rejected, ex.format, ex.tools_text, ex.media)


@dataclass(frozen=True)
class PairTokens:
    """Token counts of both sides of every example (aligned with `view.examples`).

    `chosen` is `example_tokens` (prompt + chosen); `rejected` counts prompt + rejected, and
    is 0 where `paired` is False (an example without a rejected side)."""

    chosen: TokenCounts
    rejected: TokenCounts
    paired: np.ndarray  # bool per example


@feature(needs=(example_tokens, token_model))
def pair_tokens(view) -> Optional[PairTokens]:
    """Both sides' token counts, or None when no example of the view is a preference pair."""
    paired = np.fromiter((is_pair(ex) for ex in view.examples), dtype=bool, count=len(view.examples))
    if not paired.any():
        return None
    sequences = [rejected_sequence(ex) if p else Example(ex.line, (), ex.format)
                 for ex, p in zip(view.examples, paired)]
    model = view.feature(token_model)
    rejected = count_examples(sequences, model, threads=max(1, view.settings.jobs),
                              backend=view.settings.extra.get("tokenizer"),
                              setup=run_trainer_setup(view.settings, model))
    return PairTokens(view.feature(example_tokens), rejected, paired)


def answer_content(turns) -> str:
    """Normalised content of an answer's turns: reasoning, text and tool calls."""
    return normalize("\n".join(x for t in turns for x in (t.reasoning, t.text, t.extra_text) if x))


@dataclass(frozen=True)
class PairKeys:
    """16-byte digests of each pair's normalised chosen and rejected answers (None: not a pair)."""

    chosen: list[Optional[bytes]]
    rejected: list[Optional[bytes]]


@feature()
def pair_keys(view) -> PairKeys:
    chosen, rejected = [], []
    for ex in view.examples:
        if is_pair(ex):
            chosen.append(text_key(answer_content((ex.turns[ex.final_target_index],))))
            rejected.append(text_key(answer_content(ex.rejected)))
        else:
            chosen.append(None)
            rejected.append(None)
    return PairKeys(chosen, rejected)


def is_empty(key: Optional[bytes], turns) -> bool:
    """An answer with no text, reasoning or tool call."""
    return key == EMPTY_KEY and not any(t.tool_calls for t in turns)
