"""Sensitive content (FT801-FT805): every pattern found and masked, look-alikes not reported."""
from __future__ import annotations

import json
import time

import pytest

from ftlint.checks.card_number_in_text import CardNumberInText
from ftlint.checks.email_address_in_text import EmailAddressInText
from ftlint.checks.iban_in_text import IbanInText
from ftlint.checks.phone_number_in_text import PhoneNumberInText
from ftlint.checks.secret_in_text import SecretInText
from ftlint.secrets import iban_ok, luhn_ok, mask, scan
from conftest import chat, run_check


def luhn_complete(prefix: str, length: int) -> str:
    """A Luhn-valid number of `length` digits starting with `prefix`."""
    body = prefix + "7" * (length - len(prefix) - 1)
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


VISA = luhn_complete("453914880343", 16)
BAD_VISA = VISA[:-1] + str((int(VISA[-1]) + 1) % 10)
AMEX = luhn_complete("3714496353", 15)
OPENAI = "sk-proj-" + "Ab3dEf9hIjKlMn0pQrStUvWx12Yz"
GITHUB = "ghp_" + "aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")

POSITIVE = [
    ("openai-api-key", f"use {OPENAI} for the call", OPENAI),
    ("aws-access-key-id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    ("github-token", f"git clone https://{GITHUB}@github.com/acme/repo", GITHUB),
    ("github-token", "token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM",
     "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"),
    ("slack-token", "SLACK_BOT=xoxb-2048123456-4096123456-AbCdEfGhIjKlMnOp",
     "xoxb-2048123456-4096123456-AbCdEfGhIjKlMnOp"),
    ("slack-webhook", "post to https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/AbCdEfGhIjKlMnOpQrStUvWx",
     "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
     "MIIEowIBAAKCAQEA7"),
    ("jwt", f"Authorization: Bearer {JWT}", JWT),
    ("secret-assignment", 'config = {"client_secret": "q8Zr2LmX0vTb7NcW5yKp"}', "q8Zr2LmX0vTb7NcW5yKp"),
    ("email", "write to jane.doe@gmail.com today", "jane.doe@gmail.com"),
    ("phone", "call +1 415-555-0132 after 5", "+1 415-555-0132"),
    ("phone", "UK office: +44 20 7946 0958.", "+44 20 7946 0958"),
    ("phone", "or (415) 555-0132", "(415) 555-0132"),
    ("phone", "E.164: +14155550132", "+14155550132"),
    ("card", f"card {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]} exp 12/27", f"{VISA[4:8]} {VISA[8:12]}"),
    ("card", f"amex {AMEX}", AMEX),
    ("iban", "IBAN GB82 WEST 1234 5698 7654 32 please", "WEST 1234 5698"),
    ("iban", "NL91ABNA0417164300", "NL91ABNA0417164300"),
]

NEGATIVE = [
    ("openai key too short", "sk-abc123XYZ"),
    ("sk- inside a word", "risk-free task-oriented sk-learn-compatible-estimators-for-everyone"),
    ("AWS key id too short", "AKIAEXAMPLE1"),
    ("github prefix without a token", "ghp_short and github_pat_tooShort1"),
    ("slack-like word", "xoxb-placeholder-token"),
    ("public key block", "-----BEGIN PUBLIC KEY-----"),
    ("jwt without payload", "eyJhbGciOiJIUzI1NiJ9 only a header"),
    ("low-entropy password", "password = hunter2hunter2hunter2"),
    ("placeholder secret", 'api_key = "YOUR_API_KEY_GOES_HERE"'),
    ("email without a domain", "ping user@localhost or admin@ or @handle"),
    ("documentation email is still an address but no dotless domain", "name@server"),
    ("date, price and version", "on 2024-01-15 it cost $1,299.00 in v3.12.1"),
    ("plain digit run", "order 1234567 shipped"),
    ("NANP number with an invalid exchange", "415-155-0132"),
    ("card number failing Luhn", f"card {BAD_VISA}"),
    ("Luhn-valid number outside card ranges", luhn_complete("9", 16)),
    ("IBAN failing mod-97", "GB82 WEST 1234 5698 7654 33"),
    ("IBAN with the wrong length", "GB82WEST123456987654"),
]


@pytest.mark.parametrize("kind,text,secret", POSITIVE, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(POSITIVE)])
def test_pattern_found_and_masked(kind, text, secret):
    hits = scan(text)
    assert [h.kind for h in hits] == [kind]
    masked = hits[0].masked
    assert "…" in masked and secret not in masked
    assert not any(secret[i:i + 5] in masked for i in range(4, len(secret) - 8))  # nothing past 4 + 4 characters


@pytest.mark.parametrize("why,text", NEGATIVE, ids=[w for w, _ in NEGATIVE])
def test_look_alike_not_reported(why, text):
    assert scan(text) == []


def test_mask_keeps_at_most_four_each_side_and_half():
    assert mask("sk-proj-abcdefghij9xQ2") == "sk-p…9xQ2"
    assert mask("abcdefgh") == "ab…gh"
    assert mask("abc") == "…"


def test_checksums():
    assert luhn_ok(VISA) and not luhn_ok(BAD_VISA)
    assert iban_ok("DE89370400440532013000") and not iban_ok("DE89370400440532013001")


def test_findings_show_line_path_and_mask_never_the_secret(make_view):
    records = [chat("hello", "hi there"),
               chat("my key is " + OPENAI, "Never share keys.", system="be brief"),
               chat("mail me at jane.doe@gmail.com", "Sure, or call +1 415-555-0132."),
               chat(f"card {VISA}", "Refund to GB82 WEST 1234 5698 7654 32 done.")]
    view = make_view(records)
    found = {cls.code: run_check(cls, view)
             for cls in (SecretInText, EmailAddressInText, PhoneNumberInText, CardNumberInText, IbanInText)}
    assert [(p.line, p.path) for p in found["FT801"]] == [(2, "$.messages[1].content")]
    assert [(p.line, p.path) for p in found["FT802"]] == [(3, "$.messages[0].content")]
    assert [(p.line, p.path) for p in found["FT803"]] == [(3, "$.messages[1].content")]
    assert [(p.line, p.path) for p in found["FT804"]] == [(4, "$.messages[0].content")]
    assert [(p.line, p.path) for p in found["FT805"]] == [(4, "$.messages[1].content")]
    assert "sk-p…Yz" not in found["FT801"][0].message and "sk-p" in found["FT801"][0].message
    everything = json.dumps([(p.message, p.data) for ps in found.values() for p in ps], ensure_ascii=False)
    for secret in (OPENAI, "jane.doe@gmail.com", "415-555-0132", VISA, "GB82 WEST 1234 5698 7654 32", "WEST 1234"):
        assert secret not in everything


def test_secrets_in_tool_call_arguments_are_found(make_view):
    record = {"messages": [
        {"role": "user", "content": "deploy"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "deploy", "arguments": json.dumps({"token": GITHUB})}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
        {"role": "assistant", "content": "Deployed."}]}
    problems = run_check(SecretInText, make_view([record]))
    assert [(p.line, p.path, p.data["kind"]) for p in problems] == [(1, "$.messages[1].tool_calls", "github-token")]


def test_secret_assignment_in_text_whose_lowercase_changes_length():
    text = 'İstanbul office: client_secret = "q8Zr2LmX0vTb7NcW5yKp"'  # "İ".lower() is two characters
    assert len(text.lower()) != len(text)
    [hit] = scan(text)
    assert hit.kind == "secret-assignment" and text[hit.start:hit.end] == "q8Zr2LmX0vTb7NcW5yKp"


def test_documentation_and_allowed_email_domains_are_quiet(make_view):
    view = make_view([chat("write to support@example.com or ops@mail.acme.test", "or help@acme.io, me@yourdomain.com"),
                      chat("or jane@corp.acme.io", "ok")])
    assert [p.line for p in run_check(EmailAddressInText, view)] == [1, 2]
    assert run_check(EmailAddressInText, view, allow_domains=["acme.io"]) == []


def test_max_reported_then_one_summary(make_view):
    view = make_view([chat(f"contact user{i}@gmail.com", "noted") for i in range(7)])
    problems = run_check(EmailAddressInText, view, max_reported=3)
    assert [p.line for p in problems[:3]] == [1, 2, 3]
    assert len(problems) == 4 and problems[3].line is None and problems[3].data["more"] == 4


ADVERSARIAL = {
    "letters": "a" * 5_000_000,
    "digits": "1" * 5_000_000,
    "spaced digits": "1 " * 2_500_000,
    "at signs": "a@" * 2_500_000,
    "dotted local parts": ("a." * 30 + "@") * (5_000_000 // 61),
    "sk prefixes": "sk-" * (5_000_000 // 3),
    "long sk runs": ("sk-" + "a" * 400 + " ") * (5_000_000 // 404),
    "jwt-ish": ("eyJ" + "a" * 10 + ".") * (5_000_000 // 14),
    "secret assignments": ("api_key=" + "a" * 30 + " ") * (5_000_000 // 39),
    "key words": "token" * 1_000_000,
    "plus groups": ("+1" + " 1" * 6) * (5_000_000 // 14),
    "parentheses": "(415) " * (5_000_000 // 6),
    "iban-like": ("GB82" + " ABCD" * 8) * (5_000_000 // 44),
    "card-like": ("4" + "-1" * 20 + " ") * (5_000_000 // 42),
    "private key headers": "-----BEGIN A " * (5_000_000 // 13),
}


def _cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def growth(scan_text, text: str, parts: int = 8) -> float:
    """CPU time of scanning `text` over that of its first 1/parts (min of 3): about `parts` when
    the scan is linear, parts**2 when quadratic. Both are measured here, back to back, so the
    machine's load cancels out; a high first ratio is measured once more before it counts."""
    head = text[:len(text) // parts]
    small = max(min(_cpu(lambda: scan_text(head)) for _ in range(3)), 1e-3)
    ratio = _cpu(lambda: scan_text(text)) / small
    if ratio > 3 * parts:
        ratio = min(ratio, _cpu(lambda: scan_text(text)) / max(min(_cpu(lambda: scan_text(head)) for _ in range(3)), 1e-3))
    return ratio


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_five_megabyte_adversarial_line_scans_in_linear_time(name):
    """8x the text costs at most 3x8x the CPU time (a quadratic scan would cost 64x)."""
    text = ADVERSARIAL[name]
    assert growth(scan, text) < 24


def test_many_real_hits_of_several_kinds_scale_linearly():
    unit = "eyJhbGciOiJI.eyJzdWIiOiIx.SflKxwRJSMeK jo@mail.com 415-555-0132 "
    assert (len(scan(unit * 4_000)), len(scan(unit * 32_000))) == (3 * 4_000, 3 * 32_000)
    assert growth(scan, unit * 32_000) < 24  # about 2 MB against 0.25 MB: linear, not quadratic (64x)


def test_a_repeated_system_prompt_is_scanned_once_and_reported_where_each_example_holds_it(make_view):
    system = "Escalate to ops@acme-corp.com when unsure."
    tool_call = {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
        "name": "deploy", "arguments": json.dumps({"token": GITHUB})}}]}
    records = [chat("hello", "hi", system=system),
               {"messages": [{"role": "system", "content": system}, {"role": "user", "content": "deploy"}, tool_call,
                             {"role": "tool", "tool_call_id": "c1", "content": "ok"},
                             {"role": "assistant", "content": "Mail jane.doe@gmail.com"}]},
               chat("nothing here", "still nothing", system="be brief"),
               chat("write to bob.stone@gmail.com", "done", system=system)]
    view = make_view(records)
    emails = [(p.line, p.path) for p in run_check(EmailAddressInText, view)]
    assert emails == [(1, "$.messages[0].content"), (2, "$.messages[0].content"), (2, "$.messages[4].content"),
                      (4, "$.messages[0].content"), (4, "$.messages[1].content")]
    assert [(p.line, p.path) for p in run_check(SecretInText, view)] == [(2, "$.messages[2].tool_calls")]
