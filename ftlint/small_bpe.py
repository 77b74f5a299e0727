"""An exact byte-pair encoder in Python over quicktok's own bundled tables, for small inputs.

Why: quicktok's `Tokenizer` constructor takes 0.35-0.6 s for `llama3` (the default model's
vocabulary; it builds a trie of 128k tokens and holds the GIL), more than the whole budget of a
one-record lint, which has a few dozen tokens to count. This module reads the same data files
(`llama3.vocab` / `cl100k.vocab`, their `.special` files and `uniclass.bin`, each pinned by its
sha256) in about 0.03 s and encodes with tiktoken's rules:

- the text is split by the cl100k pre-tokenizer pattern (used by both `cl100k_base` and Meta's
  Llama 3 tokenizer), with `\\p{L}`, `\\p{N}` and `\\s` taken from quicktok's `uniclass.bin` (the
  code-point ranges quicktok's own scanner uses), not from Python's `\\s`;
- a piece that is a token is that token; otherwise the adjacent pair whose merge has the lowest rank
  is merged, the leftmost on a tie, until no merge is left (tiktoken's `_byte_pair_merge`).

A byte string's rank is found by searching the vocabulary file for it (an entry is its length, its
bytes, its rank, so a hit is checked to be at an entry's start) for the first FIND_LOOKUPS strings,
then through a hash index of every entry built once (numpy, ~30 ms); each answer is remembered.

`SmallFirstEncoding` serves the calls `ftlint.tokens` makes on a quicktok encoding from this encoder
while the characters it has encoded stay under a budget, then loads quicktok and hands every later
call to it; a text it does not handle (a piece longer than `MAX_PIECE` bytes, a lone surrogate) goes
to quicktok at once. Both give the same ids: tests/test_small_bpe.py compares them on quicktok's
own stress strings, the real datasets, multilingual text and random code points. Data files with
other digests (another quicktok release) are not read: quicktok answers everything.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
from bisect import bisect_left
from typing import Callable, Optional

import numpy as np

# encoding -> (vocabulary file, its sha256, special-tokens file, its sha256), in quicktok's data folder
TABLES = {
    "llama3": ("llama3.vocab", "124bfc185ea93e669e4ce2e1b5aa5733d2e793a910372fa198dfc1597e1220f2",
               "llama3.special", "b4735deaef10df54b89c2d2581260958b4d008c027f4fe1b5bc1382bc3b7a85d"),
    "cl100k_base": ("cl100k.vocab", "4a945d497c213acde921bc8d69bc8dad9c603ea97c50c014e04ad0fadc09eecb",
                    "cl100k.special", "ea2619b96af0aca009c6e1045b5819448449c5c7779f3d32f98e8f29821a5d19"),
}
CLASSES = ("uniclass.bin", "6039f6f7bd056c0d211d02a907a8ed8f3317bb719fc495b9093f9cccca948809")  # L, N, S
BUDGET_CHARS = 200_000  # characters encoded here before quicktok is loaded (about 0.2 s of this encoder)
MAX_PIECE = 256  # bytes: the merge loop is quadratic in a piece's length; longer pieces go to quicktok
FIND_LOOKUPS = 100  # lookups by searching the file (0.1-0.3 ms each) before the hash index is built (~30 ms)
_NO_RANK = 1 << 62
_MASK = (1 << 64) - 1
_MULT_LAST, _MULT_LEN = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F


class Unsupported(Exception):
    """A text this encoder leaves to quicktok."""


def _read(folder: str, name: str, digest: str) -> Optional[bytes]:
    try:
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def _classes(table: bytes) -> list[list[tuple[int, int]]]:
    """uniclass.bin's code-point ranges (inclusive): letters, numbers, white space."""
    blocks, off = [], 0
    while off < len(table):
        (count,), off = struct.unpack_from("<I", table, off), off + 4
        flat = struct.unpack_from(f"<{2 * count}I", table, off)
        blocks.append(list(zip(flat[::2], flat[1::2])))
        off += 8 * count
    return blocks


def _pattern(classes: list[list[tuple[int, int]]], below: int = 0x110000) -> "re.Pattern[str]":
    """The cl100k pre-tokenizer pattern with quicktok's letter, number and space classes, cut to the
    code points under `below` (128: a pattern for ASCII text, 30 times quicker to compile)."""
    def members(ranges):
        return "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(min(hi, below - 1)))}"
                       for lo, hi in ranges if lo < below)

    L, N, S = map(members, classes)
    return re.compile(
        rf"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n{L}{N}]?[{L}]+|[{N}]{{1,3}}| ?[^{S}{L}{N}]+[\r\n]*"
        rf"|[{S}]*[\r\n]+|[{S}]+(?![^{S}])|[{S}]+")


def _key(token: bytes) -> int:
    """A 64-bit key of a byte string (first 8 bytes, last 8, length); equal keys are told apart by bytes."""
    n = len(token)
    last = int.from_bytes(token[-8:], "little") if n > 8 else 0
    return (int.from_bytes(token[:8], "little") + last * _MULT_LAST + n * _MULT_LEN) & _MASK


def _first8(buf: np.ndarray, begin: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each entry's first (up to) 8 bytes as a little-endian u64, zero past its length."""
    window = buf[begin[:, None] + np.arange(8)]
    window[np.arange(8) >= lengths[:, None]] = 0
    return np.ascontiguousarray(window).view("<u8").ravel()


class SmallTextBPE:
    """Exact tiktoken-style encoding of `encoding` from quicktok's files in `folder` (see the module doc)."""

    def __init__(self, encoding: str, folder: str):
        vocab_name, vocab_sha, special_name, special_sha = TABLES[encoding]
        data, special, classes = (_read(folder, vocab_name, vocab_sha), _read(folder, special_name, special_sha),
                                  _read(folder, *CLASSES))
        if data is None or special is None or classes is None:
            raise Unsupported(f"{encoding}: quicktok's data files are not the ones this encoder knows")
        self._data, self._classes = data, _classes(classes)
        self._split_ascii, self._split_any = _pattern(self._classes, 128).findall, None
        (self._n,) = struct.unpack_from("<I", data, 0)  # entries: u16 length, the bytes, u32 rank (== position)
        self._entry_starts: Optional[list[int]] = None  # walked on first need (`_starts`)
        self._keys: Optional[list[int]] = None  # the hash index, built once FIND_LOOKUPS lookups were made
        self._finds = 0
        self._ranks: dict[bytes, int] = {}
        (count,) = struct.unpack_from("<I", special, 0)
        self._special_ids: dict[str, int] = {}
        off = 4
        for _ in range(count):
            token_id, size = struct.unpack_from("<IH", special, off)
            self._special_ids[special[off + 6:off + 6 + size].decode("utf-8")] = token_id
            off += 6 + size
        self._special_text = {i: t.encode("utf-8") for t, i in self._special_ids.items()}
        self.special_tokens_set = set(self._special_ids)
        self.n_vocab = max(self._n - 1, *self._special_text) + 1
        self._pieces: dict[str, tuple[int, ...]] = {}

    def rank(self, token: bytes) -> int:
        """The id of `token` as an ordinary token, or a number above every id when it is none."""
        found = self._ranks.get(token)
        if found is None:
            if self._keys is None and self._finds < FIND_LOOKUPS:
                self._finds += 1
                found = self._find(token)
            else:
                found = self._look_up(token)
            self._ranks[token] = found
        return found

    @property
    def _starts(self) -> list[int]:
        """Where each entry's bytes begin: a walk over the whole table (30-60 ms for llama3's 128,000
        entries), made when the hash index or a token's bytes are first wanted, not for a few lookups."""
        if self._entry_starts is None:
            data, n = self._data, self._n
            starts, off = [0] * n, 4
            for i in range(n):
                starts[i] = off + 2
                off += 6 + (data[off] | data[off + 1] << 8)
            if off != len(data):
                raise Unsupported("unexpected vocabulary layout")
            self._entry_starts = starts
        return self._entry_starts

    def _find(self, token: bytes) -> int:
        """`rank` by searching the file for the entry (its length field, then its bytes): no index needed.
        A match is an entry, not bytes inside other entries, when the rank after it is r and the 4 bytes
        before it are rank r - 1 (the first entry: it starts the table). In the pinned tables no other
        position passes that test (tests/test_small_bpe.py tries every byte position of each)."""
        entry, data, n = len(token).to_bytes(2, "little") + token, self._data, self._n
        at = data.find(entry, 4)
        while at >= 0:
            end = at + len(entry)
            r = int.from_bytes(data[end:end + 4], "little") if end + 4 <= len(data) else n
            if r < n and (at == 4 if r == 0 else data[at - 4:at] == (r - 1).to_bytes(4, "little")):
                return r
            at = data.find(entry, at + 1)
        return _NO_RANK

    def _look_up(self, token: bytes) -> int:
        """`rank` through the hash index (each entry keyed by `_key`; equal keys told apart by bytes)."""
        if self._keys is None:
            self._index()
        found, key, keys = _NO_RANK, _key(token), self._keys
        i = bisect_left(keys, key)
        while i < len(keys) and keys[i] == key:
            r = self._order[i]
            if self._lengths[r] == len(token) and self._data[self._starts[r]:self._starts[r] + len(token)] == token:
                found = r
                break
            i += 1
        return found

    def _index(self) -> None:
        buf = np.frombuffer(self._data + bytes(8), dtype=np.uint8)
        begin = np.asarray(self._starts, dtype=np.int64)
        lengths = buf[begin - 2].astype(np.int64) | buf[begin - 1].astype(np.int64) << 8
        keys = _first8(buf, begin, lengths)
        long = lengths > 8
        last = np.zeros(self._n, dtype=np.uint64)
        last[long] = _first8(buf, begin[long] + lengths[long] - 8, np.full(int(long.sum()), 8))
        with np.errstate(over="ignore"):
            keys = keys + last * np.uint64(_MULT_LAST) + lengths.astype(np.uint64) * np.uint64(_MULT_LEN)
        order = np.argsort(keys)
        self._order, self._lengths, self._keys = order.tolist(), lengths.tolist(), keys[order].tolist()

    def _merge(self, piece: bytes) -> tuple[int, ...]:
        rank = self.rank
        whole = rank(piece)
        if whole != _NO_RANK:
            return (whole,)
        if len(piece) > MAX_PIECE:
            raise Unsupported("a piece too long for this encoder")
        bounds = list(range(len(piece) + 1))
        ranks = [rank(piece[i:i + 2]) for i in range(len(piece) - 1)] + [_NO_RANK, _NO_RANK]
        while True:
            best = min(ranks)
            if best == _NO_RANK:
                break
            i = ranks.index(best)  # the leftmost of the lowest rank
            if i > 0:
                ranks[i - 1] = rank(piece[bounds[i - 1]:bounds[i + 2]]) if i + 2 < len(bounds) else _NO_RANK
            ranks[i] = rank(piece[bounds[i]:bounds[i + 3]]) if i + 3 < len(bounds) else _NO_RANK
            del bounds[i + 1], ranks[i + 1]
        return tuple(rank(piece[a:b]) for a, b in zip(bounds, bounds[1:]))

    def encode_ordinary(self, text: str) -> list[int]:
        """Token ids of `text`, special-token strings counted as ordinary text."""
        out: list[int] = []
        memo = self._pieces
        if text.isascii():
            split = self._split_ascii
        else:
            if self._split_any is None:
                self._split_any = _pattern(self._classes).findall
            split = self._split_any
        for piece in split(text):
            ids = memo.get(piece)
            if ids is None:
                try:
                    ids = memo[piece] = self._merge(piece.encode("utf-8"))
                except UnicodeEncodeError:
                    raise Unsupported("a lone surrogate") from None
            out.extend(ids)
        return out

    def encode_single_token(self, text: str) -> int:
        if text in self._special_ids:
            return self._special_ids[text]
        found = self.rank(text.encode("utf-8"))
        if found == _NO_RANK:
            raise KeyError("bytes are not a single token in this encoding")
        return found

    def decode_single_token_bytes(self, token_id: int) -> bytes:
        if 0 <= token_id < self._n:
            start, data = self._starts[token_id], self._data
            return data[start:start + (data[start - 2] | data[start - 1] << 8)]
        if token_id in self._special_text:
            return self._special_text[token_id]
        raise KeyError(f"token id {token_id} is not in the vocabulary")

    def is_special_token(self, token_id: int) -> bool:
        return token_id in self._special_text


class SmallFirstEncoding:
    """A quicktok encoding's calls, answered by `SmallTextBPE` until `budget` characters are spent,
    then by quicktok (`load_full()`), which also takes any text `SmallTextBPE` leaves to it."""

    def __init__(self, small: SmallTextBPE, load_full: Callable[[], object], budget: int = BUDGET_CHARS):
        self._small, self._load_full, self._left, self._full = small, load_full, budget, None
        self.special_tokens_set, self.n_vocab = small.special_tokens_set, small.n_vocab

    def _quicktok(self):
        if self._full is None:
            self._full = self._load_full()
        return self._full

    def _spend(self, chars: int) -> bool:
        """Whether the small encoder takes `chars` more characters (and counts them if so)."""
        if self._full is not None or chars > self._left:
            return False
        self._left -= chars
        return True

    def encode_ordinary(self, text: str) -> list[int]:
        if self._spend(len(text)):
            try:
                return self._small.encode_ordinary(text)
            except Unsupported:
                pass
        return list(self._quicktok().encode_ordinary(text))

    def encode_batch(self, texts: list[str], threads: int = 1, with_special: bool = False):
        """(ids, offsets) as quicktok's `encode_batch` returns them; special-token text as ordinary text."""
        if not with_special and self._spend(sum(map(len, texts))):
            try:
                encoded = [self._small.encode_ordinary(t) for t in texts]
            except Unsupported:
                pass
            else:
                offsets = np.zeros(len(texts) + 1, dtype=np.int64)
                np.cumsum([len(ids) for ids in encoded], out=offsets[1:])
                return np.fromiter((i for ids in encoded for i in ids), dtype=np.uint32, count=int(offsets[-1])), offsets
        return self._quicktok().encode_batch(texts, threads, with_special)

    def encode_single_token(self, text: str) -> int:
        if self._full is None:
            try:
                return self._small.encode_single_token(text)
            except UnicodeEncodeError:  # a lone surrogate: quicktok's own error
                pass
        return self._quicktok().encode_single_token(text)

    def decode_single_token_bytes(self, token_id: int) -> bytes:
        return self._small.decode_single_token_bytes(token_id)

    def is_special_token(self, token_id: int) -> bool:
        return self._small.is_special_token(token_id)

    def __getattr__(self, name: str):  # anything else quicktok's Tokenizer offers
        if name.startswith("_"):  # private names and protocols (copy, pickle) are not forwarded
            raise AttributeError(name)
        return getattr(self._quicktok(), name)
