"""The knowledge feature's shortcuts give exactly what the full patterns and per-turn passes give."""
from __future__ import annotations

import random

import pytest

from ftlint.features import knowledge as k

QUESTIONS = [
    "Write a short story about a cat", "Tell me a STORY", "tell me a ſtory please",  # long s: IGNORECASE matches
    "What is 12 + 30?", "what is 12+30", "Solve x for 2x = 4", "SIMPLIFY this", "Please factorise x^2-1",
    "Who founded Acme in 1999?", "What is the capital of France?", "Translate 'haiku' to German",
    "A poem, a Sonnet and a limerick", "Calculate the integral", "no digits, no maths here",
    "Кто написал «Войну и мир»?", "Wie viele Einwohner hat Berlin?", "Ｓｏｌｖｅ this", "stories of old",
]


def _random_questions(n: int) -> list[str]:
    rng = random.Random(7)
    words = ["poem", "Story", "solve", "x", "4", "+", "=", "the", "Kelvin", "\u212a", "ſ", "tale", "talent",
             "essays", "compute", "Derivative", "é", "what", "is"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(n)]


@pytest.mark.parametrize("question", QUESTIONS + _random_questions(400))
def test_prefilters_never_hide_a_match(question):
    if k.CREATIVE_FORM.search(question):
        assert k._may_be_creative(question)
    if k.MATH.search(question):
        assert k._may_be_math(question)


def test_prefilters_skip_plain_ascii_prose():
    assert not k._may_be_creative("Who founded Acme?") and not k._may_be_math("Who founded Acme?")
    assert k._kind("Write a poem about rain", "Rain falls.") == "generative"
    assert k._kind("What is 2 + 2?", "4") == "math"
    assert k._kind("Who founded Acme?", "Jane Doe founded Acme.") == "text"


@pytest.mark.parametrize("head", ["def f(x):\n    return x", "a {b} (c); d = [e] <f>", "plain prose, nothing else",
                                  "x" * 30 + "{}", "```\ncode\n```", "import os"])
def test_code_test_counts_symbols_and_hints_as_before(head):
    symbols = sum(head.count(c) for c in "{}();=<>[]")
    hints = any(h in head for h in k._CODE_HINTS)
    expected = "```" in head or (hints and k.CODE_LINE.search(head) is not None) or (
        len(head) > 20 and symbols / len(head) > 0.05)
    assert k._is_code(head) == expected


def test_prompt_words_of_joined_turns_equal_the_turns_words():
    turns = ["ΟΔΟΣ", "Σ end", "Hello, World!", "it's İstanbul—nice…", "x\u00a0y"]
    joined = k.words("\n".join(turns))
    assert joined == [w for t in turns for w in k.words(t)]


def _random_ascii(n: int) -> list[str]:
    rng = random.Random(11)
    alphabet = [chr(c) for c in range(128)]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("text", ["Hello, World!", "a-b_c d'e (f) [g] {h}", "x\ty\x0bz\x1c", "", "  !!  "]
                         + _random_ascii(300))
def test_ascii_words_match_the_general_substitution(text):
    # the byte-table path for ASCII text and the substitution used for other text split alike
    assert k.words(text) == k._PUNCTUATION.sub(" ", text.lower()).split()
