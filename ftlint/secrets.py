"""Sensitive content in text: credentials and personal data, found, validated and masked.

`scan(text)` returns every `Hit` in one string. Each family of patterns runs only when
a cheap literal prefilter (a `str` containment test, done in C) says it can match, and
each candidate is validated in Python (Luhn for card numbers, mod-97 for IBANs, IIN
ranges, character-mix and entropy for tokens) so that random digits or words are
not reported.

Every pattern is linear-time on adversarial input: repetitions are bounded, classes on
either side of a separator are disjoint (no ambiguous splits), and most patterns
begin with a literal or a negative look-behind so that a long run of look-alike
characters is tried from its first character only.

`scan_many(texts)` gives `[scan(t) for t in texts]` (`scan_sparse(texts)`: only the texts with
hits, by index), faster: the texts are joined a few megabytes at a time and each family's
trigger (its literals, the secret-named words in the lower-cased text, `@`, a digit cluster) is
searched once in the whole chunk, so `scan` runs only on the texts that can hold a hit, and there
only the families triggered in them (every trigger is implied by every match of its family: the
result is exactly `scan`'s).

`mask(s)` is the only form in which a found value leaves this module: at most the first
and last four characters, never more than half of the value.
"""
from __future__ import annotations

import bisect
import itertools
from itertools import accumulate
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

# --- credentials ------------------------------------------------------------------------------

OPENAI_KEY = re.compile(r"sk-(?<![A-Za-z0-9_-]sk-)[A-Za-z0-9_-]{20,300}(?![A-Za-z0-9_-])")
AWS_ACCESS_KEY = re.compile(r"A[KS]IA(?<![A-Z0-9]A[KS]IA)[A-Z0-9]{16}(?![A-Z0-9])")
GITHUB_TOKEN = re.compile(r"g(?<![A-Za-z0-9_]g)(?:h[pousr]_[A-Za-z0-9]{36,255}|ithub_pat_[A-Za-z0-9_]{50,255})"
                          r"(?![A-Za-z0-9_])")
SLACK_TOKEN = re.compile(r"xox(?<![A-Za-z0-9-]xox)[abposr]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])")
SLACK_WEBHOOK = re.compile(r"hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}")
PRIVATE_KEY = re.compile(r"-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY(?: BLOCK)?-----")
JWT = re.compile(r"eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{8,2000}"
                 r"(?![A-Za-z0-9_-])")
# key=value / "key": "value" where the key names a secret; the value is judged by entropy.
SECRET_ASSIGNMENT = re.compile(
    r"(?i)(?<![a-z0-9])(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|pwd|access[_-]?key|auth|credentials?)"
    r"[a-z0-9_-]{0,24}[\"']?[ \t]{0,4}(?:=|:|=>)[ \t]{0,4}[\"']?([A-Za-z0-9_+/=.~-]{16,256})")
# What follows a secret-named key's word up to the value; matched right after each occurrence of a
# word of _SECRET_WORDS (found with str.find), so prose is not scanned by the pattern above.
ASSIGNMENT_TAIL = re.compile(r"[A-Za-z0-9_-]{0,24}[\"']?[ \t]{0,4}(?:=|:|=>)[ \t]{0,4}[\"']?"
                             r"([A-Za-z0-9_+/=.~-]{16,256})")
_SECRET_WORDS = ("key", "secret", "token", "passw", "pwd", "auth", "credential")
MAX_KEY_WORDS = 64  # more occurrences in one text: one scan with SECRET_ASSIGNMENT instead

# --- personal data ---------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+-](?<![A-Za-z0-9._%+-].)[A-Za-z0-9._%+-]{0,63}"
                   r"@((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9-])")
# +<country> then 2-5 groups separated by one space, dot or dash; or E.164 written without separators.
PHONE_INTL = re.compile(r"\+(?<![\w+]\+)[1-9](?:[0-9]{0,2}(?:[ .-]\(?[0-9]{1,5}\)?){2,5}|[0-9]{7,14})(?!\w)")
# North American numbers: (415) 555-0132, 415-555-0132, 415.555.0132 (NANP: area and exchange start 2-9).
PHONE_NANP = re.compile(r"(?:\((?<![\w(+-]\()[2-9][0-9]{2}\) ?|[2-9](?<![\w(+-][2-9])[0-9]{2}[ .-])"
                        r"[2-9][0-9]{2}[ .-][0-9]{4}(?![\w-])")
# 13-19 digits written together or in the printed groups (4-4-4-4[-3], Amex 4-6-5, Diners 4-6-4).
CARD = re.compile(r"[0-9](?<![0-9-][0-9])(?:[0-9]{12,18}|[0-9]{3}[ -][0-9]{4,6}[ -][0-9]{4,5}(?:[ -][0-9]{1,4})?)"
                  r"(?![0-9])")
IBAN = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")
# Digit-dense stretches (starts with a class, no look-behind: the fast scan); the number patterns above
# then run only in a window around each stretch.
DIGIT_CLUSTER = re.compile(r"[0-9][0-9 ()./+-]{5,200}[0-9]")
_DIGITS = "0123456789"
MAX_WINDOWS = 32

# IBAN lengths by country (ISO 13616 registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

FAMILIES = ("credential", "email", "phone", "card", "iban")
KIND_LABELS = {
    "openai-api-key": "OpenAI API key", "aws-access-key-id": "AWS access key ID", "github-token": "GitHub token",
    "slack-token": "Slack token", "slack-webhook": "Slack webhook URL", "private-key": "private key block",
    "jwt": "JSON Web Token", "secret-assignment": "high-entropy secret assigned to a secret-named key",
    "email": "email address", "phone": "phone number", "card": "payment card number", "iban": "IBAN",
}


@dataclass(frozen=True, slots=True)
class Hit:
    family: str  # one of FAMILIES
    kind: str  # key of KIND_LABELS
    start: int
    end: int
    masked: str
    domain: str = ""  # emails only: lowercased domain, for allow-lists (never shown)


def mask(value: str) -> str:
    """At most the first and last four characters, and never more than half of `value`."""
    keep = min(4, len(value) // 4)
    return f"{value[:keep]}…{value[-keep:]}" if keep else "…"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card_brand_ok(digits: str) -> bool:
    """Issuer ranges of the major networks, with their lengths (random Luhn-valid numbers mostly fail)."""
    n, two, four = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)  # Visa
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16  # Mastercard
    if two in (34, 37):
        return n == 15  # American Express
    if digits.startswith("6011") or two == 65 or 644 <= int(digits[:3]) <= 649:
        return 16 <= n <= 19  # Discover
    if 3528 <= four <= 3589:
        return 16 <= n <= 19  # JCB
    if two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305:
        return 14 <= n <= 19  # Diners Club
    return False


def card_ok(candidate: str) -> bool:
    digits = candidate.replace(" ", "").replace("-", "")
    return 13 <= len(digits) <= 19 and len(set(digits)) > 2 and _card_brand_ok(digits) and luhn_ok(digits)


def iban_ok(candidate: str) -> bool:
    iban = candidate.replace(" ", "")
    if IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


def looks_random(value: str, min_entropy: float = 3.0) -> bool:
    """A machine-made token, not a word or a placeholder: digits mixed with letters (both cases when
    shorter than 32 characters) and at least `min_entropy` bits per character."""
    digit = any(c.isdigit() for c in value)
    classes = digit + any(c.isupper() for c in value) + any(c.islower() for c in value)
    return digit and classes >= (3 if len(value) < 32 else 2) and entropy(value) >= min_entropy


def _credentials(text: str, out: list[Hit]) -> None:
    if "sk-" in text:
        for m in OPENAI_KEY.finditer(text):
            if looks_random(m.group()[3:]):
                out.append(Hit("credential", "openai-api-key", m.start(), m.end(), mask(m.group())))
    if "AKIA" in text or "ASIA" in text:
        for m in AWS_ACCESS_KEY.finditer(text):
            out.append(Hit("credential", "aws-access-key-id", m.start(), m.end(), mask(m.group())))
    if "_" in text and ("gh" in text or "github_pat_" in text):
        for m in GITHUB_TOKEN.finditer(text):
            out.append(Hit("credential", "github-token", m.start(), m.end(), mask(m.group())))
    if "xox" in text:
        for m in SLACK_TOKEN.finditer(text):
            if any(c.isdigit() for c in m.group()):
                out.append(Hit("credential", "slack-token", m.start(), m.end(), mask(m.group())))
    if "hooks.slack.com" in text:
        for m in SLACK_WEBHOOK.finditer(text):
            out.append(Hit("credential", "slack-webhook", m.start(), m.end(), "hooks.slack.com/services/T…"))
    if "PRIVATE KEY" in text:
        for m in PRIVATE_KEY.finditer(text):
            label = f"-----BEGIN {m.group(1)}PRIVATE KEY----- …"  # the header only; the key body is never shown
            out.append(Hit("credential", "private-key", m.start(), m.end(), label))
    if "eyJ" in text:
        for m in JWT.finditer(text):
            out.append(Hit("credential", "jwt", m.start(), m.end(), mask(m.group())))


def _assignments(text: str, hits: list[Hit]) -> None:
    lowered = text.lower()
    starts: list[int] = []
    for word in _SECRET_WORDS:
        at = lowered.find(word)
        while at >= 0 and len(starts) <= MAX_KEY_WORDS:
            starts.append(at + len(word))
            at = lowered.find(word, at + 1)
    if not starts:
        return
    if len(starts) > MAX_KEY_WORDS or len(lowered) != len(text):
        spans = [m.span(1) for m in SECRET_ASSIGNMENT.finditer(text)]
    else:  # several key words may lead to one value ("api_key_token = ..."): keep each value once
        spans = sorted({m.span(1) for m in map(lambda at: ASSIGNMENT_TAIL.match(text, at), starts) if m})
    claimed = _Claimed(hits)
    for start, end in spans:
        value = text[start:end]
        if looks_random(value, 3.5) and not claimed.overlaps(start, end):
            hits.append(Hit("credential", "secret-assignment", start, end, mask(value)))
            claimed.add(start, end)


class _Claimed:
    """Spans already reported (kept non-overlapping and sorted): overlap test by bisection."""

    def __init__(self, hits: list[Hit]):
        if not hits:  # (most texts)
            self.starts, self.ends = [], []
            return
        spans = sorted((h.start, h.end) for h in hits)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)  # the first span ending after `start`
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        """Record a span that overlaps none recorded."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _first_of_overlapping(hits: list[Hit]) -> list[Hit]:
    """Hits sorted by position, dropping any that overlaps an earlier kept one."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    return kept


def scan(text: str) -> list[Hit]:
    """Every credential and piece of personal data in `text`, in order of position; spans never overlap.

    Families run in order (credentials, secret assignments, emails, card numbers, IBANs, phone
    numbers); a candidate overlapping a span an earlier family reported is dropped.
    """
    return _scan(text, True, True, True, True)


def _scan(text: str, credentials: bool, assignments: bool, emails: bool, numbers: bool) -> list[Hit]:
    """`scan`, with the families whose trigger is absent from `text` left out (they find nothing)."""
    hits: list[Hit] = []
    if credentials:
        _credentials(text, hits)
        hits = _first_of_overlapping(hits)
    if assignments:
        _assignments(text, hits)
    if emails and "@" in text:
        _emails(text, hits)
    if numbers and any(d in text for d in _DIGITS):
        _numbers(text, hits)
    hits.sort(key=lambda h: h.start)
    return hits


def _emails(text: str, hits: list[Hit]) -> None:
    """EMAIL's matches (those `EMAIL.finditer` gives), found from each "@" instead of trying the
    pattern at every character: the local part is the run of local-part characters just before the
    "@" (at most 64: EMAIL starts a match only where such a run starts), the domain is matched
    after it; a match starting inside the previous one is skipped, as `finditer` would."""
    claimed = _Claimed(hits)
    last_end = 0
    at = text.find("@")
    while at >= 0:
        window = max(0, at - 65)
        edge = _RUN_EDGE.search(text, window, at)  # the last non-local character before the "@"
        start = edge.start() + 1 if edge is not None else window if window == 0 else -1
        if 0 <= start < at and at - start <= 64 and start >= last_end:
            domain = _DOMAIN.match(text, at + 1)
            if domain is not None:
                end = domain.end()
                last_end = end
                if not claimed.overlaps(start, end):
                    hits.append(Hit("email", "email", start, end, mask(text[start:end]), domain.group(1).lower()))
        at = text.find("@", at + 1)


_RUN_EDGE = re.compile(r"[^A-Za-z0-9._%+-][A-Za-z0-9._%+-]*\Z")  # (searched up to an "@") before its local part
_DOMAIN = re.compile(EMAIL.pattern.split("@", 1)[1])  # what EMAIL matches after the "@"


# Triggers, searched in UTF-8: a text holds a credential only if it holds one of these literals
# (see `_credentials`), a secret assignment only if its lower-cased form holds a word of
# _SECRET_WORDS (ASCII lower case, or a KELVIN SIGN, the one non-ASCII character whose lower case
# is a letter of those words), an e-mail only if it holds "@", a number only if DIGIT_CLUSTER
# matches in it (an ASCII pattern: the same matches in the UTF-8 bytes).
_CREDENTIAL_LITERALS = tuple(w.encode() for w in ("sk-", "AKIA", "ASIA", "gh", "github_pat_", "xox", "hooks.slack.com",
                                                  "PRIVATE KEY", "eyJ"))
_WORD_LITERALS = tuple(w.encode() for w in _SECRET_WORDS) + ("\u212a".encode(),)
_DIGIT_CLUSTER_BYTES = re.compile(DIGIT_CLUSTER.pattern.encode())
CHUNK_BYTES = 4_000_000  # texts joined and searched at a time


def scan_many(texts: Iterable[str]) -> list[list[Hit]]:
    """`[scan(t) for t in texts]` (`scan_sparse`, an empty list for each text without a hit)."""
    texts = texts if isinstance(texts, list) else list(texts)
    found = scan_sparse(texts)
    return [found.get(i, []) for i in range(len(texts))]


def scan_sparse(texts: Sequence[str]) -> dict[int, list[Hit]]:
    """`{i: scan(t)}` for each text `t = texts[i]` holding a hit: each family's trigger is searched
    once per few megabytes of joined texts, and `scan` runs only on the texts (and families) it was
    found in. Texts are encoded a chunk at a time, and no list is made for a text without a hit, so
    the working memory does not grow with the input (an empty list each: 22 MB for 400,000 turns)."""
    out: dict[int, list[Hit]] = {}
    lo = 0
    while lo < len(texts):
        encoded, size, hi = [], 0, lo
        while hi < len(texts) and (size < CHUNK_BYTES or hi == lo):
            encoded.append(texts[hi].encode("utf-8", "surrogatepass"))
            size += len(encoded[-1]) + 1
            hi += 1
        starts = list(accumulate((len(b) + 1 for b in encoded), initial=0))  # of each text of the chunk, "\n"-joined
        chunk = b"\n".join(encoded)  # "\n" is in no trigger: a trigger found lies within one text
        del encoded
        credentials = _texts_holding(chunk, _CREDENTIAL_LITERALS, starts, 0, hi - lo)
        assignments = _texts_holding(chunk.lower(), _WORD_LITERALS, starts, 0, hi - lo)
        emails = _texts_holding(chunk, (b"@",), starts, 0, hi - lo)
        numbers: set[int] = set()
        m = _DIGIT_CLUSTER_BYTES.search(chunk)
        while m is not None:
            i = bisect.bisect_right(starts, m.start(), 0, hi - lo) - 1
            numbers.add(i)
            m = _DIGIT_CLUSTER_BYTES.search(chunk, starts[i + 1])  # the next text: one cluster is enough
        for i in sorted(credentials | assignments | emails | numbers):
            hits = _scan(texts[lo + i], i in credentials, i in assignments, i in emails, i in numbers)
            if hits:
                out[lo + i] = hits
        lo = hi
    return out


def _texts_holding(chunk: bytes, literals: Sequence[bytes], starts: list[int], lo: int, hi: int) -> set[int]:
    """Indexes of the texts lo..hi-1 (joined in `chunk`, at `starts`) holding any of `literals`."""
    found: set[int] = set()
    base = starts[lo]
    for literal in literals:
        at = chunk.find(literal)
        while at >= 0:
            i = bisect.bisect_right(starts, base + at, lo, hi) - 1
            found.add(i)
            at = chunk.find(literal, starts[i + 1] - base)  # on to the next text
    return found


def _numbers(text: str, hits: list[Hit]) -> None:
    """Card numbers, IBANs and phone numbers, each pattern run in a window around each digit cluster;
    a window with fewer ASCII digits than a valid match of a pattern holds (CARD_DIGITS, ...) is
    not searched for it, and IBAN only where two capitals and two digits stand together (most
    clusters are dates, amounts and ids: this spares three pattern passes each)."""
    clusters = [m.span() for m in itertools.islice(DIGIT_CLUSTER.finditer(text), MAX_WINDOWS + 1)]
    if not clusters:
        return
    if len(clusters) > MAX_WINDOWS:  # number-dense text: whole-text scans beat many small windows
        clusters = [(0, len(text))]
    near = [(max(0, a - 4), b + 2) for a, b in clusters]  # room for "+1 (" before and the look-ahead after
    digits = [len(w) - len(w.translate(_DELETE_DIGITS)) for w in (text[a:b] for a, b in near)]
    most = max(digits)
    if most >= CARD_DIGITS:
        _pass(CARD, text, [w for w, d in zip(near, digits) if d >= CARD_DIGITS], hits, "card", card_ok)
    if _IBAN_HEAD.search(text) is not None:
        wide = [(max(0, a - 34), b + 34) for a, b in clusters]  # IBAN letters may precede and follow the digits
        _pass(IBAN, text, wide, hits, "iban", iban_ok)
    if most >= PHONE_DIGITS and "+" in text:
        _pass(PHONE_INTL, text, [w for w, d in zip(near, digits) if d >= PHONE_DIGITS], hits, "phone", _phone_ok)
    if most >= NANP_DIGITS:
        _pass(PHONE_NANP, text, [w for w, d in zip(near, digits) if d >= NANP_DIGITS], hits, "phone", _phone_ok)


CARD_DIGITS = 13  # card_ok: 13-19 digits
PHONE_DIGITS = 8  # _phone_ok: 8-15 digits
NANP_DIGITS = 10  # PHONE_NANP's matches: exactly 10
_DELETE_DIGITS = str.maketrans("", "", _DIGITS)
_IBAN_HEAD = re.compile(r"[A-Z]{2}[0-9]{2}")  # in every IBAN match: country code and check digits


def _phone_ok(candidate: str) -> bool:
    return 8 <= sum(map(str.isdigit, candidate)) <= 15


def _pass(pattern: re.Pattern, text: str, windows: list[tuple[int, int]], hits: list[Hit], kind: str,
          valid: Callable[[str], bool]) -> None:
    """One pattern over every window; windows may overlap, so a span already reported is skipped."""
    claimed = _Claimed(hits)
    seen: set[tuple[int, int]] = set()
    for window in windows:
        for m in pattern.finditer(text, *window):
            span = m.span()
            if span in seen or text[span[1]:span[1] + 1].isalnum() or claimed.overlaps(*span) or not valid(m.group()):
                continue  # (a window's end may cut a longer number: the character after decides)
            seen.add(span)
            hits.append(Hit(kind, kind, span[0], span[1], mask(m.group())))


def redact(text: str) -> str:
    """`text` with every credential or piece of personal data replaced by its mask.

    The engine applies it to every finding a check yields, so no check can quote a secret from
    the data into a report (CI logs, PR comments, SARIF uploads), whatever the output format.
    Checks that shorten quoted text must redact before cutting (see `ftlint.text.excerpt`), or a
    cut-off secret escapes the scan.
    """
    hits = scan(text)
    for hit in reversed(hits):
        text = text[:hit.start] + hit.masked + text[hit.end:]
    return text
