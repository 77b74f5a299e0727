"""Datasets in the shapes users bring, for `bench/run.py` (deterministic: same seed, same bytes).

    python bench/shapes.py SHAPE out.jsonl N [--seed 0]      # one file
    python bench/shapes.py --list

Shapes (each also has an eval file of 1,000 examples, a few of them copied or lightly edited
from training, written by `write_pair`):

- `chat`: support-style conversations over a large Zipf-distributed vocabulary (about 40,000
  pseudo-words), numbers, order codes, the odd e-mail address, URL or code block; 1-3
  exchanges; a handful of system prompts; about 1 KB per example. ~3% planted defects (exact and
  near duplicates, empty answers, broken JSON).
- `templated`: small vocabulary, one fill-in-the-slots template per task (extraction and
  classification of invoices, tickets, addresses): most of every example is shared text.
- `long-context`: contracts/transcripts/code files: most examples ~2 KB, but `LONG_EXAMPLES`
  (default 43 per 10,000) carry about 420 KB of text each, some of them near copies of each other.
- `random-long`: long texts of random characters and words (5-20 KB, high entropy: what
  base64 blobs, logs and hashes look like to a tokenizer and to a secrets scanner).
- `multilingual`: the chat shape in eight scripts (Latin with accents, Cyrillic, Greek, Arabic,
  Hebrew, Devanagari, CJK, Thai), one language per example, some mixed.
- `labels`: many short classification examples (a sentence in, one of 12 labels out).
"""
from __future__ import annotations

import argparse
import json
import random
import string
from bisect import bisect
from itertools import accumulate
from typing import Callable, Iterator

SHAPES = ("chat", "templated", "long-context", "random-long", "multilingual", "labels")
LONG_EXAMPLES = 43  # per 10,000 examples in `long-context`
LONG_CHARS = 420_000

SYSTEMS = (
    "You are Acme Support's assistant. Answer politely and precisely, cite the relevant help-centre article "
    "when one exists, never invent order details, and escalate billing disputes to a human agent.",
    "You are a concise technical assistant for the Nimbus cloud platform. Prefer short answers with commands.",
    "You help customers of a travel agency plan trips. Ask for dates and budget when they are missing.",
    "You are a careful legal-writing assistant. Quote the clause you rely on.",
    "You are a friendly tutor. Explain step by step and check understanding at the end.",
)

_CONSONANTS, _VOWELS = "bcdfghjklmnprstvwz", "aeiou"


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) + (rng.choice(_CONSONANTS) if rng.random() < 0.3
                                                                           else "") for _ in range(syllables)))
    ordered = sorted(words)
    rng.shuffle(ordered)  # frequency rank unrelated to spelling
    return ordered


class Words:
    """Zipf-distributed word picker over a fixed vocabulary (rank r has weight 1/r)."""

    def __init__(self, rng: random.Random, vocabulary: list[str]):
        self.rng, self.vocabulary = rng, vocabulary
        self.cumulative = list(accumulate(1.0 / (r + 1) for r in range(len(vocabulary))))

    def word(self) -> str:
        return self.vocabulary[bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]

    def sentence(self, lo: int = 5, hi: int = 22) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(lo, hi)):
            roll = rng.random()
            if roll < 0.03:
                out.append(str(rng.randint(1, 99999)))
            elif roll < 0.04:
                out.append(f"#{rng.choice(string.ascii_uppercase)}{rng.randint(10000, 99999)}")
            else:
                out.append(self.word())
        text = " ".join(out)
        return text[0].upper() + text[1:] + rng.choice(".....?!")

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def _extra(rng: random.Random, words: Words) -> str:
    roll = rng.random()
    if roll < 0.01:
        return f" Write to {words.word()}.{words.word()}@example.com for details."
    if roll < 0.03:
        return f" See https://help.example.com/{words.word()}/{rng.randint(100, 999)} for more."
    if roll < 0.05:
        name = words.word()
        return f"\n\n```python\ndef {name}(x):\n    return x * {rng.randint(2, 9)}  # {words.sentence(3, 6)}\n```\n"
    return ""


def _conversation(rng: random.Random, words: Words, system: str | None, turns_max: int = 3,
                  answer_sentences: Callable[[], int] | None = None) -> dict:
    messages = [{"role": "system", "content": system}] if system else []
    sentences = answer_sentences or (lambda: min(30, max(1, int(rng.lognormvariate(1.5, 0.7)))))
    for _ in range(rng.choice((1, 1, 1, 2, 2, turns_max))):
        messages.append({"role": "user", "content": words.sentence(6, 30)[:-1] + "?" + _extra(rng, words)})
        messages.append({"role": "assistant", "content": words.paragraph(sentences()) + _extra(rng, words)})
    return {"messages": messages}


def _mutated(record: dict, rng: random.Random) -> dict:
    """A near copy: a few characters of each non-system message changed."""
    out = []
    for m in record["messages"]:
        text = m["content"]
        if m["role"] != "system" and text:
            chars = list(text)
            for _ in range(max(1, len(chars) // 400)):
                chars[rng.randrange(len(chars))] = rng.choice(string.ascii_lowercase)
            text = "".join(chars)
        out.append({**m, "content": text})
    return {"messages": out}


def _with_defects(rng: random.Random, make: Callable[[int], dict], n: int, defects: float = 0.03) -> Iterator[str]:
    recent: list[dict] = []
    for i in range(n):
        if recent and rng.random() < defects:
            base = rng.choice(recent)
            kind = rng.randrange(4)
            if kind == 0:
                yield json.dumps(base, ensure_ascii=False)
            elif kind == 1:
                yield json.dumps(_mutated(base, rng), ensure_ascii=False)
            elif kind == 2:
                bad = json.loads(json.dumps(base))
                bad["messages"][-1]["content"] = " "
                yield json.dumps(bad, ensure_ascii=False)
            else:
                yield json.dumps(base, ensure_ascii=False)[:-5]  # broken JSON
            continue
        record = make(i)
        if len(recent) < 256:
            recent.append(record)
        elif rng.random() < 0.02:
            recent[rng.randrange(256)] = record
        yield json.dumps(record, ensure_ascii=False)


def chat_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    words = Words(rng, _vocabulary(random.Random(1000 + seed), 40_000))
    yield from _with_defects(rng, lambda i: _conversation(rng, words, rng.choice(SYSTEMS + (None,))), n)


TEMPLATES = (
    ("Extract the vendor, date and total from this invoice as JSON.\n\nInvoice {n}\nVendor: {a} {b} Ltd\n"
     "Date: 2024-{m:02d}-{d:02d}\nItems: {x} x {c} at {p}.00\nTotal due: {t}.00 EUR\nPayment terms: 30 days net.",
     '{{"vendor": "{a} {b} Ltd", "date": "2024-{m:02d}-{d:02d}", "total": {t}.00}}'),
    ("Classify the priority of this support ticket as low, medium or high.\n\nTicket {n}: The {c} on my {a} "
     "stopped working after the update. I tried restarting the {b} twice.", "{prio}"),
    ("Normalise this address to one line.\n\n{x} {a} Street\nFlat {d}\n{b}ton\n{m}{d} {c}", "{x} {a} Street, Flat {d}, "
     "{b}ton {m}{d} {c}"),
)


def templated_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    vocab = _vocabulary(random.Random(2000 + seed), 300)

    def make(i: int) -> dict:
        prompt, answer = TEMPLATES[i % len(TEMPLATES)]
        slots = dict(n=i, a=rng.choice(vocab).title(), b=rng.choice(vocab).title(), c=rng.choice(vocab),
                     m=rng.randint(1, 12), d=rng.randint(1, 28), x=rng.randint(1, 99), p=rng.randint(5, 500),
                     t=rng.randint(10, 9999), prio=rng.choice(("low", "medium", "high")))
        return {"messages": [{"role": "system", "content": SYSTEMS[0]},
                             {"role": "user", "content": prompt.format(**slots)},
                             {"role": "assistant", "content": answer.format(**slots)}]}
    yield from _with_defects(rng, make, n)


def long_context_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    words = Words(rng, _vocabulary(random.Random(3000 + seed), 40_000))
    n_long = max(1, n * LONG_EXAMPLES // 10_000)
    long_at = set(rng.sample(range(n), min(n, n_long)))
    previous_long: list[dict] = []

    def make(i: int) -> dict:
        if i in long_at:
            if previous_long and rng.random() < 0.25:
                return _mutated(rng.choice(previous_long), rng)  # a near copy of another long document
            document = []
            size = 0
            while size < LONG_CHARS:
                paragraph = words.paragraph(rng.randint(3, 12))
                document.append(paragraph)
                size += len(paragraph) + 2
            record = {"messages": [
                {"role": "system", "content": SYSTEMS[3]},
                {"role": "user", "content": "Summarise the obligations of each party in this contract.\n\n" + "\n\n".join(document)},
                {"role": "assistant", "content": words.paragraph(rng.randint(5, 15))}]}
            previous_long.append(record)
            return record
        return _conversation(rng, words, SYSTEMS[3], answer_sentences=lambda: rng.randint(8, 20))
    yield from _with_defects(rng, make, n, defects=0.02)


def random_long_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "+/=-_.:;,!?()[]{}<>@#$%&*"

    def blob() -> str:
        parts = []
        for _ in range(rng.randint(5, 20)):
            roll = rng.random()
            if roll < 0.5:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(200, 1000))))
            else:
                parts.append(" ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 12)))
                                      for _ in range(rng.randint(30, 150))))
        return "\n".join(parts)

    def make(i: int) -> dict:
        return {"messages": [{"role": "user", "content": "Explain what this log excerpt shows.\n" + blob()},
                             {"role": "assistant", "content": blob()[:rng.randint(300, 3000)]}]}
    yield from _with_defects(rng, make, n)


SCRIPTS = {  # letters each script's pseudo-words are made of
    "latin": "abcdeéèfghijklmnñoöpqrstuüvwxyzßçà",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह",
    "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域",
    "thai": "กขคฆงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮ",
}


def multilingual_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    lexicons = {}
    for name, letters in SCRIPTS.items():
        r = random.Random(sum(map(ord, name)) + seed)
        size = 6000 if name != "cjk" else 3000
        vocab = sorted({"".join(r.choice(letters) for _ in range(r.randint(1, 3) if name == "cjk" else r.randint(2, 9)))
                        for _ in range(size)})
        r.shuffle(vocab)
        lexicons[name] = Words(rng, vocab)
    names = sorted(lexicons)

    def make(i: int) -> dict:
        words = lexicons[rng.choice(names)]
        record = _conversation(rng, words, rng.choice(SYSTEMS + (None,)))
        if rng.random() < 0.05:  # a mixed-language reply
            other = lexicons[rng.choice(names)]
            record["messages"][-1]["content"] += " " + other.paragraph(2)
        if words is lexicons["cjk"]:
            for m in record["messages"]:
                if m["role"] != "system":
                    m["content"] = m["content"].replace(" ", "")
        return record
    yield from _with_defects(rng, make, n)


LABELS = ("billing", "shipping", "returns", "account", "technical", "sales", "feedback", "complaint", "privacy",
          "cancellation", "warranty", "other")


def labels_lines(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    words = Words(rng, _vocabulary(random.Random(4000 + seed), 20_000))
    system = "Classify the customer message into one of: " + ", ".join(LABELS) + ". Answer with the label only."

    def make(i: int) -> dict:
        return {"messages": [{"role": "system", "content": system},
                             {"role": "user", "content": words.sentence(4, 25)},
                             {"role": "assistant", "content": LABELS[min(len(LABELS) - 1, int(rng.expovariate(0.35)))]}]}
    yield from _with_defects(rng, make, n)


GENERATORS: dict[str, Callable[[int, int], Iterator[str]]] = {
    "chat": chat_lines, "templated": templated_lines, "long-context": long_context_lines,
    "random-long": random_long_lines, "multilingual": multilingual_lines, "labels": labels_lines,
}


def write_shape(shape: str, path: str, n: int, seed: int = 0) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for line in GENERATORS[shape](n, seed):
            fh.write(line)
            fh.write("\n")
    return path


def write_pair(shape: str, train_path: str, eval_path: str, n: int, n_eval: int = 1000, seed: int = 0) -> None:
    """A training file and an eval file of the same shape (a different seed), in which about 2% of
    the eval examples are exact copies of training examples and 2% near copies."""
    write_shape(shape, train_path, n, seed)
    rng = random.Random(seed + 99)
    with open(train_path, encoding="utf-8") as fh:
        pool = [line for _, line in zip(range(5000), fh)]
    with open(eval_path, "w", encoding="utf-8") as fh:
        for i, line in enumerate(GENERATORS[shape](n_eval, seed + 1)):
            roll = rng.random()
            if roll < 0.04:
                try:
                    record = json.loads(rng.choice(pool))
                except ValueError:
                    record = None
                if record is not None:
                    line = json.dumps(record if roll < 0.02 else _mutated(record, rng), ensure_ascii=False)
            fh.write(line)
            fh.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", nargs="?", choices=SHAPES)
    parser.add_argument("path", nargs="?")
    parser.add_argument("n", nargs="?", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list or not args.shape:
        print("\n".join(SHAPES))
        return
    write_shape(args.shape, args.path, args.n, args.seed)


if __name__ == "__main__":
    main()
