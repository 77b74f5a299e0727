"""FT510 untrimmed-target, FT511 final-punctuation-drift, FT512 stop-sequence-drift, FT513 mixed-script-prompts."""
from __future__ import annotations

import random

from conftest import run_check
from test_consistency import N, classification, support_chat

from ftlint.checks.final_punctuation_drift import FinalPunctuationDrift
from ftlint.checks.mixed_script_prompts import MixedScriptPrompts
from ftlint.checks.stop_sequence_drift import StopSequenceDrift
from ftlint.checks.untrimmed_target import UntrimmedTarget

_WORDS = "the order shipped from our warehouse today and should arrive within three business days".split()


def summaries(n: int = N, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    return [{"messages": [{"role": "user", "content": f"Summarise ticket #{i}: {' '.join(rng.sample(_WORDS, 8))}"},
                          {"role": "assistant", "content": " ".join(rng.sample(_WORDS, 6)).capitalize() + "."}]}
            for i in range(n)]


def legacy(n: int = N, seed: int = 0) -> list[dict]:
    """prompt/completion records with a prompt separator and a completion stop sequence."""
    rng = random.Random(seed)
    return [{"prompt": f"Ticket {i}: {' '.join(rng.sample(_WORDS, 7))}\n\n###\n\n",
             "completion": f" {' '.join(rng.sample(_WORDS, 5))} END"} for i in range(n)]


def set_answer(records, line, text):
    records[line - 1]["messages"][-1]["content"] = text


def test_untrimmed_answers_are_reported_where_most_are_clean(make_view):
    records = summaries()
    set_answer(records, 3, "Shipped today.\n\n")
    set_answer(records, 30, "  Arrives Monday.")
    problems = run_check(UntrimmedTarget, make_view(records))
    assert [p.line for p in problems] == [3, 30]
    assert "trailing whitespace" in problems[0].message and "leading whitespace" in problems[1].message
    assert f"({N - 2:,}) have none" in problems[0].message


def test_a_leading_space_convention_is_not_untrimmed(make_view):
    assert run_check(UntrimmedTarget, make_view(legacy())) == []


def test_truncated_answers_break_the_final_punctuation(make_view):
    records = summaries()
    set_answer(records, 8, "The order shipped from our warehouse and")
    set_answer(records, 9, "Arrives within three business days")
    problems = run_check(FinalPunctuationDrift, make_view(records))
    assert [p.line for p in problems] == [8, 9]
    assert "our warehouse and', without final punctuation" in problems[0].message
    assert "end with sentence punctuation" in problems[0].message


def test_label_with_a_full_stop_breaks_the_final_punctuation(make_view):
    records = classification()
    set_answer(records, 11, "positive.")
    problems = run_check(FinalPunctuationDrift, make_view(records))
    assert [p.line for p in problems] == [11] and "end without final punctuation" in problems[0].message


def test_missing_separator_and_stop_sequence_are_reported(make_view):
    records = legacy()
    records[4]["prompt"] = records[4]["prompt"].replace("\n\n###\n\n", "")
    records[6]["completion"] = records[6]["completion"].replace(" END", ".")
    problems = run_check(StopSequenceDrift, make_view(records))
    assert [(p.line, p.path) for p in problems] == [(5, "$.prompt"), (7, "$.completion")]
    assert problems[0].message.startswith("prompt does not end with '\\n\\n###\\n\\n'")
    assert problems[1].message.startswith("answer does not end with ' END'")


def test_shared_word_endings_are_not_stop_sequences(make_view):
    records = classification(N, labels=("positive", "negative") * 19 + ("neutral",))
    assert run_check(StopSequenceDrift, make_view(records)) == []


def test_prompts_in_another_script_are_reported(make_view):
    records = support_chat()
    for line, text in ((17, "Мой роутер не включается. Что делать?"), (170, "我的打印机无法连接，怎么办？")):
        records[line - 1]["messages"][-2]["content"] = text
    problems = run_check(MixedScriptPrompts, make_view(records))
    assert [p.line for p in problems] == [17, 170]
    assert "written in Cyrillic script" in problems[0].message and "are in Latin" in problems[0].message
    assert "CJK" in problems[1].message


def test_a_multilingual_set_is_not_mixed_script_drift(make_view):
    records = support_chat()
    for r in records[::3]:
        r["messages"][-2]["content"] = "Мой роутер не включается. Что делать?"
    assert run_check(MixedScriptPrompts, make_view(records)) == []


def test_a_sizeable_minority_language_needs_a_lower_dominance(make_view):
    records = support_chat()
    for r in records[::16]:  # 25 of 400 prompts (6.25%) in Chinese
        r["messages"][-2]["content"] = "我的打印机无法连接，怎么办？"
    view = make_view(records)
    assert run_check(MixedScriptPrompts, view) == []
    assert len(run_check(MixedScriptPrompts, view, dominance=0.9)) == 25


def test_a_trailing_newline_convention_is_a_stop_sequence(make_view):
    records = summaries()
    for r in records:
        r["messages"][-1]["content"] += "\n"
    set_answer(records, 12, "Shipped today.")
    problems = run_check(StopSequenceDrift, make_view(records))
    assert [p.line for p in problems] == [12] and "does not end with '\\n'" in problems[0].message


def test_shared_content_endings_and_code_fences_are_not_stop_sequences(make_view):
    records = summaries()
    for i, r in enumerate(records):
        if i % 25:
            r["messages"][-1]["content"] = f'{{"id": {i}, "summary": "customer asks about a delayed parcel"}}'
        else:
            r["messages"][-1]["content"] = f"```python\nprint({i})\n```"
    assert run_check(StopSequenceDrift, make_view(records)) == []
    for i, r in enumerate(records):
        r["messages"][-1]["content"] = f"```python\nprint({i})\n```" if i % 25 else "print(0)"
    assert run_check(StopSequenceDrift, make_view(records)) == []
