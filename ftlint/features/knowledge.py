"""Knowledge-stuffing signals: does the dataset teach facts rather than behaviour?

Computed offline, without a model, once per view. Per example (`knowledge_signals`):

- *ungrounded share*: of the answer's distinct content words (lowercased, stopwords
  removed), the share that appears nowhere in the prompt (system message included).
  Extraction and rewriting score low; closed-book fact answers score high (so do class
  labels, code and translations, which the other signals tell apart).
- *factoid*: a short prompt without a context passage asking who / when / where / which /
  what is / how many..., with a short answer.
- *new facts per 100 words*: distinct proper names (capitalised word runs not at a sentence
  start) and figures of two or more digits in the answer that the prompt does not contain,
  per 100 answer words.
- *repeated*: the example's answer is shared by `REPEAT_GROUP`+ different prompts that
  name the same subject, and the answer carries at least two names or figures
  (the same fact taught through paraphrased questions).

Legitimately ungrounded tasks are recognised so that the factoid and new-facts signals do
not count them: code answers, answers in another language or script than the prompt
(translation), generation requests ("write a story..."), arithmetic, and short labels
repeated across the dataset (classification). An example's kind is only worked out where
it changes the judgement (it is factoid or has new facts), so most examples stay "text".
Answers are measured on their first `ANSWER_CHARS` characters, and a dataset of more than
`SAMPLE_LIMIT` examples on an evenly spaced sample of that many (repeated answers are still
found across all examples), which keeps a run on 100,000 examples to a few seconds.
`knowledge_summary` aggregates the dataset's figures.
"""
from __future__ import annotations

import re
import statistics
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ftlint.model import Example
from ftlint.stopwords import ENGLISH, FILLER, LANGUAGE_MARKERS
from ftlint.view import feature

ANSWER_CHARS = 600  # answer prefix measured (long answers are judged by their beginning)
REPEAT_GROUP = 3  # prompts sharing one answer before it counts as a repeated fact
FACTOID_QUESTION_WORDS = 40
FACTOID_PROMPT_WORDS = 60  # non-system prompt words: more means a context passage is given
FACTOID_ANSWER_WORDS = 60
LABEL_WORDS = 5  # a repeated answer this short is a class label, not a fact
GROUP_PROMPTS = 200  # distinct prompts of one repeated answer examined for a shared subject
SAMPLE_LIMIT = 25_000  # more examples: per-example signals measured on an evenly spaced sample

_PUNCTUATION_CHARS = string.punctuation + "“”‘’«»„…–—"
_SPLIT_ASCII = bytes(32 if chr(b) in _PUNCTUATION_CHARS else b for b in range(256))  # punctuation -> space
_PUNCTUATION = re.compile("[" + re.escape(_PUNCTUATION_CHARS) + "]")
_STOP = ENGLISH | FILLER
_CALENDAR = frozenset("january february march april may june july august september october november december "
                      "monday tuesday wednesday thursday friday saturday sunday".split())

FACTOID = re.compile(
    r"^[\W_]{0,3}(?:(?:so|and|ok|okay|hey|quick question)[\W_]{1,3})?(?:who|whom|whose|when|where|which|"
    r"what (?:is|was|are|were|year|date|day|month|time|country|city|town|state|company|number|percentage|amount|"
    r"kind|type|colou?r|name)|how (?:many|much|old|long|tall|far|big|large)|in (?:what|which) (?:year|city|country)|"
    r"name (?:the|a|an)|tell me (?:who|when|where|which|what))\b", re.IGNORECASE)
TASK_VERB = re.compile(r"\b(?:translat\w{0,5}|rewrite|rephrase|paraphrase|summari[sz]e|classify|categori[sz]e|"
                       r"correct|proofread|convert|extract|label|sentiment|tag)\b", re.IGNORECASE)
GENERATIVE = re.compile(r"^[\W_]{0,3}(?:please[\W_]{1,3})?(?:write|compose|create|generate|draft|imagine|invent|"
                        r"come up with|tell me a (?:story|joke|poem))\b", re.IGNORECASE)
CREATIVE_FORM = re.compile(r"\b(?:poem|poetry|story|stories|song|lyrics|haiku|limerick|sonnet|joke|fable|tale|"
                           r"essay|slogan|tagline|dialogue|screenplay)\b", re.IGNORECASE)
MATH = re.compile(r"[0-9][ \t]{0,3}[-+*/×÷^=<>][ \t]{0,3}\(?[0-9]|\b(?:solve|calculate|compute|simplify|evaluate|"
                  r"equation|integral|derivative|factori[sz]e)\b", re.IGNORECASE)
CODE_LINE = re.compile(r"^[ \t]{0,12}(?:def |class |import |from [\w.]{1,60} import |function |const |let |var |"
                       r"public |private |#include|SELECT |return |fn |func |package )", re.MULTILINE)
# Starts with a class (the fast scan); the word boundary before it is checked in Python.
CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]{0,40}(?:[ \t]{1,3}[A-Z][\w'’-]{0,40}){0,5}")
FIGURE = re.compile(r"[0-9]{2,12}")
_CODE_HINTS = ("def ", "class ", "import ", "function ", "const ", "let ", "var ", "public ", "private ", "#include",
               "SELECT ", "return ", "fn ", "func ", "package ")
_CODE_HINT = re.compile("|".join(map(re.escape, _CODE_HINTS)))  # any(h in head for h in _CODE_HINTS), one scan
_DROP_SYMBOLS = str.maketrans("", "", "{}();=<>[]")
# Lower-case stems of CREATIVE_FORM's and MATH's words: an ASCII text none of them occurs in cannot match.
_CREATIVE_STEMS = ("poem", "poetry", "stor", "song", "lyrics", "haiku", "limerick", "sonnet", "joke", "fable", "tale",
                   "essay", "slogan", "tagline", "dialogue", "screenplay")
_MATH_STEMS = ("solve", "calculate", "compute", "simplify", "evaluate", "equation", "integral", "derivative", "factori")
_ANY_DIGIT = re.compile("[0-9]")
_SENTENCE_END = frozenset(".!?:;\n")
_MARKER_INDEX: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, marks in LANGUAGE_MARKERS.items() if word in marks)
    for word in frozenset().union(*LANGUAGE_MARKERS.values())
}


def words(text: str) -> list[str]:
    """Lowercased words, punctuation removed. ASCII text goes through a 256-byte table
    (`bytes.translate`, some 3x faster than `str.translate`, which looks up each character in a
    dictionary); beyond ASCII, a substitution of the same characters."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered.encode("ascii").translate(_SPLIT_ASCII).decode("ascii").split()
    return _PUNCTUATION.sub(" ", lowered).split()


@dataclass(slots=True)
class ExampleSignals:
    line: int
    kind: str  # text, code, cross-lingual, generative, math, label, no-answer
    answer_words: int
    ungrounded: Optional[float]  # None: no content words in the answer
    factoid: bool
    new_facts: int  # distinct new names and figures in the measured answer prefix
    fact_rate: float  # new_facts per 100 answer words
    all_facts: int  # names and figures in the answer, new or not
    repeated: bool = False


@dataclass
class KnowledgeSummary:
    total: int  # valid examples in the view
    measured: int  # examples measured (all, or an evenly spaced sample of SAMPLE_LIMIT)
    scored: int  # measured examples with an answer that has content words
    ungrounded_median: float
    factoid_share: float
    fact_rate_median: float
    repeated_share: float
    kinds: dict[str, int] = field(default_factory=dict)
    examples: list[ExampleSignals] = field(default_factory=list)


def _language(text: str) -> Optional[str]:
    """The language or script a text is mostly written in, or None when unclear."""
    return _sample_language(text[:400])


@lru_cache(maxsize=4096)
def _sample_language(sample: str) -> Optional[str]:
    """`_language` of a text's first 400 characters (cached: prompts and answers repeat)."""
    if not sample.isascii():
        letters = [c for c in sample if c.isalpha()]
        foreign = [c for c in letters if ord(c) > 0x24F]
        if letters and len(foreign) * 2 > len(letters):
            return "script:" + unicodedata.name(foreign[0], "OTHER").split()[0]
    counts = dict.fromkeys(LANGUAGE_MARKERS, 0)
    for token in filter(_MARKER_INDEX.__contains__, words(sample)):
        for lang in _MARKER_INDEX[token]:
            counts[lang] += 1
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] < 1 or ranked[0] == ranked[1]:
        return None
    return max(counts, key=counts.get)


def _is_code(head: str) -> bool:
    if "```" in head or (_CODE_HINT.search(head) and CODE_LINE.search(head)):
        return True
    symbols = len(head) - len(head.translate(_DROP_SYMBOLS))  # occurrences of "{}();=<>[]"
    return len(head) > 20 and symbols / len(head) > 0.05


def _may_be_creative(question: str) -> bool:
    """False only where CREATIVE_FORM cannot match: an ASCII text holding none of its words' stems."""
    if not question.isascii():
        return True  # IGNORECASE also matches non-ASCII look-alikes (the long s, the Kelvin sign)
    low = question.lower()
    return any(stem in low for stem in _CREATIVE_STEMS)


def _may_be_math(question: str) -> bool:
    """False only where MATH cannot match: an ASCII text with no digit and none of its words' stems."""
    if not question.isascii() or _ANY_DIGIT.search(question):
        return True
    low = question.lower()
    return any(stem in low for stem in _MATH_STEMS)


def _facts(head: str, known: set[str]) -> tuple[int, int]:
    """(names and figures, those absent from the prompt) in an answer's measured prefix."""
    found: set[str] = set()
    new: set[str] = set()
    for m in CAPITALISED_RUN.finditer(head):
        start, run = m.start(), m.group()
        if start and (head[start - 1].isalnum() or head[start - 1] in "_'’-"):
            continue  # a capital inside a word (iPhone, McDonald)
        if " " not in run and "\t" not in run:
            before = head[max(0, start - 4):start].rstrip(" \t\"'“‘(*-")
            if not before or before[-1] in _SENTENCE_END:
                continue  # a lone capitalised word opening a sentence is not evidence of a name
        parts = [p for p in words(run) if p not in _STOP and p not in _CALENDAR]
        if parts:
            name = " ".join(parts)
            found.add(name)
            if any(p not in known for p in parts):
                new.add(name)
    for figure in FIGURE.findall(head) if any(d in head for d in "0123456789") else ():
        found.add(figure)
        if figure not in known:
            new.add(figure)
    return len(found), len(new)


def _answer(ex: Example) -> str:
    end = ex.final_target_index
    return ex.turns[end].text[:ANSWER_CHARS] if end >= 0 else ""


def _question(ex: Example) -> str:
    """The last user turn before the final target."""
    end = ex.final_target_index
    return next((t.text for t in reversed(ex.turns[:end]) if t.role == "user"), "") if end > 0 else ""


def sample_indices(n: int) -> list[int]:
    """Every index up to SAMPLE_LIMIT examples; beyond, SAMPLE_LIMIT evenly spaced ones (deterministic)."""
    if n <= SAMPLE_LIMIT:
        return list(range(n))
    return [i * n // SAMPLE_LIMIT for i in range(SAMPLE_LIMIT)]


@feature()
def knowledge_signals(view) -> list[ExampleSignals]:
    """Signals of the measured examples (all of them, or an evenly spaced sample), in file order."""
    examples = view.examples
    system_cache: dict[str, frozenset[str]] = {}
    picked = sample_indices(len(examples))
    signals = {i: _signals(examples[i], system_cache) for i in picked}
    _mark_repeats(examples, signals)
    return [signals[i] for i in picked]


def _signals(ex: Example, system_cache: dict[str, frozenset[str]]) -> ExampleSignals:
    end = ex.final_target_index
    answer = ex.turns[end].text if end >= 0 else ""
    head = answer[:ANSWER_CHARS]
    tokens = words(head)
    if not tokens:
        return ExampleSignals(ex.line, "no-answer", 0, None, False, 0, 0.0, 0)
    known: set[str] = set()
    question, outside_system = "", 0
    prompt_texts: list[str] = []
    for t in ex.turns[:end]:
        if t.role == "system":
            cached = system_cache.get(t.text)
            if cached is None:
                cached = system_cache[t.text] = frozenset(words(t.text))
            known |= cached
        elif t.text:
            prompt_texts.append(t.text)
            if t.role == "user":
                question = t.text
    if prompt_texts:  # one pass over the turns joined: "\n" separates words as a turn's end does
        prompt_words = words(prompt_texts[0] if len(prompt_texts) == 1 else "\n".join(prompt_texts))
        known.update(prompt_words)
        outside_system = len(prompt_words)
    content = set(tokens) - _STOP
    ungrounded = len(content - known) / len(content) if content else None
    found, new = _facts(head, known)
    factoid = (len(answer) <= ANSWER_CHARS and len(tokens) <= FACTOID_ANSWER_WORDS
               and outside_system <= FACTOID_PROMPT_WORDS and len(question) <= 8 * FACTOID_QUESTION_WORDS
               and len(question.split()) <= FACTOID_QUESTION_WORDS
               and FACTOID.match(question.strip()) is not None and TASK_VERB.search(question) is None)
    kind = "text"
    if factoid or new:  # only where it changes the judgement: is this a task where new words are expected?
        kind = _kind(question, head)
        if kind != "text":
            factoid, found, new = False, 0, 0
    return ExampleSignals(ex.line, kind, len(tokens), ungrounded, factoid, new, 100.0 * new / len(tokens), found)


def _kind(question: str, head: str) -> str:
    if _is_code(head):
        return "code"
    window = question[:2000]
    if GENERATIVE.match(question) or (_may_be_creative(window) and CREATIVE_FORM.search(window)):
        return "generative"
    if _may_be_math(window) and MATH.search(window):
        return "math"
    lang_q = _language(question)
    if lang_q is None:
        return "text"
    lang_a = _language(head)
    return "cross-lingual" if lang_a and lang_q != lang_a else "text"


def _answer_key(ex: Example, known: dict[str, Optional[str]]) -> Optional[str]:
    """A short answer, normalised (long answers are not compared); `known` holds the keys of the
    answer texts seen so far (repeated answers, labels above all, are split into words once)."""
    end = ex.final_target_index
    if end < 0 or len(ex.turns[end].text) > ANSWER_CHARS:
        return None
    text = ex.turns[end].text
    if text not in known:
        known[text] = " ".join(words(text)) or None
    return known[text]


def _mark_repeats(examples: list[Example], signals: dict[int, ExampleSignals]) -> None:
    """Flag paraphrased prompts sharing one fact-bearing answer; demote repeated short labels.

    Answers are grouped over all examples, measured or not; flags are set on the measured ones.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    known: dict[str, Optional[str]] = {}
    for i, ex in enumerate(examples):
        sig = signals.get(i)
        if sig is None or sig.kind == "text":
            key = _answer_key(ex, known)
            if key is not None:
                groups[key].append(i)
    for key, members in groups.items():
        measured = [signals[i] for i in members if i in signals]
        if len(members) < REPEAT_GROUP or not measured:
            continue
        prompts: dict[str, None] = {}  # distinct, in file order
        for i in members:
            prompts[_question(examples[i])] = None
            if len(prompts) >= GROUP_PROMPTS:
                break
        subject_words = set(key.split()) - _STOP
        per_prompt = [set(words(p)) for p in prompts]
        shared_subject = any(sum(w in p for p in per_prompt) * 2 >= len(per_prompt) for w in subject_words)
        answer_words = key.count(" ") + 1
        fact_bearing = answer_words >= 4 and _facts(_answer(examples[members[0]]), set())[0] >= 2
        if len(prompts) >= REPEAT_GROUP and shared_subject and fact_bearing:
            for s in measured:
                s.repeated = True
        elif answer_words <= LABEL_WORDS:
            for s in measured:  # a class label: not a fact, not a factoid answer
                s.kind, s.factoid, s.new_facts, s.fact_rate, s.all_facts = "label", False, 0, 0.0, 0


@feature(needs=(knowledge_signals,))
def knowledge_summary(view) -> KnowledgeSummary:
    signals = view.feature(knowledge_signals)
    total = len(view.examples)
    scored = [s for s in signals if s.ungrounded is not None]
    kinds: dict[str, int] = defaultdict(int)
    for s in signals:
        kinds[s.kind] += 1
    n = len(scored)
    if not n:
        return KnowledgeSummary(total, len(signals), 0, 0.0, 0.0, 0.0, 0.0, dict(kinds), signals)
    return KnowledgeSummary(
        total=total, measured=len(signals), scored=n,
        ungrounded_median=statistics.median(s.ungrounded for s in scored),
        factoid_share=sum(s.factoid for s in scored) / n,
        fact_rate_median=statistics.median(s.fact_rate for s in scored),
        repeated_share=sum(s.repeated for s in scored) / n,
        kinds=dict(kinds), examples=signals,
    )
