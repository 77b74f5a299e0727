"""Secrets found in the data never reach a report in the clear, whatever check quotes them and
whatever the output format.

Hypothesis generates credentials and personal data that `ftlint.secrets.scan` recognises (OpenAI,
AWS and GitHub keys, JWTs, e-mail addresses, Luhn-valid card numbers) and plants them where
checks like to quote text: system prompts (variants), repeated prompts (duplicates), short
answers (labels), JSON answers, tool-call arguments, broken lines, prompt/completion records and
eval rows copied from training. Every registered check runs and every registered renderer draws
the report; the secret must not appear in any of them. The engine guarantees this centrally by
passing every finding message, finding data and the stats block through `ftlint.engine.redact`.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import chat
from ftlint.config import Settings
from ftlint.engine import Engine, redact
from ftlint.render import RENDERERS, render
from ftlint.secrets import scan
from test_fuzz import FUZZ, LONG_RUN

# each example runs every check and every renderer: a smaller CI budget than test_fuzz.py
SECRETS_FUZZ = settings(FUZZ, max_examples=LONG_RUN or 12)

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = UPPER.lower()
DIGITS = "0123456789"
ALNUM = UPPER + LOWER + DIGITS


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def detected(secret: str) -> bool:
    text = f"value {secret} end"
    return any(h.start == 6 and h.end == 6 + len(secret) for h in scan(text))


secrets = st.one_of(
    st.text(ALNUM, min_size=40, max_size=48).map(lambda s: "sk-proj-" + s),
    st.text(UPPER + DIGITS, min_size=16, max_size=16).map(lambda s: "AKIA" + s),
    st.text(ALNUM, min_size=36, max_size=36).map(lambda s: "ghp_" + s),
    st.builds(lambda a, b, c: f"eyJ{a}.eyJ{b}.{c}", st.text(ALNUM, min_size=12, max_size=30),
              st.text(ALNUM, min_size=12, max_size=40), st.text(ALNUM + "_-", min_size=20, max_size=43)),
    st.builds(lambda user, host: f"{user}@{host}.com", st.text(LOWER, min_size=5, max_size=12),
              st.text(LOWER, min_size=4, max_size=10)),
    st.builds(lambda prefix, body: luhn_complete(prefix + body), st.sampled_from(["4", "51", "52", "55"]),
              st.text(DIGITS, min_size=13, max_size=13)).filter(lambda s: len(set(s)) > 4),
)
PLACES = ["system", "prompt-repeated", "answer-label", "answer-json", "tool-arguments", "broken-line",
          "prompt-completion", "eval-copy"]


def build(folder: Path, planted: list[tuple[str, str]]) -> tuple[str, str]:
    train: list = [chat(f"Ordinary question {i} about shipping", f"Ordinary answer {i}") for i in range(14)]
    evals: list = [chat(f"Held-out question {i}", f"Held-out answer {i}") for i in range(6)]
    for secret, place in planted:
        if place == "system":
            train += [chat(f"Question {i} on access", "Done.", system=f"Authenticate with {secret} first")
                      for i in range(3)]
        elif place == "prompt-repeated":
            train += [chat(f"Please store {secret} for me", "Stored.")] * 3
        elif place == "answer-label":
            train += [chat(f"Which credential for job {i}?", secret) for i in range(4)]
        elif place == "answer-json":
            train += [chat(f"Config {i}?", json.dumps({"key": secret, "n": i})) for i in range(3)]
        elif place == "tool-arguments":
            train.append({"messages": [
                {"role": "user", "content": "Log in"},
                {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
                    "name": "login", "arguments": json.dumps({"password": secret})}}]},
                {"role": "tool", "tool_call_id": "c1", "content": f"ok {secret}"},
                {"role": "assistant", "content": "Logged in."}]})
        elif place == "broken-line":
            train.append('{"messages": [{"role": "user", "content": "' + secret + '"')
        elif place == "prompt-completion":
            train.append({"prompt": f"Key is {secret}", "completion": "Thanks"})
        elif place == "eval-copy":
            row = chat(f"Reset account using {secret}", "Account reset.")
            train.append(row)
            evals.append(row)
    paths = []
    for name, rows in (("train.jsonl", train), ("eval.jsonl", evals)):
        path = folder / name
        path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), "utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


def all_outputs(train: str, evals: str) -> dict[str, str]:
    report = Engine(Settings(extend_select=["ALL"], jobs=1)).lint([train], evals)
    outputs = {name: render(report, name, color=False, width=120) for name in RENDERERS}
    outputs["python-api"] = report.model_dump_json()
    return outputs


@SECRETS_FUZZ
@given(st.lists(st.tuples(secrets, st.sampled_from(PLACES)), min_size=1, max_size=4))
def test_no_secret_in_any_output_format(planted):
    assume(all(detected(secret) for secret, _ in planted))
    with tempfile.TemporaryDirectory(prefix="ftlint-secrets-") as folder:
        outputs = all_outputs(*build(Path(folder), planted))
    for secret, place in planted:
        leaked = [name for name, text in outputs.items() if secret in text]
        assert not leaked, f"{secret!r} planted in {place} appears in: {', '.join(leaked)}"


def _halves(secret: str) -> list[str]:
    """Every window longer than half the secret: more than a mask may ever show."""
    size = len(secret) // 2 + 1
    return [secret[i:i + size].lower() for i in range(len(secret) - size + 1)]


@settings(SECRETS_FUZZ)
@given(st.lists(st.tuples(secrets, st.sampled_from(PLACES)), min_size=1, max_size=3))
def test_no_more_than_half_of_a_secret_in_any_output(planted):
    assume(all(detected(secret) for secret, _ in planted))
    with tempfile.TemporaryDirectory(prefix="ftlint-secrets-") as folder:
        outputs = {name: text.lower() for name, text in all_outputs(*build(Path(folder), planted)).items()}
    for secret, place in planted:
        for window in _halves(secret):
            leaked = [name for name, text in outputs.items() if window in text]
            assert not leaked, f"{window!r} of {secret!r} ({place}) appears in: {', '.join(leaked)}"


@pytest.mark.parametrize("text", [
    "6 identical examples (lines 2, 8, 14)",
    "estimated training cost $0.0021 per run (25 epochs x 28 tokens at $3.00/1M), $0.0063 for 3 iterations",
    "example has 1,875,012 tokens, 110294.8x the median of 17 (above p99 = 1,650,013)",
    "invalid JSON: unexpected character at line 1 column 6 ($.messages[1].content)",
])
def test_redact_leaves_ordinary_messages_alone(text):
    assert redact(text) == text


@pytest.mark.parametrize("secret", [
    "sk-proj-" + "Zq8Xw2LmPq7Rt5Uv" * 3, "AKIAZQ8XW2LMZQ8XW2LM", "ghp_" + "Zq8Xw2Lm9" * 4,
    "jane.doe.private@example.org", luhn_complete("453914880343646"),
])
def test_redact_masks_each_kind(secret):
    assert detected(secret)
    masked = redact(f"quoted: '{secret}' here")
    assert secret not in masked and masked.startswith("quoted: '") and masked.endswith("' here")
    assert "…" in masked


def test_cli_json_report_has_no_secret(tmp_path, capsys):
    from ftlint.cli import main

    key = "sk-proj-" + "Zq8Xw2LmPq7Rt5Uv" * 3
    train, evals = build(tmp_path, [(key, "prompt-repeated"), (key, "system"), (key, "eval-copy")])
    code = main([train, "--eval", evals, "--output-format", "json", "--extend-select", "ALL", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert key not in out
    assert "sk-p…" in out  # the masked form is still there to locate the problem


def test_redaction_reaches_nested_finding_data():
    from collections import namedtuple

    from ftlint.engine import _redacted

    email = "jane.doe.private@example.org"
    Pair = namedtuple("Pair", "text count")
    data = {"groups": [{email: 3}], "pair": Pair(email, 2), "cells": (email, 1), "n": 4, "none": None}
    out = _redacted(data)
    assert email not in repr(out)
    assert out["pair"].count == 2 and isinstance(out["pair"], Pair) and isinstance(out["cells"], tuple)
    assert out["n"] == 4 and out["none"] is None
