"""FT402 token-outlier on real long-tailed files: only examples beyond the far-out fence and a large
multiple of the median, with figures a reader can recompute."""
from __future__ import annotations

import numpy as np
from conftest import chat, realdata, run_check

from ftlint.checks.token_outlier import TokenOutlier
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.features.tokens import example_tokens
from ftlint.view import RunSettings


MODEL = "gpt-4o-mini"  # o200k_base, no chat template: the figures below are this model's counts


def view_of(name):
    return load_view(str(realdata(name)), "train", Settings(), RunSettings(model=MODEL))


def test_a_long_tail_is_not_an_outlier():
    # alpaca_en_demo.json: the longest example (577 tokens, a code answer) is 4.7x the median of 123;
    # the old p99 rule flagged 11 examples
    view = view_of("alpaca_en_demo.json")
    assert int(view.feature(example_tokens).total.max()) > 4 * 123
    assert run_check(TokenOutlier, view) == []
    assert len(run_check(TokenOutlier, view, fence=0, median_factor=4)) >= 11  # a loose rule still finds them


def test_a_pasted_answer_is_an_outlier_with_checkable_figures():
    # glaive_toolcall_en_demo.json line 7497: the question holds the whole answer pasted in, then the answer
    view = view_of("glaive_toolcall_en_demo.json")
    problems = run_check(TokenOutlier, view)
    assert [p.line for p in problems] == [7497]
    total = view.feature(example_tokens).total
    q1, median, q3 = np.percentile(total, [25, 50, 75])
    fence = q3 + 3 * (q3 - q1)
    n = problems[0].data["tokens"]
    assert n > fence and n > 8 * median
    assert (f"{n:,} tokens, {n / median:.1f}x the median of {median:,.0f} and above the outlier fence of "
            f"{fence:,.0f} (Q3 {q3:,.0f} + 3 x IQR {q3 - q1:,.0f})") in problems[0].message


def test_the_default_model_agrees():
    view = load_view(str(realdata("alpaca_en_demo.json")), "train", Settings(), RunSettings())
    assert run_check(TokenOutlier, view) == []
    view = load_view(str(realdata("glaive_toolcall_en_demo.json")), "train", Settings(), RunSettings())
    assert [p.line for p in run_check(TokenOutlier, view)] == [7497]


def test_other_real_files_have_none():
    for name in ("dpo_en_demo.json", "identity.json", "v1_sft_demo.jsonl", "reason_tool_use_demo_50.jsonl"):
        assert run_check(TokenOutlier, view_of(name)) == [], name


def test_both_conditions_are_needed(make_view):
    # a tight set of 33-token examples (IQR 0, so the fence is 33): 313 tokens (9.5x) is reported;
    # 113 tokens (3.4x) is past the fence but not 8x the median
    records = [chat("q", "word " * 20) for _ in range(30)]
    assert [p.line for p in run_check(TokenOutlier, make_view(records + [chat("q", "word " * 300)], model=MODEL))] == [31]
    assert run_check(TokenOutlier, make_view(records + [chat("q", "word " * 100)], model=MODEL)) == []
    assert len(run_check(TokenOutlier, make_view(records + [chat("q", "word " * 100)], model=MODEL),
                         median_factor=3)) == 1
