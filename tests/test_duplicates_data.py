"""Synthetic chat data shared by the duplicate and leakage tests (no tests here): varied words, planted copies."""
from __future__ import annotations

import random

SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "dri", "pel", "sun", "gar", "ith", "om", "bre", "cul",
             "fen", "ha", "jo", "nix", "qua", "ry", "ste", "ul", "wex", "zo", "an", "del", "pri", "mos")


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def sentence(rng: random.Random, vocab: list[str], lo: int, hi: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def chat_record(rng: random.Random, vocab: list[str], system: str | None = None, lo: int = 6, hi: int = 40) -> dict:
    messages = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": sentence(rng, vocab, lo, hi)})
    messages.append({"role": "assistant", "content": sentence(rng, vocab, lo, hi)})
    return {"messages": messages}


def mutate(text: str, rng: random.Random, changes: int = 2) -> str:
    """Change `changes` letters of a text (a few characters changed)."""
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for pos in rng.sample(letters, min(changes, len(letters))):
        chars[pos] = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != chars[pos].lower()])
    return "".join(chars)


def near_copy(record: dict, rng: random.Random, changes: int = 2) -> dict:
    return {"messages": [dict(m, content=mutate(m["content"], rng, changes)) if m["role"] != "system" else dict(m)
                         for m in record["messages"]]}


def shout(record: dict) -> dict:
    """An exact duplicate after normalisation: upper case and extra spaces."""
    return {"messages": [dict(m, content="  " + m["content"].upper().replace(" ", "   ")) for m in record["messages"]]}
