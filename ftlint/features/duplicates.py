"""Duplicate features: exact groups, near-duplicate pairs and groups, prompts and answers.

All indexes are into `view.examples`. Exact duplicates are equal normalised example
texts with equal tools and media (compared by `ftlint.features.texts.example_keys`, digests
of them); a prompt's identity (`prompt_identity`) is its system prompt, every earlier turn,
its tool definitions and its media, so prompts are grouped by all the model conditions on. Near duplicates are searched among
one representative (the first) of each distinct text, so an exact copy is never also
reported as a near duplicate. `exact_duplicate_groups` and `near_duplicate_groups` are
the API `ftlint fix` uses: it keeps the first example of each group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ftlint.features import similarity as sim
from ftlint.features.texts import EMPTY_KEY, answer_text, content_text, text_keys
from ftlint.secrets import redact
from ftlint.text import excerpt, normalize
from ftlint.view import feature

NEAR_FLOOR = 0.75  # pairs are scored down to this similarity; checks apply their own threshold
DEFAULT_NEAR_THRESHOLD = 0.9


@dataclass
class ExactIndex:
    first: dict[bytes, int]  # example key (digest of the normalised text) -> index of its first example
    reps: np.ndarray  # int64, the first example of each distinct text, ascending
    groups: list[list[int]]  # every group of two or more equal examples


@feature(needs=(text_keys,))  # (not `example_keys`: one step less in the worker's chain text_keys -> shingle_index)
def exact_index(view) -> ExactIndex:
    texts = view.feature(text_keys).example  # `example_keys`
    first: dict[str, int] = {}
    extra: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        j = first.setdefault(text, i)
        if j != i:
            extra.setdefault(j, [j]).append(i)
    reps = np.fromiter(first.values(), dtype=np.int64, count=len(first))
    return ExactIndex(first, reps, [extra[k] for k in sorted(extra)])


@feature(needs=(exact_index,))
def exact_duplicate_groups(view) -> list[list[int]]:
    """Groups (two or more) of examples with equal normalised text, sorted, by first index."""
    return view.feature(exact_index).groups


@feature(needs=(exact_index,))
def exact_members(view) -> dict[int, list[int]]:
    """First example of each exact-duplicate group -> all members (absent: no copies)."""
    return {g[0]: g for g in view.feature(exact_index).groups}


@dataclass
class ShingleIndex:
    reps: np.ndarray  # example index of each signed text (the first of each distinct text)
    common: np.ndarray  # sorted hashes of template shingles (in TEMPLATE_SHARE of the texts)
    frequent: np.ndarray  # ... of shingles too frequent to sign with (FREQUENT_SHARE), template included
    signatures: sim.Signatures
    keys: np.ndarray  # LSH band keys, (len(reps), bands)


@feature(needs=(exact_index, text_keys))
def shingle_index(view) -> ShingleIndex:
    """MinHash signatures of the distinct example texts, template shingles left out. The texts are
    those `text_keys` kept (`index_texts`), or, for a view too large to keep them (they would be
    another copy of the data, in the main process and in the worker that computed them), normalised
    again a slice at a time."""
    reps = view.feature(exact_index).reps
    texts = index_texts(view, reps)
    frequent, share = sim.gram_shares(texts)  # reads an evenly spaced sample only
    common = frequent[share >= sim.TEMPLATE_SHARE]
    signatures = sim.Signatures(np.empty((len(texts), sim.BINS), np.uint32), np.empty(len(texts), bool))
    for lo, hi in _sign_slices(view, reps):
        part = sim.signatures(texts[lo:hi], frequent, common)
        signatures.sig[lo:hi], signatures.templated[lo:hi] = part.sig, part.templated
    return ShingleIndex(reps, common, frequent, signatures, sim.band_keys(signatures.sig))


SIGN_SLICE = 20_000  # texts normalised and signed at a time, at most
SIGN_CHARS = 8_000_000  # ... and at most this many characters of them (20,000 documents of 10 KB: 200 MB)


def _sign_slices(view, reps: np.ndarray):
    """[lo, hi) ranges of `reps` of at most SIGN_SLICE texts and SIGN_CHARS characters (one text at least)."""
    lo, chars = 0, 0
    for k, j in enumerate(reps.tolist()):
        size = view.examples[j].text_chars
        if k > lo and (k - lo >= SIGN_SLICE or chars + size > SIGN_CHARS):
            yield lo, k
            lo, chars = k, 0
        chars += size
    if lo < len(reps):
        yield lo, len(reps)


def index_texts(view, reps: Optional[np.ndarray] = None) -> Sequence[str]:
    """The content text (`content_text`) of each of `reps` (default: the distinct texts, `exact_index`'s
    reps, which the shingle index signs): a list of the texts `text_keys` kept, or, beyond
    ftlint.features.texts.KEEP_CONTENT_CHARS, a sequence that normalises a text each time it is
    read (`ContentTexts`). A feature calling it declares `text_keys` among its needs. The shingle
    index holds no texts itself: sent from the worker that computed it, they would arrive twice."""
    reps = view.feature(exact_index).reps if reps is None else reps
    kept = view.feature(text_keys).content
    if kept is None:
        return ContentTexts(view.examples, reps)
    return [kept[j] for j in reps.tolist()]


class ContentTexts(Sequence):
    """`text_of(examples[reps[i]])` (default `content_text`), computed again each time it is read
    instead of held: candidate pairs read few of them, and the n-gram scan reads each once."""

    def __init__(self, examples, reps: np.ndarray, text_of: Optional[Callable] = None):
        self.examples, self.reps, self.text_of = examples, reps, text_of

    def __len__(self) -> int:
        return len(self.reps)

    def __getitem__(self, i):
        text_of = self.text_of or content_text
        if isinstance(i, slice):
            return [text_of(self.examples[j]) for j in self.reps[i].tolist()]
        return text_of(self.examples[int(self.reps[i])])


PASSAGE_CHARS = 200  # a paragraph at least this long that both examples of a pair hold is shared context
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def _pieces(text: str) -> list[str]:
    return _BLANK_LINE.split(text) if len(text) >= PASSAGE_CHARS and "\n" in text else [text]


def passages(example) -> frozenset[int]:
    """Hashes of the example's passages: paragraphs (blank-line separated, within one turn) or whole
    turns of PASSAGE_CHARS or more characters, as written (ends stripped)."""
    out = set()
    for t in example.turns:
        for text in (t.text, t.extra_text):
            if len(text) >= PASSAGE_CHARS:
                out.update(hash(p.strip()) for p in _pieces(text) if len(p.strip()) >= PASSAGE_CHARS)
    return frozenset(out)


def varying_content(example, shared: frozenset[int]) -> str:
    """`content_text` without the passages in `shared` (those the other example of a pair holds too)."""
    def keep(text: str) -> str:
        return "\n".join(p for p in _pieces(text) if len(p.strip()) < PASSAGE_CHARS or hash(p.strip()) not in shared)

    return normalize("\n".join(keep(t.text) + ("\n" + keep(t.extra_text) if t.extra_text else "") for t in example.turns))


def compare_sharing(pairs: np.ndarray, examples_a, texts_a: Sequence[str], examples_b, texts_b: Sequence[str],
                    templated_a: np.ndarray, templated_b: np.ndarray, common: np.ndarray, workers: int) -> np.ndarray:
    """`similarity.compare_pairs`, each pair judged on what its two examples do not share: the passages
    both hold word for word (a shared document, schema, tool result or system prompt) are left out of
    its comparison, as template text is; when nothing else is left, the whole texts are compared.
    `examples_a[i]` is the example of `texts_a[i]`. A slice of pairs is materialised at a time; a
    text read for one slice is kept for later ones up to MEMO_CHARS characters (`TextMemo`)."""
    out = np.zeros(len(pairs))
    memo_a = TextMemo(texts_a, examples_a)
    memo_b = memo_a if texts_b is texts_a and examples_b is examples_a else TextMemo(texts_b, examples_b)
    varying = sim.VaryingCache()
    for lo in range(0, len(pairs), sim.PAIR_SLICE):
        part = pairs[lo:lo + sim.PAIR_SLICE]
        ua, ub = sim.sorted_unique(part[:, 0]).tolist(), sim.sorted_unique(part[:, 1]).tolist()
        read_a, read_b = memo_a.texts_of(ua), memo_b.texts_of(ub)
        ia, ib = part[:, 0].tolist(), part[:, 1].tolist()
        xa, xb = [read_a[i][0] for i in ia], [read_b[j][0] for j in ib]
        with_a = {i for i in ua if read_a[i][1]}  # most texts hold no long passage: their pairs share none
        with_b = {j for j in ub if read_b[j][1]}
        both = [k for k, (i, j) in enumerate(zip(ia, ib)) if i in with_a and j in with_b] if with_a and with_b else []
        for k in both:
            i, j = ia[k], ib[k]
            shared = read_a[i][1] & read_b[j][1]
            if shared:
                a, b = varying_content(examples_a[i], shared), varying_content(examples_b[j], shared)
                if a or b:  # when nothing else is left, the whole texts are compared
                    xa[k], xb[k] = a, b
        index = np.stack([np.arange(len(part)), np.arange(len(part))], axis=1)
        out[lo:lo + len(part)] = sim.compare_pairs(index, xa, xb, templated_a[part[:, 0]], templated_b[part[:, 1]],
                                                   common, NEAR_FLOOR, workers=workers, varying=varying)
    return out


MEMO_CHARS = 20_000_000  # characters of content text kept across slices of pairs (~20-80 MB)


class TextMemo(sim.SliceMemo):
    """`texts[i]` and `passages(examples[i])` of the texts read so far (a `similarity.SliceMemo` of
    MEMO_CHARS characters of text), so a text in many slices of pairs is normalised once."""

    def __init__(self, texts: Sequence[str], examples):
        super().__init__(lambda i, read: len(read[0]), MEMO_CHARS)
        self.texts, self.examples = texts, examples

    def texts_of(self, wanted: list[int]) -> dict[int, tuple[str, frozenset[int]]]:
        return self.read(wanted, lambda missing: [(self.texts[i], passages(self.examples[i])) for i in missing])


class RepExamples(Sequence):
    """`examples[reps[i]]`: the example behind each signed text."""

    def __init__(self, examples, reps: np.ndarray):
        self.examples, self.reps = examples, reps

    def __len__(self) -> int:
        return len(self.reps)

    def __getitem__(self, i):
        return self.examples[int(self.reps[i])]


@dataclass
class NearPairs:
    a: np.ndarray  # example index (a < b)
    b: np.ndarray
    similarity: np.ndarray  # fuzz.ratio / 100 (on the non-template words when there is a template)


@feature(needs=(shingle_index, text_keys))
def near_duplicate_pairs(view) -> NearPairs:
    """Confirmed near-duplicate pairs among distinct texts, similarity >= NEAR_FLOOR. Two examples with
    different tools or media are different prompts, never near duplicates; passages both hold are left
    out of their comparison (`compare_sharing`)."""
    index = view.feature(shingle_index)
    flags = index.signatures.templated
    pairs = sim.candidate_pairs(index.keys, index.signatures.sig)  # only pairs whose signatures agree
    if len(pairs):  # only pairs whose tools and media agree: each distinct context digest numbered once
        context, numbers = view.feature(text_keys).context, {}
        code = np.fromiter((numbers.setdefault(context[r], len(numbers)) for r in index.reps.tolist()),
                           dtype=np.int64, count=len(index.reps))
        if len(numbers) > 1:
            pairs = pairs[code[pairs[:, 0]] == code[pairs[:, 1]]]
    examples = RepExamples(view.examples, index.reps)
    texts = index_texts(view)
    score = compare_sharing(pairs, examples, texts, examples, texts, flags, flags, index.common,
                            workers=max(1, view.settings.jobs))
    keep = score >= NEAR_FLOOR
    a, b = index.reps[pairs[keep, 0]], index.reps[pairs[keep, 1]]
    order = np.lexsort((b, a))
    return NearPairs(a[order], b[order], score[keep][order])


@feature(needs=(near_duplicate_pairs,))
def near_duplicate_groups(view, threshold: float = DEFAULT_NEAR_THRESHOLD) -> list[list[int]]:
    """Union-find groups of near-duplicate pairs with similarity >= threshold (one example per
    distinct text), each sorted, groups sorted by first index."""
    pairs = view.feature(near_duplicate_pairs)
    keep = pairs.similarity >= threshold
    return sim.union_groups(np.stack([pairs.a[keep], pairs.b[keep]], axis=1), len(view.examples))


@feature(needs=(text_keys,))
def prompt_identity(view) -> list[bytes]:
    """Per example, a 16-byte digest of everything the model conditions on before the final answer:
    the normalised system prompt and earlier turns (roles included), plus the tool definitions
    (as canonical JSON) and media references, compared exactly (`ftlint.features.texts.context_text`).
    Equal digests <=> the same prompt. FT303, FT304, FT602 and FT301 group by it."""
    return view.feature(text_keys).prompt


@feature(needs=(prompt_identity,))
def prompt_groups(view) -> dict[bytes, list[int]]:
    """Prompt identity (`prompt_identity`) -> examples with that prompt and a non-empty answer
    (empty prompts without tools or media left out)."""
    out: dict[bytes, list[int]] = {}
    for i, (p, ex) in enumerate(zip(view.feature(prompt_identity), view.examples)):
        end = ex.final_target_index
        if p != EMPTY_KEY and end >= 0 and (ex.turns[end].text.strip() or ex.turns[end].extra_text.strip()):
            out.setdefault(p, []).append(i)
    return out


@feature(needs=(text_keys,))
def answer_groups(view) -> dict[bytes, list[int]]:
    """Normalised answer (its `text_keys` digest) -> examples giving it (empty answers left out)."""
    out: dict[bytes, list[int]] = {}
    for i, a in enumerate(view.feature(text_keys).answer):
        if a != EMPTY_KEY:
            out.setdefault(a, []).append(i)
    return out


def normalized_answer(example) -> str:
    """The normalised final answer of one example, for display (groups hold only digests)."""
    return normalize(answer_text(example))


def line_list(lines: Sequence[int], shown: int = 5) -> str:
    """'3, 8, 12' or '3, 8, 12, 40, 41 and 7 more' for a message (JSON data holds them all)."""
    head = ", ".join(str(n) for n in lines[:shown])
    return head if len(lines) <= shown else f"{head} and {len(lines) - shown} more"


def percent(x: float) -> str:
    """0.996 -> '99.6%', never rounded up to 100% (that would read as identical)."""
    return f"{int(x * 1000) / 10:g}%"


def gist(example, limit: int = 60) -> str:
    """The first non-system message of an example, clipped: what a reader recognises it by."""
    turn = next((t for t in example.turns if t.role not in ("system", "developer") and t.text.strip()), None)
    return clip(turn.text if turn else " ".join(t.text for t in example.turns), limit)


def clip(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, secrets masked before the cut (ftlint.text.excerpt)."""
    return excerpt(text, limit)


def difference(a: str, b: str, context: int = 25) -> tuple[str, str]:
    """The region around the first difference of two texts, for a compact message (secrets masked first)."""
    a, b = redact(a), redact(b)
    p = 0
    for x, y in zip(a, b):
        if x != y:
            break
        p += 1
    lo = max(0, p - context)
    pre = "…" if lo else ""

    def cut(s: str) -> str:
        return pre + s[lo:p + context] + ("…" if len(s) > p + context else "")

    return cut(a), cut(b)
