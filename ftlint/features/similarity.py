"""Text similarity machinery shared by the duplicate and leakage features.

Everything works on *normalised* texts (`ftlint.text.normalize`: no newlines, one space
between words) and is vectorised with numpy, a few megabytes of text at a time:

- **Words** are runs of letters, digits, `_` and non-ASCII bytes; punctuation separates
  words and is otherwise ignored. Each word gets a 64-bit hash computed from the UTF-8
  bytes with a prefix-sum polynomial hash, so no Python code runs per word.
- **Grams** (shingles) are `k` consecutive words of one text. A text with fewer than
  `k` words gets one gram made of all its words (short texts keep a sensible, distinct
  signature); a text without words gets one fixed gram.
- **Template grams** are grams present in a large share of the texts (a fixed system
  prompt, an instruction header). They are left out of signatures, and the words they
  cover are left out when two texts are compared, so shared boilerplate cannot make
  every example look alike.
- **Signatures** are one-permutation MinHash (`BINS` bins, empty bins filled from their
  right neighbour); **banding** (`ROWS` values per band) gives candidate pairs without
  comparing every pair; candidates are confirmed with rapidfuzz `fuzz.ratio`.
- **Bounded work.** Each text is paired with at most `MAX_CANDIDATES` others (its best
  signature agreements), and a pair of long texts (either beyond `LONG_TEXT` characters) is
  scored by `bounded_ratio`: the same 0-1 scale as `fuzz.ratio` (1 - Indel distance / total
  length), computed through an alignment anchored every `SEGMENT` characters, so a pair costs
  O((len(a) + len(b)) * SEGMENT) instead of O(len(a) * len(b)). It equals `fuzz.ratio` when
  the texts differ in one region of up to EXACT_SEGMENTS characters (after their common prefix
  and suffix) or in scattered substitutions; otherwise it can be lower, never higher (an anchored alignment is a
  valid alignment): e.g. a deleted and an inserted run on either side of an anchor no longer
  match each other character by character (about 0.5 point lower on 30 KB texts with four
  such runs). Worst case per text: its MAX_CANDIDATES comparisons, each linear in the two
  lengths (about 10 ms per 100 KB of text).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

import numpy as np

SHINGLE_WORDS = 3  # words per shingle for near-duplicate signatures
BINS = 96  # MinHash values per signature
ROWS = 3  # values per LSH band (BINS // ROWS bands)
MIN_AGREEMENT = 0.25  # candidates must agree on this share of signature values (estimated Jaccard)
TEMPLATE_SHARE = 0.1  # a shingle in at least this share of texts is template text
FREQUENT_SHARE = 0.01  # a shingle in this share of texts says too little to sign with
TEMPLATE_MIN_TEXTS = 10  # ... and in at least this many texts
TEMPLATE_SAMPLE = 10_000  # texts sampled (evenly spaced) to find template shingles
BUCKET_WINDOW = 8  # in a band bucket, each text is paired with at most this many neighbours
CHUNK_BYTES = 500_000  # text processed per numpy batch (its arrays take about 60x that)
MAX_CANDIDATES = 64  # candidate pairs kept per text (those whose signatures agree most)
LONG_TEXT = 8_000  # characters: a pair with a longer text is scored by bounded_ratio
SEGMENT = 4_000  # characters between alignment anchors in bounded_ratio
ANCHOR = 32  # characters of an anchor, looked for in the other text near where it should be
MAX_SHIFT = 16 * SEGMENT  # farthest an anchor is looked for from its expected place
ANCHOR_TRIES = 4  # places tried for each anchor (an edit inside the first spoils it)
EXACT_SEGMENTS = 8 * SEGMENT  # two segments up to this many characters together are compared exactly

_U64 = np.uint64
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
_GOLD = 0x9E3779B97F4A7C15
_SENTINEL = np.uint32(0xFFFFFFFF)

_WORD_BYTE = np.zeros(256, dtype=bool)
for _lo, _hi in ((48, 57), (65, 90), (97, 122), (95, 95), (128, 255)):
    _WORD_BYTE[_lo:_hi + 1] = True


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads polynomial hashes over all 64 bits."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


class Powers:
    """Powers of the hash base and of its inverse, grown on demand. `shared_powers()` is the one
    table of a process: the values are pure arithmetic, so every caller may read the same one."""

    def __init__(self):
        self.up = np.ones(1, dtype=_U64)
        self.down = np.ones(1, dtype=_U64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if n > KEEP_POWERS:  # a one-off large batch (a whole eval file): not held for the process's life
            return _power_table(n, _BASE), _power_table(n, _BASE_INV)
        if len(self.up) < n:
            size = min(max(n, 2 * len(self.up)), KEEP_POWERS)
            self.up = _power_table(size, _BASE)
            self.down = _power_table(size, _BASE_INV)
        return self.up[:n], self.down[:n]


_SHARED_POWERS: list[Powers] = []
KEEP_POWERS = 4 * CHUNK_BYTES  # entries of the shared table at most (64 MB with its inverse)


def shared_powers() -> Powers:
    if not _SHARED_POWERS:
        _SHARED_POWERS.append(Powers())
    return _SHARED_POWERS[0]


def _power_table(n: int, base: int) -> np.ndarray:
    """base**0 .. base**(n-1) modulo 2**64, computed in blocks (plain accumulate is slow)."""
    block = 1024
    small = np.full(block, base, dtype=_U64)
    small[0] = 1
    small = np.multiply.accumulate(small)
    big = np.full(-(-n // block), pow(base, block, 1 << 64), dtype=_U64)
    big[0] = 1
    big = np.multiply.accumulate(big)
    return (big[:, None] * small[None, :]).reshape(-1)[:n]


@dataclass
class Words:
    """The words of a batch of texts: per word its text index, byte span in `buf`, hash."""

    buf: bytes
    doc: np.ndarray  # int64, index of the text in the batch
    start: np.ndarray  # int64 byte offsets into buf
    end: np.ndarray
    hash: np.ndarray  # uint64
    offsets: np.ndarray  # int64, len(texts) + 1: first word of each text

    def count(self, i: int) -> int:
        return int(self.offsets[i + 1] - self.offsets[i])


def tokenize(texts: Sequence[str], powers: Optional[Powers] = None) -> Words:
    """Words of normalised texts (which hold no newline: it separates texts here)."""
    powers = powers or shared_powers()
    buf = "\n".join(texts).encode("utf-8")
    a = np.frombuffer(buf, dtype=np.uint8)
    isword = _WORD_BYTE.take(a).view(np.int8)
    edges = np.diff(isword, prepend=np.int8(0), append=np.int8(0))
    start = np.flatnonzero(edges == 1)
    end = np.flatnonzero(edges == -1)
    newlines = np.flatnonzero(a == 10)  # a word's text: how many newlines come before the word
    doc = np.repeat(np.arange(len(newlines) + 1), np.diff(np.searchsorted(start, newlines), prepend=0, append=len(start)))
    if len(start):
        up, down = powers.get(len(a))
        weighted = a.astype(_U64)
        weighted *= down  # byte * BASE**-position; a word's sum times BASE**start is position-free
        prefix = np.empty(len(a) + 1, dtype=_U64)  # (sums wrap modulo 2**64, like every product here)
        prefix[0] = 0
        np.cumsum(weighted, out=prefix[1:])
        h = mix64((prefix[end] - prefix[start]) * up[start] + (end - start).astype(_U64))
    else:
        h = np.zeros(0, dtype=_U64)
    counts = np.bincount(doc, minlength=len(texts))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return Words(buf, doc, start, end, h, offsets)


def tokenize_batched(texts: Sequence[str], powers: Optional[Powers] = None) -> Words:
    """`tokenize(texts)`, the same words, in batches of about CHUNK_BYTES: tokenizing takes about 40
    bytes per byte of text while it runs (10 MB of eval texts: 400 MB at once), the words 4-6."""
    spans = list(batches(texts))
    if len(spans) <= 1:
        return tokenize(texts, powers)
    parts = [tokenize(texts[lo:hi], powers) for lo, hi in spans]
    shift = np.cumsum([0] + [len(w.buf) + 1 for w in parts[:-1]])  # texts are joined by one newline
    word_shift = np.cumsum([0] + [len(w.hash) for w in parts[:-1]])
    return Words(b"\n".join(w.buf for w in parts),
                 np.concatenate([w.doc + lo for w, (lo, _) in zip(parts, spans)]),
                 np.concatenate([w.start + k for w, k in zip(parts, shift.tolist())]),
                 np.concatenate([w.end + k for w, k in zip(parts, shift.tolist())]),
                 np.concatenate([w.hash for w in parts]),
                 np.concatenate([w.offsets[:-1] + k for w, k in zip(parts, word_shift.tolist())]
                                + [np.array([int(word_shift[-1]) + len(parts[-1].hash)], dtype=np.int64)]))


@dataclass
class Grams:
    """Grams of a batch: text index, hash, first word index and length in words."""

    doc: np.ndarray
    hash: np.ndarray
    first: np.ndarray
    length: np.ndarray


class GramHasher:
    """Hashes runs of consecutive words of one `Words` batch (any lengths, vectorised)."""

    def __init__(self, words: Words, powers: Optional[Powers] = None):
        self.words = words
        n = len(words.hash)
        self.prefix = np.zeros(n + 1, dtype=_U64)
        self.pow = np.zeros(0, dtype=_U64)
        if n:
            self.pow, down = (powers or shared_powers()).get(n)
            np.cumsum(words.hash * down, out=self.prefix[1:])

    def hash(self, first: np.ndarray, length) -> np.ndarray:
        """Hash of words first .. first+length-1 (independent of where they occur)."""
        if len(first) == 0:
            return np.zeros(0, dtype=_U64)
        poly = (self.prefix[first + length] - self.prefix[first]) * self.pow[first]
        return mix64(poly + np.asarray(length, dtype=_U64) * _U64(_GOLD))

    def grams(self, n: int) -> Grams:
        """Every n-word gram; a text with fewer words gets one gram of all of them."""
        w = self.words
        counts = np.diff(w.offsets)
        total = len(w.hash)
        first = np.arange(max(total - n + 1, 0), dtype=np.int64)
        first = first[w.doc[first] == w.doc[first + n - 1]] if len(first) else first
        short = np.flatnonzero(counts < n)
        short_first = w.offsets[short]
        short_len = counts[short]
        has_words = short_len > 0
        h_full = self.hash(first, n)
        h_short = np.full(len(short), _U64(_GOLD), dtype=_U64)
        h_short[has_words] = self.hash(short_first[has_words], short_len[has_words])
        full_doc = w.doc[first]
        if len(short) == 0:
            return Grams(full_doc, h_full, first, np.full(len(first), n, dtype=np.int64))
        # a short text has no full gram: slot its one gram in, keeping the order by text
        at = np.searchsorted(full_doc, short) + np.arange(len(short))
        rest = np.ones(len(first) + len(short), dtype=bool)
        rest[at] = False

        def merged(full: np.ndarray, part: np.ndarray) -> np.ndarray:
            out = np.empty(len(rest), dtype=full.dtype)
            out[rest], out[at] = full, part
            return out

        return Grams(merged(full_doc, short), merged(h_full, h_short), merged(first, short_first),
                     merged(np.full(len(first), n, dtype=np.int64), short_len))


def batches(texts: Sequence[str], max_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, int]]:
    """(start, stop) ranges of texts holding about max_bytes of text each."""
    start, size = 0, 0
    for i, t in enumerate(texts):
        size += len(t) + 1
        if size >= max_bytes:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(texts):
        yield start, len(texts)


def template_grams(texts: Sequence[str], n: int = SHINGLE_WORDS, share: float = TEMPLATE_SHARE,
                   min_texts: int = TEMPLATE_MIN_TEXTS, sample: int = TEMPLATE_SAMPLE) -> np.ndarray:
    """Sorted hashes of grams present in at least `share` (and `min_texts`) of the texts."""
    return gram_shares(texts, n, share, min_texts, sample)[0]


def gram_shares(texts: Sequence[str], n: int = SHINGLE_WORDS, share: float = FREQUENT_SHARE,
                min_texts: int = TEMPLATE_MIN_TEXTS, sample: int = TEMPLATE_SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """Sorted hashes of grams present in at least `share` (and `min_texts`) of the texts (an
    evenly spaced sample of them), with the share of texts holding each.

    Two passes in bounded memory, whatever the texts' length: the first counts the sample's gram
    occurrences per hash bucket (a fixed table of COUNT_BUCKETS counters); the second counts
    exactly, once per text, only the grams of buckets that reached the threshold (a gram is in
    at most as many texts as its bucket has occurrences, so none is missed). High-entropy long
    texts hold millions of distinct grams that are never sorted or kept."""
    if not texts:
        return np.zeros(0, dtype=_U64), np.zeros(0)
    spaced = np.linspace(0, len(texts) - 1, min(len(texts), sample)).astype(np.int64)  # ascending
    picks = spaced[np.concatenate([[True], spaced[1:] != spaced[:-1]])]  # np.unique's result, sorted already
    chosen = [texts[i] for i in picks]
    threshold = max(share * len(chosen), min(min_texts, len(chosen)), 2)
    buckets = np.zeros(COUNT_BUCKETS, dtype=np.int64)
    held, held_size = [], 0  # the first pass's grams, while they are few enough to hold
    for hashes, docs in _sample_grams(chosen, n):
        buckets += np.bincount((hashes & _U64(COUNT_BUCKETS - 1)).astype(np.int64), minlength=COUNT_BUCKETS)
        held_size += len(hashes)
        if held_size <= HOLD_GRAMS:
            held.append((hashes, docs))
        elif held:
            held = []  # too many to hold: the second pass hashes the sample again
    heavy = buckets >= threshold
    del buckets
    kept = []
    for hashes, docs in (held if held_size <= HOLD_GRAMS else _sample_grams(chosen, n)):
        sel = heavy[(hashes & _U64(COUNT_BUCKETS - 1)).astype(np.int64)]
        h = hashes[sel]
        _, once = np.unique(h ^ mix64(docs[sel].astype(_U64) + _U64(1)), return_index=True)  # once per text
        kept.append(h[once])
    values, counts = np.unique(np.concatenate(kept), return_counts=True)
    keep = counts >= threshold
    return values[keep], counts[keep] / len(chosen)


COUNT_BUCKETS = 1 << 20  # counters of gram_shares' first pass (8 MB)
HOLD_GRAMS = 4_000_000  # beyond this many (64 MB with their texts), the second pass hashes the sample again


def _sample_grams(texts: Sequence[str], n: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per batch of texts, every n-gram's hash and its text's index."""
    powers = shared_powers()
    for lo, hi in batches(texts):
        g = GramHasher(tokenize(texts[lo:hi], powers), powers).grams(n)
        yield g.hash, g.doc + lo


def is_member(hashes: np.ndarray, common: np.ndarray, bitmap: Optional[np.ndarray] = None) -> np.ndarray:
    """Which hashes are in the sorted array `common`. With a `membership_bitmap(common)`, only
    hashes whose bit is set are looked up (most lookups then cost one memory read)."""
    if len(common) == 0:
        return np.zeros(len(hashes), dtype=bool)
    out = np.zeros(len(hashes), dtype=bool)
    maybe = np.flatnonzero(bitmap[hashes & _U64(len(bitmap) - 1)]) if bitmap is not None else slice(None)
    h = hashes[maybe]
    pos = np.minimum(np.searchsorted(common, h), len(common) - 1)
    out[maybe] = common[pos] == h
    return out


def membership_bitmap(common: np.ndarray) -> np.ndarray:
    """A power-of-two bool table with the low bits of every hash in `common` set."""
    size = 1 << max(16, min(26, int(len(common) * 32).bit_length()))
    bitmap = np.zeros(size, dtype=bool)
    bitmap[common & _U64(size - 1)] = True
    return bitmap


@dataclass
class Signatures:
    sig: np.ndarray  # (n, BINS) uint32
    templated: np.ndarray  # bool per text: holds template words


def signatures(texts: Sequence[str], frequent: np.ndarray, common: np.ndarray,
               n: int = SHINGLE_WORDS) -> Signatures:
    """One-permutation MinHash of each text's shingles, leaving out `frequent` shingles
    (template text and stock phrases: they would put unrelated texts in one LSH bucket);
    a text made only of them is signed with all its shingles. `templated` marks texts
    holding `common` (template) shingles."""
    sig = np.full((len(texts), BINS), _SENTINEL, dtype=np.uint32)
    templated = np.zeros(len(texts), dtype=bool)
    flat = sig.reshape(-1)
    powers, bitmap = shared_powers(), membership_bitmap(frequent)
    for lo, hi in batches(texts):
        g = GramHasher(tokenize(texts[lo:hi], powers), powers).grams(n)
        frequent_mask = is_member(g.hash, frequent, bitmap)
        per_doc_frequent = np.bincount(g.doc, weights=frequent_mask, minlength=hi - lo)
        per_doc_all = np.bincount(g.doc, minlength=hi - lo)
        if len(common):
            common_mask = frequent_mask.copy()
            common_mask[frequent_mask] = is_member(g.hash[frequent_mask], common)
            templated[lo:hi] = np.bincount(g.doc, weights=common_mask, minlength=hi - lo) > 0
        only_frequent = per_doc_frequent >= per_doc_all  # nothing distinctive: sign what there is
        keep = ~frequent_mask | only_frequent[g.doc]
        h, d = g.hash[keep], g.doc[keep] + lo
        bins = (((h >> _U64(32)) * _U64(BINS)) >> _U64(32)).astype(np.int64)  # high bits pick the bin
        np.minimum.at(flat, d * BINS + bins, (h & _U64(0xFFFFFFFF)).astype(np.uint32))
    _densify(sig)
    return Signatures(sig, templated)


def _densify(sig: np.ndarray) -> None:
    """Fill each empty bin from the next non-empty bin to its right (circularly), offset by
    the distance, so texts with few shingles still get comparable signatures."""
    rows = np.flatnonzero((sig == _SENTINEL).any(axis=1))
    width = 2 * BINS  # (positions in a row written twice, so "to its right" needs no wrap; < 256)
    for lo in range(0, len(rows), 50_000):
        chunk = rows[lo:lo + 50_000]
        part = sig[chunk]
        filled = np.tile(part != _SENTINEL, 2)
        where = np.where(filled, np.arange(width, dtype=np.uint8), np.uint8(width - 1))
        source = np.minimum.accumulate(where[:, ::-1], axis=1)[:, ::-1][:, :BINS]
        distance = source.astype(np.uint32) - np.arange(BINS, dtype=np.uint32)
        sig[chunk] = np.take_along_axis(part, (source % BINS).astype(np.intp), axis=1) + distance * np.uint32(0x9E3779B1)


def band_keys(sig: np.ndarray, rows_at_a_time: int = 65_536) -> np.ndarray:
    """(n, bands) uint64 keys; two texts are candidates when any band key is equal. Computed a
    slice of signatures at a time (a 64-bit copy of all of them would be 768 MB at 1M texts)."""
    out = np.empty((len(sig), BINS // ROWS), dtype=_U64)
    for lo in range(0, len(sig), rows_at_a_time):
        s = sig[lo:lo + rows_at_a_time].astype(_U64).reshape(-1, BINS // ROWS, ROWS)
        key = mix64(s[:, :, 0] + np.arange(BINS // ROWS, dtype=_U64)[None, :] * _U64(_GOLD))
        for r in range(1, ROWS):
            key = mix64((key << _U64(32)) ^ (key >> _U64(32)) ^ s[:, :, r])  # every row counts
        out[lo:lo + rows_at_a_time] = key
    return out


def stable_order(keys: np.ndarray) -> np.ndarray:
    """`np.argsort(keys, kind="stable")` of a 1-D integer array (equal keys in index order), some
    3-6x faster on random keys: numpy's stable argsort is a timsort, its default sort uses the
    CPU's vector instructions. The keys are ranked by an unstable argsort, then the distinct
    values rank * n + index (unique, so any sort gives one order) sorted by value."""
    n = len(keys)
    if n < 2:
        return np.arange(n, dtype=np.int64)
    order = np.argsort(keys)
    k = keys[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.concatenate([[0], np.cumsum(k[1:] != k[:-1])])
    return np.sort(rank * np.int64(n) + np.arange(n, dtype=np.int64)) % np.int64(n)


def _bucket_pairs(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    order = stable_order(keys)
    k, i = keys[order], ids[order]
    out = []
    for off in range(1, BUCKET_WINDOW + 1):
        if off >= len(k):
            break
        same = k[off:] == k[:-off]
        if not same.any():
            break  # keys are sorted: no equal keys this far apart, none further either
        out.append(np.stack([i[:-off][same], i[off:][same]], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


COMPACT_PAIRS = 4_000_000  # pending candidate pairs that trigger a deduplication (bounds memory)
SEEN_PAIRS = 8_000_000  # distinct pairs remembered as already checked (64 MB); beyond, a repeat is checked again


def candidate_pairs(keys: np.ndarray, sig: Optional[np.ndarray] = None) -> np.ndarray:
    """Unique (i, j), i < j, of texts sharing a band key; at most BUCKET_WINDOW per bucket member.
    With `sig`, only pairs whose signatures agree (`agreeing`) are kept, and at most MAX_CANDIDATES
    per text (`capped`). Bands' pairs are deduplicated as they accumulate (COMPACT_PAIRS at a
    time), so a pair several bands find is held once and its signatures compared once (up to
    SEEN_PAIRS distinct pairs remembered; the result is the same either way)."""
    ids = np.arange(len(keys), dtype=np.int64)
    width = np.int64(max(1, len(keys)))
    seen = np.zeros(0, dtype=np.int64)  # sorted codes (i * width + j) of the pairs found so far
    kept: list[np.ndarray] = []  # codes of the pairs found (with `sig`: that agree)
    equal: list[np.ndarray] = []  # (with `sig`) how many signature values each of them agrees on
    pending: list[np.ndarray] = []
    size = 0

    def flush(last: bool = False) -> None:
        nonlocal seen, pending, size
        new = sorted_unique(np.concatenate(pending))
        pending, size = [], 0
        new = new[~is_member(new, seen)]
        if sig is None:
            kept.append(new)
        else:
            pairs, counts = agreeing(np.stack([new // width, new % width], axis=1), sig, sig, with_counts=True)
            kept.append(pairs[:, 0] * width + pairs[:, 1])
            equal.append(counts)
        if not last and len(seen) + len(new) <= SEEN_PAIRS:  # (after the last, nothing looks them up)
            seen = np.sort(np.concatenate([seen, new]))

    for b in range(keys.shape[1]):
        found = _bucket_pairs(keys[:, b], ids)
        pending.append(np.minimum(found[:, 0], found[:, 1]) * width + np.maximum(found[:, 0], found[:, 1]))
        size += len(found)
        if size > COMPACT_PAIRS:
            flush()
    if pending:
        flush(last=True)
    if sig is None:
        code = sorted_unique(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)
        return np.stack([code // width, code % width], axis=1)
    code = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    counts = np.concatenate(equal) if equal else np.zeros(0, dtype=np.int64)
    order = np.argsort(code)  # (a pair in two chunks has the same count in both: their order is moot)
    code, counts = code[order], counts[order]
    first = np.concatenate([[True], code[1:] != code[:-1]]) if len(code) else np.zeros(0, dtype=bool)
    code, counts = code[first], counts[first]  # (a pair in two chunks: once SEEN_PAIRS were remembered)
    pairs = np.stack([code // width, code % width], axis=1)
    return capped(pairs, sig, sig, same_set=True, score=counts / sig.shape[1])


def sorted_unique(codes: np.ndarray) -> np.ndarray:
    """`np.unique(codes)` of a 1-D array, by sorting: numpy 2.3's `unique` hashes instead, some
    50x slower on millions of distinct integers (3.8 s against 0.07 s for 4M). The default sort,
    not the stable one (a timsort): values alone come out the same, and numpy's default uses the
    CPU's vector instructions (4M random int64: 0.025 s against 0.29 s; sorted runs: the same)."""
    codes = np.sort(codes)
    return codes[np.concatenate([[True], codes[1:] != codes[:-1]])] if len(codes) else codes


def cross_pairs(keys_a: np.ndarray, keys_b: np.ndarray) -> np.ndarray:
    """Unique (a, b) with a text of set A and one of set B sharing a band key; every B text
    is paired with at most BUCKET_WINDOW A texts per bucket."""
    n_a = len(keys_a)
    found = []
    for band in range(keys_a.shape[1]):
        keys = np.concatenate([keys_a[:, band], keys_b[:, band]])
        order = stable_order(keys)  # within a bucket: A texts first
        k = keys[order]
        run = np.concatenate([[0], np.cumsum(k[1:] != k[:-1])])
        run_start = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
        a_in_run = np.bincount(run, weights=order < n_a, minlength=len(run_start)).astype(np.int64)
        b_pos = np.flatnonzero((order >= n_a) & (a_in_run[run] > 0))
        for off in range(min(BUCKET_WINDOW, int(a_in_run.max(initial=0)))):
            ok = b_pos[a_in_run[run[b_pos]] > off]
            found.append(np.stack([order[run_start[run[ok]] + off], order[ok] - n_a], axis=1))
    p = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    return _unique_pairs(p)


def agreeing(pairs: np.ndarray, sig_a: np.ndarray, sig_b: np.ndarray, minimum: float = MIN_AGREEMENT,
             with_counts: bool = False):
    """The pairs whose signatures agree on at least `minimum` of their values (`with_counts`: and
    on how many values each agrees)."""
    if len(pairs) == 0:
        return (pairs, np.zeros(0, dtype=np.int64)) if with_counts else pairs
    keep = np.zeros(len(pairs), dtype=bool)
    counts = np.zeros(len(pairs), dtype=np.int64) if with_counts else None
    bins = sig_a.shape[1]
    need = next((k for k in range(bins + 1) if k / bins >= minimum), bins + 1)  # equal values needed
    low_a, low_b = sig_a.astype(np.uint8), sig_b.astype(np.uint8)  # low bytes: equal where the values are
    for lo in range(0, len(pairs), 100_000):
        p = pairs[lo:lo + 100_000]
        # values that agree agree in their low byte too, so this keeps a superset (a quarter of the reads)
        maybe = np.flatnonzero(np.count_nonzero(low_a[p[:, 0]] == low_b[p[:, 1]], axis=1) >= need)
        q = p[maybe]
        equal = np.count_nonzero(sig_a[q[:, 0]] == sig_b[q[:, 1]], axis=1)
        keep[lo + maybe] = equal >= need
        if counts is not None:
            counts[lo + maybe] = equal
    return (pairs[keep], counts[keep]) if with_counts else pairs[keep]


def agreement(pairs: np.ndarray, sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Share of equal signature values of each pair (the MinHash estimate of their Jaccard)."""
    out = np.zeros(len(pairs))
    for lo in range(0, len(pairs), 100_000):
        p = pairs[lo:lo + 100_000]
        out[lo:lo + 100_000] = (sig_a[p[:, 0]] == sig_b[p[:, 1]]).mean(axis=1)
    return out


def capped(pairs: np.ndarray, sig_a: np.ndarray, sig_b: np.ndarray, same_set: bool,
           limit: int = MAX_CANDIDATES, score: Optional[np.ndarray] = None) -> np.ndarray:
    """The pairs, at most `limit` per text: a pair stays when it is among the `limit` best-agreeing
    pairs of both its texts (ties: the order of `pairs`). Order is kept. `same_set`: both columns
    index one set of texts (near duplicates), else two (eval and training). `score`: the pairs'
    `agreement`, when it is known already."""
    if len(pairs) <= limit:
        return pairs
    score = agreement(pairs, sig_a, sig_b) if score is None else score
    ids = np.arange(len(pairs))
    keep = np.ones(len(pairs), dtype=bool)
    columns = [np.concatenate([pairs[:, 0], pairs[:, 1]])] if same_set else [pairs[:, 0], pairs[:, 1]]
    for text in columns:
        pair_id = np.concatenate([ids, ids]) if same_set else ids
        order = np.lexsort((pair_id, -score[pair_id], text))
        t = text[order]
        start = np.flatnonzero(np.concatenate([[True], t[1:] != t[:-1]]))
        rank = np.arange(len(t)) - np.repeat(start, np.diff(np.concatenate([start, [len(t)]])))
        keep[pair_id[order][rank >= limit]] = False
    return pairs[keep]


def _unique_pairs(p: np.ndarray) -> np.ndarray:
    """Distinct rows of `p`, sorted."""
    if len(p) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    width = np.int64(p[:, 1].max()) + 1
    code = sorted_unique(p[:, 0].astype(np.int64) * width + p[:, 1])
    return np.stack([code // width, code % width], axis=1)


def varying_texts(texts: Sequence[str], common: np.ndarray, n: int = SHINGLE_WORDS) -> list[str]:
    """Each text's words not covered by a template shingle, joined by spaces."""
    out: list[str] = []
    for lo, hi in batches(texts):
        w = tokenize(texts[lo:hi])
        g = GramHasher(w).grams(n)
        cov = np.zeros(len(w.hash) + 1, dtype=np.int64)
        hit = is_member(g.hash, common) & (g.length > 0)
        np.add.at(cov, g.first[hit], 1)
        np.add.at(cov, g.first[hit] + g.length[hit], -1)
        keep = np.cumsum(cov[:-1]) == 0
        out.extend(_joined_words(w, keep))
    return out


def _joined_words(w: Words, keep: np.ndarray) -> list[str]:
    """Per text of the batch, its words marked in `keep` joined by single spaces (one gather of
    their bytes and one decode per text, not one per word)."""
    start, end = w.start[keep], w.end[keep]
    per_text = np.bincount(w.doc[keep], minlength=len(w.offsets) - 1)
    length = end - start + 1  # each word and the space after it
    first = np.concatenate([[0], np.cumsum(length)])
    at = np.arange(int(first[-1]), dtype=np.int64) - np.repeat(first[:-1] - start, length)
    joined = np.frombuffer(w.buf, dtype=np.uint8)[np.minimum(at, len(w.buf) - 1)] if len(at) else np.zeros(0, np.uint8)
    joined[first[1:] - 1] = 32  # the byte after each word becomes one space
    data = joined.tobytes()
    bounds = np.concatenate([[0], np.cumsum(per_text)])
    cuts = first[bounds]  # byte offset in `data` of each text's first kept word
    return [data[a:b - 1].decode("utf-8", "replace") if b > a else ""
            for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist())]


def ratios(a: Sequence[str], b: Sequence[str], cutoff: float, workers: int = 1) -> np.ndarray:
    """fuzz.ratio / 100 of a[i] vs b[i] (`bounded_ratio` when either is longer than LONG_TEXT); 0 below cutoff."""
    if not a:
        return np.zeros(0)
    from rapidfuzz import fuzz  # here, not at the top: a small file's run has no pair to compare
    from rapidfuzz.process import cpdist

    a, b = list(a), list(b)
    length_a, length_b = np.fromiter(map(len, a), np.int64, len(a)), np.fromiter(map(len, b), np.int64, len(b))
    long = (length_a > LONG_TEXT) | (length_b > LONG_TEXT)
    out = np.zeros(len(a))
    short = np.flatnonzero(~long)
    if len(short):
        out[short] = np.asarray(cpdist([a[i] for i in short], [b[i] for i in short], scorer=fuzz.ratio,
                                       score_cutoff=cutoff * 100, workers=workers), dtype=np.float64) / 100.0
    for i in np.flatnonzero(long).tolist():
        out[i] = bounded_ratio(a[i], b[i], cutoff)
    return out


def bounded_ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """1 - Indel distance / (len(a) + len(b)), the scale of fuzz.ratio / 100, through an anchored
    alignment (see the module docstring): exact up to LONG_TEXT characters and for the usual near
    copies, a lower bound otherwise; linear in the lengths. 0 below cutoff."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    if 2 * min(len(a), len(b)) / total < cutoff:  # even a full match of the shorter one is too little
        return 0.0
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Postfix, Prefix

    if total <= 2 * LONG_TEXT:
        return fuzz.ratio(a, b, score_cutoff=cutoff * 100) / 100.0
    head = Prefix.similarity(a, b)
    a, b = a[head:], b[head:]
    tail = Postfix.similarity(a, b)
    a, b = a[:len(a) - tail], b[:len(b) - tail]
    score = 1.0 - _anchored_distance(a, b) / total
    return score if score >= cutoff else 0.0


def _anchored_distance(x: str, y: str) -> int:
    """Indel distance of x and y along an alignment through anchors: every SEGMENT characters of x,
    its next ANCHOR characters are looked for in y near the place the last anchor predicts (an edit
    inside them: the next ANCHOR_TRIES places are tried); the segments between found anchors are
    compared exactly (each at most a few SEGMENTs long)."""
    from rapidfuzz.distance import Indel

    if len(x) + len(y) <= 4 * SEGMENT:
        return Indel.distance(x, y)
    syncs = [(0, 0)]
    for start in range(SEGMENT, len(x) - ANCHOR, SEGMENT):
        for pos in range(start, min(start + ANCHOR_TRIES * ANCHOR * 4, len(x) - ANCHOR), ANCHOR * 4):
            found = _find_anchor(x, y, pos, syncs[-1])
            if found >= 0:
                syncs.append((pos, found))
                break
    syncs.append((len(x), len(y)))
    return sum(_segment_distance(x[x0:x1], y[y0:y1]) for (x0, y0), (x1, y1) in zip(syncs, syncs[1:]))


def _find_anchor(x: str, y: str, pos: int, last: tuple[int, int]) -> int:
    """Where x[pos:pos + ANCHOR] is in y, nearest to where the last anchor puts it (-1: not near)."""
    last_x, last_y = last
    expected = last_y + pos - last_x
    reach = min(MAX_SHIFT, SEGMENT + pos - last_x)
    lo, hi = max(last_y, expected - reach), min(len(y), expected + reach + ANCHOR)
    if lo >= hi:
        return -1
    anchor = x[pos:pos + ANCHOR]
    after = y.find(anchor, max(lo, min(expected, hi)), hi)
    before = y.rfind(anchor, lo, min(hi, max(lo, expected) + ANCHOR - 1))
    found = [j for j in (after, before) if j >= 0]
    return min(found, key=lambda j: abs(j - expected)) if found else -1


def _segment_distance(u: str, v: str) -> int:
    """Indel distance of two segments; beyond EXACT_SEGMENTS characters together (no anchor found in
    a long stretch), the sum over proportional pieces of SEGMENT characters (an upper bound)."""
    from rapidfuzz.distance import Indel

    if len(u) + len(v) <= EXACT_SEGMENTS:
        return Indel.distance(u, v)
    pieces = -(-max(len(u), len(v)) // SEGMENT)
    cut_u = [len(u) * k // pieces for k in range(pieces + 1)]
    cut_v = [len(v) * k // pieces for k in range(pieces + 1)]
    return sum(Indel.distance(u[cut_u[k]:cut_u[k + 1]], v[cut_v[k]:cut_v[k + 1]]) for k in range(pieces))


PAIR_SLICE = 20_000  # candidate pairs compared at a time (their texts are materialised per slice)


def compare_pairs(pairs: np.ndarray, texts_a: Sequence[str], texts_b: Sequence[str], templated_a: np.ndarray,
                  templated_b: np.ndarray, common: np.ndarray, cutoff: float, workers: int = 1,
                  varying: Optional["VaryingCache"] = None) -> np.ndarray:
    """Similarity of each candidate pair: the full normalised texts, or (when either holds
    template text) the words outside template shingles, so boilerplate counts for nothing.
    Pairs are scored a slice at a time, so only one slice's texts exist at once."""
    varying = varying or VaryingCache()  # a text in many slices has its non-template words found once
    if len(pairs) <= PAIR_SLICE:
        return _compare_slice(pairs, texts_a, texts_b, templated_a, templated_b, common, cutoff, workers, varying)
    return np.concatenate([_compare_slice(pairs[lo:lo + PAIR_SLICE], texts_a, texts_b, templated_a, templated_b,
                                          common, cutoff, workers, varying) for lo in range(0, len(pairs), PAIR_SLICE)])


class SliceMemo:
    """Values computed for the keys a slice of pairs reads, kept for later slices while the `size`
    of what is kept stays within `limit` characters; beyond, all but the keys being read are
    forgotten. A dict `read` returned stays whole: forgetting starts a new one."""

    def __init__(self, size: Callable[[Any, Any], int], limit: int):
        self.size, self.limit = size, limit
        self.known: dict = {}
        self.chars = 0

    def read(self, keys: Iterable, compute: Callable[[list], Iterable]) -> dict:
        wanted = list(dict.fromkeys(keys))
        missing = [k for k in wanted if k not in self.known]
        found = dict(zip(missing, compute(missing)))
        added = sum(self.size(k, v) for k, v in found.items())
        if self.chars + added > self.limit:
            self.known = {k: self.known[k] for k in wanted if k in self.known}
            self.chars = sum(self.size(k, v) for k, v in self.known.items())
        self.chars += added
        self.known.update(found)
        return self.known


class VaryingCache(SliceMemo):
    """`varying_texts` of texts already seen (keyed by the text), up to VARYING_CACHE_CHARS
    characters of texts and results: a text in many slices of pairs is cut once."""

    def __init__(self):
        super().__init__(lambda text, cut: len(text) + len(cut), VARYING_CACHE_CHARS)

    def get(self, texts: list[str], common: np.ndarray) -> list[str]:
        known = self.read(texts, lambda missing: varying_texts(missing, common))
        return [known[t] for t in texts]


VARYING_CACHE_CHARS = 20_000_000


def _compare_slice(pairs: np.ndarray, texts_a: Sequence[str], texts_b: Sequence[str], templated_a: np.ndarray,
                   templated_b: np.ndarray, common: np.ndarray, cutoff: float, workers: int,
                   varying: VaryingCache) -> np.ndarray:
    if len(pairs) == 0:
        return np.zeros(0)
    sim = np.zeros(len(pairs))
    tmpl = templated_a[pairs[:, 0]] | templated_b[pairs[:, 1]]
    plain = np.flatnonzero(~tmpl)
    sim[plain] = ratios([texts_a[i] for i in pairs[plain, 0]], [texts_b[j] for j in pairs[plain, 1]], cutoff, workers)
    rest = np.flatnonzero(tmpl)
    if len(rest):
        ia, ib = sorted_unique(pairs[rest, 0]), sorted_unique(pairs[rest, 1])
        va = dict(zip(ia.tolist(), varying.get([texts_a[i] for i in ia.tolist()], common)))
        vb = dict(zip(ib.tolist(), varying.get([texts_b[j] for j in ib.tolist()], common)))
        xa = [va[i] for i in pairs[rest, 0].tolist()]
        xb = [vb[j] for j in pairs[rest, 1].tolist()]
        s = ratios(xa, xb, cutoff, workers)
        both_empty = np.array([not x and not y for x, y in zip(xa, xb)], dtype=bool)
        if both_empty.any():  # nothing but template: compare the whole texts
            idx = rest[both_empty]
            s[both_empty] = ratios([texts_a[i] for i in pairs[idx, 0]], [texts_b[j] for j in pairs[idx, 1]],
                                   cutoff, workers)
        sim[rest] = s
    return sim


def union_groups(pairs: np.ndarray, n: int) -> list[list[int]]:
    """Connected components (of size >= 2) of the pairs, each sorted, sorted by first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in sorted({v for p in pairs.tolist() for v in p}):
        groups.setdefault(find(x), []).append(x)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
