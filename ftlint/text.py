"""Text normalisation shared by every check that compares texts.

`normalize` is the one notion of "the same text": Unicode NFKC, case folded,
whitespace runs collapsed to one space, ends stripped.
"""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    if text.isascii():
        return " ".join(text.lower().split())
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def words(normalized: str) -> list[str]:
    """Word tokens of an already normalised text (punctuation dropped)."""
    return _WORD.findall(normalized)
