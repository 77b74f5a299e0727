"""FT501 system-prompt-variants, FT502 system-prompt-mixed, FT503 turn-pattern-drift."""
from __future__ import annotations

from conftest import run_check
from test_consistency import N, SYSTEM, classification, support_chat

from ftlint.checks.system_prompt_mixed import SystemPromptMixed
from ftlint.checks.system_prompt_variants import SystemPromptVariants
from ftlint.checks.turn_pattern_drift import TurnPatternDrift
from ftlint.model import Severity


def with_system(records, lines, text):
    for line in lines:
        records[line - 1]["messages"][0]["content"] = text
    return records


def test_near_identical_system_prompts_are_one_warning_listing_variants(make_view):
    records = support_chat()
    typo = SYSTEM.replace("friendly", "freindly")
    with_system(records, [5, 50, 77], typo)
    with_system(records, [9, 200], SYSTEM + "  ")
    problems = [p for p in run_check(SystemPromptVariants, make_view(records)) if p.severity is None]
    assert len(problems) == 1
    p = problems[0]
    assert "3 near-identical variants" in p.message and "\u00d73 (line 5)" in p.message and "\u00d72 (line 9)" in p.message
    assert p.line == 5 and {r[1] for r in p.related} == {1, 9}
    assert sorted(p.data["distribution"].values()) == [2, 3, N - 5]


def test_distinct_system_prompts_get_an_info_distribution_not_a_warning(make_view):
    records = classification(200) + support_chat(200)
    problems = run_check(SystemPromptVariants, make_view(records))
    assert [p.severity for p in problems] == [Severity.INFO]
    assert "2 distinct system prompts" in problems[0].message
    assert sorted(problems[0].data["distribution"].values()) == [200, 200]
    assert run_check(SystemPromptVariants, make_view(records), report_distribution=False) == []


def test_one_system_prompt_is_silent(make_view):
    assert run_check(SystemPromptVariants, make_view(support_chat())) == []


def test_examples_missing_the_system_prompt_are_listed(make_view):
    records = support_chat()
    dropped = [3, 120, 333]
    for line in dropped:
        records[line - 1]["messages"].pop(0)
    problems = run_check(SystemPromptMixed, make_view(records))
    assert [p.line for p in problems] == dropped
    assert "has no system prompt" in problems[0].message and f"({N - 3:,}) start with one" in problems[0].message


def test_a_balanced_mix_is_one_summary(make_view):
    records = support_chat()
    for r in records[::2]:
        r["messages"].pop(0)
    problems = run_check(SystemPromptMixed, make_view(records))
    assert len(problems) == 1 and "50.0%" in problems[0].message and problems[0].related


def test_rare_turn_pattern_is_listed(make_view):
    records = classification()
    odd = [10, 250]
    for line in odd:
        records[line - 1]["messages"][2:2] = [{"role": "assistant", "content": "positive"},
                                               {"role": "user", "content": "Are you sure?"}]
    problems = run_check(TurnPatternDrift, make_view(records))
    assert [p.line for p in problems] == odd
    assert "'user > assistant > user > assistant'" in problems[0].message
    assert f"({N - 2:,}) are 'user > assistant'" in problems[0].message


def test_varied_conversation_lengths_are_not_drift(make_view):
    assert run_check(TurnPatternDrift, make_view(support_chat())) == []


def test_turn_pattern_dominance_is_an_option(make_view):
    records = classification()
    for r in records[:30]:
        r["messages"].append({"role": "user", "content": "thanks"})
        r["messages"].append({"role": "assistant", "content": "positive"})
    view = make_view(records)
    assert len(run_check(TurnPatternDrift, view)) == 30
    assert run_check(TurnPatternDrift, view, dominance=0.95) == []


def test_per_example_system_prompts_are_not_variants(make_view):
    records = support_chat()
    for i, r in enumerate(records):
        r["messages"][0]["content"] = f"{SYSTEM} Customer account number: {100000 + i}."
    problems = run_check(SystemPromptVariants, make_view(records))
    assert [p.severity for p in problems] == [Severity.INFO]
    assert problems[0].message.startswith(f"{N} distinct system prompts")
    assert problems[0].data["distribution"][f"({N - 12} others)"] == N - 12
