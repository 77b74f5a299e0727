"""Exact templated token counts against references derived independently of ftlint's renderer.

`tests/data/template_reference.json` holds, for 28 varied conversations (system prompt or not, 1-4
turns, unicode in NFC and NFD, emoji, code with tabs and CRLF, special-token-like text in user and
assistant content, a weight-0 assistant turn, Qwen3 reasoning in earlier and final turns, tool
calls), the text that the OFFICIAL chat templates of Llama 3.1 Instruct, Qwen2.5 Instruct and
Qwen3 render with add_generation_prompt=False, and the token ids the model's tokenizer gives for
it. How each was obtained is the file's "note": transformers' own renderer on the published
templates, tokenized as `tokenizer(text, add_special_tokens=False)` does. Nothing in it comes
from ftlint.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_jsonl
from ftlint.cli import main

REFERENCE = json.loads((Path(__file__).parent / "data" / "template_reference.json").read_text(encoding="utf-8"))
CASES = REFERENCE["cases"]
MODELS = ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b")


def _record(case: dict) -> dict:
    record = {"messages": case["messages"]}
    if "tools" in case:
        record["tools"] = case["tools"]
    return record


def test_reference_file_is_consistent():
    """The data file itself: every case has all three models, and totals are the token-id counts."""
    assert len(CASES) >= 25 and len({c["name"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert set(case["expected"]) == set(MODELS)
        for expected in case["expected"].values():
            assert expected["total"] == len(expected["token_ids"])
    llama = {c["name"]: c["expected"]["llama-3.1-8b-instruct"] for c in CASES}
    assert llama["one_turn"]["text"].startswith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                                                 "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")
    qwen3 = {c["name"]: c["expected"]["qwen3-8b"] for c in CASES}
    assert "91 = 7 * 13" not in qwen3["reasoning_earlier_turns"]["text"]  # Qwen3 drops earlier reasoning
    assert "No divisor up to 9" in qwen3["reasoning_earlier_turns"]["text"]


@pytest.mark.parametrize("model", MODELS)
def test_tokens_command_totals_equal_the_official_template(model, tmp_path, capsys):
    """`ftlint tokens FILE --model M`: `total`, example by example, equals the official template's tokens."""
    path = write_jsonl(tmp_path / "reference.jsonl", [_record(c) for c in CASES])
    assert main(["tokens", str(path), "--model", model]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in rows] == list(range(1, len(CASES) + 1))
    got = {c["name"]: r["total"] for c, r in zip(CASES, rows)}
    want = {c["name"]: c["expected"][model]["total"] for c in CASES}
    wrong = {name: (got[name], want[name]) for name in want if got[name] != want[name]}
    assert not wrong, f"{model}: (ftlint, official) totals differ for {wrong}"


@pytest.mark.parametrize("model", MODELS)
def test_rendered_token_ids_equal_the_official_template(model, tmp_path):
    """The trainer's view of each example (`TokenCounts.show`): the very token ids of the reference."""
    from ftlint.config import Settings
    from ftlint.engine import load_view
    from ftlint.features.tokens import example_tokens
    from ftlint.view import RunSettings

    path = write_jsonl(tmp_path / "reference.jsonl", [_record(c) for c in CASES])
    view = load_view(str(path), "train", Settings(model=model), RunSettings(model=model))
    counts = view.feature(example_tokens)
    assert len(view.examples) == len(CASES)
    wrong = []
    for case, ex in zip(CASES, view.examples):
        ids, trained, pieces = counts.show(ex)
        want = case["expected"][model]["token_ids"]
        assert len(ids) == len(trained) == len(pieces)
        if ids != want:
            wrong.append(case["name"])
    assert not wrong, f"{model}: token ids differ from the official template's for {wrong}"
