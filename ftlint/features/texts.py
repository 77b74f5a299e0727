"""Normalised texts of each example: whole example, prompt (before the final target), answer.

Indexes line up with `view.examples`. Role names are part of the whole-example text
so that the same words said by different roles are not "the same example".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

from ftlint.model import Example
from ftlint.text import normalize


def _turn_text(turn) -> str:
    text = f"{turn.reasoning}\n{turn.text}" if turn.reasoning else turn.text  # reasoning is trained text too
    return f"{text}\n{turn.extra_text}" if turn.extra_text else text


def example_text(ex: Example) -> str:
    return "\n".join(f"{t.role}: {_turn_text(t)}" for t in ex.turns)


def prompt_text(ex: Example) -> str:
    end = ex.final_target_index
    turns = ex.turns[:end] if end >= 0 else ex.turns
    return "\n".join(f"{t.role}: {_turn_text(t)}" for t in turns)


def answer_text(ex: Example) -> str:
    end = ex.final_target_index
    return _turn_text(ex.turns[end]) if end >= 0 else ""


def normalized_examples(view) -> list[str]:
    """normalize(example_text(ex)) for every example. Checks that only compare examples for
    identity should use `example_keys`, which does not keep the texts."""
    prompts, answers = view.feature(normalized_prompts), view.feature(normalized_answers)
    return [_assembled(ex, p, a) for ex, p, a in zip(view.examples, prompts, answers)]


@dataclass(frozen=True)
class TextKeys:
    """128-bit digests of each example's normalised whole text, prompt and answer: equal keys <=>
    equal normalised texts (collisions are negligible), at 16 bytes each instead of the texts."""

    example: list[bytes]
    prompt: list[bytes]
    answer: list[bytes]


def text_key(normalized: str) -> bytes:
    return blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=16).digest()


EMPTY_KEY = text_key("")


def text_keys(view) -> TextKeys:
    """Digests of the normalised texts, computed in one pass that keeps no text."""
    examples, prompts, answers = [], [], []
    for ex in view.examples:
        prompt, answer = normalize(prompt_text(ex)), normalize(answer_text(ex))
        examples.append(text_key(_assembled(ex, prompt, answer)))
        prompts.append(text_key(prompt))
        answers.append(text_key(answer))
    return TextKeys(examples, prompts, answers)


def example_keys(view) -> list[bytes]:
    """Digest of each normalised example (see `TextKeys`)."""
    return view.feature(text_keys).example


def _assembled(ex: Example, prompt: str, answer: str) -> str:
    """normalize(example_text(ex)) from the normalised prompt and answer (whitespace collapses at the
    joins), so no text is normalised twice."""
    end = ex.final_target_index
    if end < 0:
        return prompt
    parts = [prompt] if prompt else []
    head = _role_head(ex.turns[end].role)
    parts.append(f"{head} {answer}" if answer else head)
    if end + 1 < len(ex.turns):
        tail = normalize("\n".join(f"{t.role}: {_turn_text(t)}" for t in ex.turns[end + 1:]))
        if tail:
            parts.append(tail)
    return " ".join(parts)


@lru_cache(maxsize=256)
def _role_head(role: str) -> str:
    return normalize(f"{role}:")


def normalized_prompts(view) -> list[str]:
    return [normalize(prompt_text(ex)) for ex in view.examples]


def normalized_answers(view) -> list[str]:
    return [normalize(answer_text(ex)) for ex in view.examples]
