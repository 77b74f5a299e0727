"""The fast paths of the sensitive-content scan find exactly what the plain patterns find.

`scan_many(texts)` (triggers searched once per chunk of joined texts) must equal
`[scan(t) for t in texts]`, and `scan`'s e-mail search (anchored at each "@") must equal the
EMAIL pattern's own `finditer`. Hypothesis draws texts from the characters these patterns turn
on (local-part and domain characters, "@", dots, digits and separators, credential prefixes,
secret-named words, the KELVIN SIGN that lower-cases to "k", astral and accented letters).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint import secrets as sec
from ftlint.secrets import Hit, mask, scan, scan_many

PIECES = ["a", "Z", "7", "0", ".", "-", "_", "%", "+", "@", " ", "\n", "(", ")", "/", "é", "\u212a", "İ", "😀",
          "sk-", "AKIA", "ghp_", "github_pat_", "xox", "eyJ", "key", "Token", "passwd", "api_key=", ": ",
          "mail.com", "example.org", "415-555-0132", "+44 20 7946 0958", "4539 1488 0343 6467", "GB82 WEST",
          "1234 5698 7654 32", "q8Zr2LmX0vTb7NcW5yKp", "ab" * 20, "x" * 70, "1" * 14]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def reference_scan(text: str) -> list[Hit]:
    """`scan` as the patterns define it: credentials, assignments, EMAIL.finditer, numbers."""
    hits: list[Hit] = []
    sec._credentials(text, hits)
    hits = sec._first_of_overlapping(hits)
    sec._assignments(text, hits)
    if "@" in text:
        claimed = sec._Claimed(hits)
        for m in sec.EMAIL.finditer(text):
            if not claimed.overlaps(m.start(), m.end()):
                hits.append(Hit("email", "email", m.start(), m.end(), mask(m.group()), m.group(1).lower()))
    if any(d in text for d in "0123456789"):
        reference_numbers(text, hits)
    hits.sort(key=lambda h: h.start)
    return hits


def reference_numbers(text: str, hits: list[Hit]) -> None:
    """Every number pattern over every window around a digit cluster (`_numbers` skips the windows
    that hold too few digits for a valid match, and IBAN where no capitals-and-digits head stands)."""
    import itertools

    clusters = [m.span() for m in itertools.islice(sec.DIGIT_CLUSTER.finditer(text), sec.MAX_WINDOWS + 1)]
    if not clusters:
        return
    if len(clusters) > sec.MAX_WINDOWS:
        clusters = [(0, len(text))]
    near = [(max(0, a - 4), b + 2) for a, b in clusters]
    wide = [(max(0, a - 34), b + 34) for a, b in clusters]
    sec._pass(sec.CARD, text, near, hits, "card", sec.card_ok)
    sec._pass(sec.IBAN, text, wide, hits, "iban", sec.iban_ok)
    if "+" in text:
        sec._pass(sec.PHONE_INTL, text, near, hits, "phone", sec._phone_ok)
    sec._pass(sec.PHONE_NANP, text, near, hits, "phone", sec._phone_ok)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_scan_finds_what_the_patterns_find(text):
    assert scan(text) == reference_scan(text)


NUMBER_PIECES = ["0", "1", "4", "5", "9", " ", "-", ".", "(", ")", "+", "+1 ", "+44 ", "4539 1488 0343 6467",
                 "4539148803436467", "378282246310005", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
                 "GB", "DE", "WEST", "415-555-0132", "(415) 555-0132", "20 7946 0958", "2024-05-01", "a", "Z", "é"]
number_texts = st.lists(st.sampled_from(NUMBER_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(number_texts)
def test_the_number_windows_left_out_hold_no_valid_number(text):
    fast, full = [], []
    sec._numbers(text, fast)
    reference_numbers(text, full)
    assert fast == full


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=30))
def test_scan_many_is_scan_of_each(batch):
    assert scan_many(batch) == [scan(t) for t in batch]


def test_scan_many_over_chunk_boundaries(monkeypatch):
    """Texts spread over many chunks (and one text larger than a chunk) keep their own hits."""
    monkeypatch.setattr(sec, "CHUNK_BYTES", 64)
    batch = [f"mail jane{i}@example.com, key sk-proj-Ab3dEf9hIjKlMn0pQrStUvWx12Yz{i}" for i in range(50)]
    batch += ["x" * 500 + " call +1 415-555-0132", "", "plain text", "é" * 40 + " a@b.io"]
    assert scan_many(batch) == [scan(t) for t in batch]
    assert sum(len(h) for h in scan_many(batch)) == 50 * 2 + 2


@pytest.mark.parametrize("text", [
    "a" * 64 + "@example.com",  # the longest local part
    "a" * 65 + "@example.com",  # one too long: no match (EMAIL starts only where the run starts)
    "x.y@a.b.c.d.com@e.com",  # a second "@" inside what follows the first match
    "jo@mail.com.jo@mail.com",
    "@@a@b.co",
    "a@b", "a@-.com", "\nme@x.io", "me@x.io\n",
])
def test_email_edge_cases_match_the_pattern(text):
    assert scan(text) == reference_scan(text)
