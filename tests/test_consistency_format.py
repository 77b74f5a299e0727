"""FT504 output-format-drift, FT505 invalid-json-answer, FT506 json-key-drift."""
from __future__ import annotations

import json
import random

from conftest import run_check
from test_consistency import KEYS, N, classification, extraction, support_chat

from ftlint.checks.invalid_json_answer import InvalidJsonAnswer
from ftlint.checks.json_key_drift import JsonKeyDrift
from ftlint.checks.output_format_drift import OutputFormatDrift
from ftlint.model import Severity


def set_answer(records, line, text):
    records[line - 1]["messages"][-1]["content"] = text


def test_prose_answers_in_a_json_set_are_drift(make_view):
    records, _ = extraction()
    odd = {12: "The contact is Ada Lovelace from Initech.", 90: "```json\n{\"name\": \"Ada\"}\n```",
           301: "- name: Ada\n- email: ada@x.example"}
    for line, text in odd.items():
        set_answer(records, line, text)
    problems = run_check(OutputFormatDrift, make_view(records))
    assert [p.line for p in problems] == sorted(odd)
    assert problems[0].message == f"answer is prose; {100 * (N - 3) / N:.1f}% of answers ({N - 3:,}) are JSON objects"
    assert "code block" in problems[1].message and "markdown list" in problems[2].message
    assert problems[0].data["distribution"]["JSON object"] == N - 3


def test_explanations_in_a_label_set_are_drift(make_view):
    records = classification()
    set_answer(records, 7, "The review is positive because the customer praises the battery life.")
    problems = run_check(OutputFormatDrift, make_view(records))
    assert [p.line for p in problems] == [7] and "are short labels" in problems[0].message


def test_prose_dominated_set_tolerates_lists_and_code_but_not_json(make_view):
    records = support_chat()
    set_answer(records, 20, "```python\nprint('reset')\n```")
    set_answer(records, 21, "| plan | price |\n|---|---|\n| basic | $5 |")
    set_answer(records, 22, '{"ticket": 1234}')
    problems = run_check(OutputFormatDrift, make_view(records))
    assert [p.line for p in problems] == [22] and "JSON object" in problems[0].message
    assert len(run_check(OutputFormatDrift, make_view(records), free_form=[])) > 3


def test_no_dominant_shape_is_silent(make_view):
    records = classification(200) + extraction(200)[0]
    assert run_check(OutputFormatDrift, make_view(records)) == []


def test_broken_json_answers_are_errors_in_a_json_set(make_view):
    records, _ = extraction()
    set_answer(records, 33, '{"name": "Ada", "email": "ada@x.example",}')
    set_answer(records, 34, '{"name": "Ada", "email": "ada@x.ex')
    set_answer(records, 35, "[1, 2,, 3]")
    view = make_view(records)
    problems = run_check(InvalidJsonAnswer, view)
    assert [p.line for p in problems] == [33, 34, 35]
    assert all(p.severity == Severity.ERROR for p in problems)
    assert "trailing comma" in problems[0].message
    assert [p.line for p in run_check(OutputFormatDrift, view)] == []  # left to FT505


def test_broken_json_in_a_prose_set_is_a_warning(make_view):
    records = support_chat()
    set_answer(records, 5, '{"status": open}')
    problems = run_check(InvalidJsonAnswer, make_view(records))
    assert [(p.line, p.severity) for p in problems] == [(5, None)]


def test_every_answer_missing_a_key_is_found(make_view):
    records, planted = extraction(1000, seed=3, missing_rate=0.03)
    assert 15 <= len(planted) <= 50
    problems = run_check(JsonKeyDrift, make_view(records))
    assert [p.line for p in problems] == planted
    first = json.loads(records[planted[0] - 1]["messages"][-1]["content"])
    (missing,) = set(KEYS) - set(first)
    assert f"missing {missing!r}" in problems[0].message
    assert "have exactly the keys 'company', 'email', 'name', 'phone'" in problems[0].message


def test_extra_keys_are_reported(make_view):
    records, _ = extraction()
    answer = json.loads(records[40]["messages"][-1]["content"]) | {"notes": "VIP"}
    set_answer(records, 41, json.dumps(answer))
    problems = run_check(JsonKeyDrift, make_view(records))
    assert [p.line for p in problems] == [41] and "extra 'notes'" in problems[0].message


def test_optional_keys_still_find_missing_required_ones(make_view):
    rng = random.Random(5)
    records, _ = extraction()
    for r in records:
        answer = json.loads(r["messages"][-1]["content"])
        if rng.random() < 0.3:
            answer["notes"] = "follow up"
        r["messages"][-1]["content"] = json.dumps(answer)
    answer = json.loads(records[99]["messages"][-1]["content"])
    del answer["email"]
    set_answer(records, 100, json.dumps(answer))
    problems = run_check(JsonKeyDrift, make_view(records))
    assert [p.line for p in problems] == [100]
    assert "missing 'email'" in problems[0].message and "99.8%" in problems[0].message


def test_key_drift_threshold_is_an_option(make_view):
    records, planted = extraction(missing_rate=0.03, seed=1)
    assert planted
    assert run_check(JsonKeyDrift, make_view(records), min_examples=N + 1) == []
