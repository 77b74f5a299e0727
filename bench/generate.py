"""Generate realistic OpenAI-chat fine-tuning datasets for benchmarks.

Every example shares one system prompt; user questions and assistant answers vary in
length (a long tail, like real support and extraction data); a few percent of lines
carry planted defects (broken JSON, exact duplicates, near duplicates, empty answers,
trailing user turns, over-long examples), so every check has work to do.

    python bench/generate.py out.jsonl 100000 [--seed 0] [--defects 0.03]

About 1.5 KB per example on average: 100,000 examples is about 150 MB.
"""
from __future__ import annotations

import argparse
import json
import random
from typing import Iterator

SYSTEM = ("You are Acme Support's assistant. Answer politely and precisely, cite the relevant help-centre "
          "article when one exists, never invent order details, and escalate billing disputes to a human agent. "
          "Keep answers under 200 words unless the customer asks for step-by-step instructions.")

_WORDS = ("order account refund shipping delivery invoice password login subscription plan upgrade downgrade "
          "cancel address payment card charge receipt warranty return exchange size colour stock tracking parcel "
          "courier delay damaged missing item discount coupon code newsletter email phone support agent ticket "
          "priority business personal settings profile notification security device app browser update version "
          "error message screen button page link download upload file export import report dashboard team member "
          "invite role permission admin billing cycle month year trial free premium feature limit usage quota").split()
_OPENERS = ("How do I", "Why can't I", "Can you help me", "What happens if I", "Is it possible to", "I need to",
            "Please explain how to", "My", "When will I", "Where can I find")


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    n = rng.randint(lo, hi)
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, 6, 18) for _ in range(sentences))


def _length(rng: random.Random) -> int:
    """Sentences per answer: mostly short, a long tail."""
    return min(60, max(1, int(rng.lognormvariate(1.9, 0.7))))


def make_example(rng: random.Random, i: int) -> dict:
    question = f"{rng.choice(_OPENERS)} {_sentence(rng, 5, 25)[:-1].lower()}? (ref #{i})"
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]
    messages.append({"role": "assistant", "content": _paragraph(rng, _length(rng))})
    if rng.random() < 0.25:  # a follow-up turn
        messages.append({"role": "user", "content": _sentence(rng, 4, 14)})
        messages.append({"role": "assistant", "content": _paragraph(rng, _length(rng))})
    return {"messages": messages}


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(3):
        pos = rng.randrange(len(chars))
        chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def generate_lines(n: int, seed: int = 0, defects: float = 0.03) -> Iterator[str]:
    """n lines of JSONL (without newlines); about `defects` of them are planted defects."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for i in range(n):
        roll = rng.random()
        if roll < defects and recent:
            kind = rng.randrange(5) if rng.random() > 0.02 else 5  # over-long ones are rare (each ~300 KB)
            base = rng.choice(recent)
            if kind == 0:
                yield json.dumps(base)[:-7]  # broken JSON: cut short
                continue
            if kind == 1:
                yield json.dumps(base)  # exact duplicate
                continue
            if kind == 2:  # near duplicate
                msgs = [dict(m, content=_mutate(m["content"], rng)) if m["role"] != "system" else m
                        for m in base["messages"]]
                yield json.dumps({"messages": msgs})
                continue
            ex = make_example(rng, i)
            if kind == 3:
                ex["messages"][2]["content"] = " "
            elif kind == 4:
                ex["messages"].append({"role": "user", "content": "Thanks!"})
            else:
                ex["messages"][2]["content"] = _paragraph(rng, 4000)  # over 65,536 tokens
            yield json.dumps(ex)
            continue
        ex = make_example(rng, i)
        if len(recent) < 512:
            recent.append(ex)
        elif rng.random() < 0.01:
            recent[rng.randrange(512)] = ex
        yield json.dumps(ex)


def write_dataset(path: str, n: int, seed: int = 0, defects: float = 0.03) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for line in generate_lines(n, seed, defects):
            fh.write(line)
            fh.write("\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--defects", type=float, default=0.03)
    args = parser.parse_args()
    write_dataset(args.path, args.n, args.seed, args.defects)


if __name__ == "__main__":
    main()
