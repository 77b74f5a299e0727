"""`ftlint.text.normalize`, the one notion of "the same text": NFKC, case folded, every run of
Unicode whitespace one space, ends stripped."""
from __future__ import annotations

import random
import re
import sys
import unicodedata

from ftlint.text import normalize

SPACES = [chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()]


def reference(text: str) -> str:
    """The definition, written out with a regular expression."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def test_every_unicode_space_separates_words_in_ascii_and_other_text():
    assert len(SPACES) > 20 and "\x1c" in SPACES and "\u3000" in SPACES and "\x85" in SPACES
    for space in SPACES:
        assert normalize(f"  Ab{space}{space}cD{space}") == "ab cd", repr(space)
        assert normalize(f"Éa{space}Ⅻ\u0301") == f"éa {unicodedata.normalize('NFKC', 'ⅻ́')}", repr(space)


def test_it_equals_the_definition_on_random_text():
    rng = random.Random(7)
    alphabet = SPACES + list("aZ09ß!") + ["\u0301", "ﬁ", "İ", "Σ", "\u00b4", "\u1100", "\u1161", "漢", "\ud800"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert normalize(text) == reference(text), repr(text)
