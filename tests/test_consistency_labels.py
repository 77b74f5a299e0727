"""FT507 rare-label, FT508 label-imbalance, FT509 label-variants."""
from __future__ import annotations

from collections import Counter

from conftest import run_check
from test_consistency import N, classification, extraction, support_chat

from ftlint.checks.label_imbalance import LabelImbalance
from ftlint.checks.label_variants import LabelVariants
from ftlint.checks.rare_label import RareLabel

CHECKS = (RareLabel, LabelImbalance, LabelVariants)


def relabel(records, lines, label):
    for line in lines:
        records[line - 1]["messages"][-1]["content"] = label
    return records


def test_rare_label_is_reported_with_its_lines(make_view):
    records = relabel(classification(), [4, 44, 144], "sarcastic")
    problems = run_check(RareLabel, make_view(records))
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 4 and [r[1] for r in p.related] == [44, 144]
    assert "'sarcastic' has only 3 examples (0.8%), under the minimum of 10" in p.message
    assert p.data["distribution"]["'sarcastic'"] == 3


def test_rare_label_minimum_is_an_option(make_view):
    records = relabel(classification(), range(1, 301, 20), "mixed")  # 15 examples
    view = make_view(records)
    assert run_check(RareLabel, view) == []
    assert len(run_check(RareLabel, view, min_count=20)) == 1


def test_imbalance_beyond_the_ratio_is_one_file_level_finding(make_view):
    records = classification(N, labels=("negative",) * 15 + ("positive",) * 14 + ("neutral",))
    counts = Counter(r["messages"][-1]["content"] for r in records)
    problems = run_check(LabelImbalance, make_view(records))
    assert len(problems) == 1 and problems[0].line is None
    ratio = counts["negative"] / counts["neutral"]
    assert ratio > 10 and f"imbalanced {ratio:.1f}:1 (limit 10:1)" in problems[0].message
    assert problems[0].data["distribution"] == {repr(k): n for k, n in counts.items()}
    assert run_check(LabelImbalance, make_view(records), max_ratio=20) == []


def test_balanced_labels_are_silent(make_view):
    view = make_view(classification())
    assert all(run_check(c, view) == [] for c in CHECKS)


def test_case_and_whitespace_variants_are_reported_per_example(make_view):
    records = relabel(classification(), [2, 5], "Positive")
    relabel(records, [8], "positive ")
    problems = run_check(LabelVariants, make_view(records))
    assert [p.line for p in problems] == [2, 5, 8]
    assert "'Positive' differs from 'positive' only by case or whitespace" in problems[0].message
    assert "'positive ' differs" in problems[2].message
    # the rare spelling is a variant, not a rare label
    assert run_check(RareLabel, make_view(records)) == []


def test_label_checks_need_label_like_answers(make_view):
    for records in (support_chat(), extraction()[0]):
        view = make_view(records)
        assert all(run_check(c, view) == [] for c in CHECKS)


def test_many_distinct_short_answers_are_not_labels(make_view):
    records = classification()
    for i, r in enumerate(records):
        r["messages"][-1]["content"] = f"answer {i % 150}"
    view = make_view(records)
    assert all(run_check(c, view) == [] for c in CHECKS)
