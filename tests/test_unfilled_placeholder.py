"""FT111 unfilled-placeholder: template placeholders left in the data, with few false alarms."""
from __future__ import annotations

import json

import pytest
from conftest import chat, realdata, run_check

from ftlint.checks.unfilled_placeholder import UnfilledPlaceholder
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.features.placeholders import find_placeholders
from ftlint.model import Severity
from ftlint.view import RunSettings


def lint(path, **options):
    view = load_view(str(path), "train", Settings(), RunSettings())
    return view, run_check(UnfilledPlaceholder, view, **options)


def test_identity_names_every_record_holding_a_placeholder():
    path = realdata("identity.json")
    records = json.loads(path.read_text(encoding="utf-8"))
    holding = [i for i, r in enumerate(records) if "{{" in r["output"]]
    assert len(records) == 91 and len(holding) == 85  # six Chinese answers name neither {{name}} nor {{author}}
    view, problems = lint(path)
    assert len(problems) == 85
    assert all(p.path == "$.output" and (p.severity or Severity.ERROR) is Severity.ERROR for p in problems)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(lines[p.line - 1].lstrip().startswith('"output"') for p in problems)  # the field's own line
    first = problems[0]
    assert first.data["placeholders"] == ["{{name}}", "{{author}}"] and "{{name}}, {{author}}" in first.message


def test_typed_content_parts_are_named_to_the_part():
    _, problems = lint(realdata("v1_sft_demo.jsonl"))
    assert problems and problems[0].line == 1 and problems[0].path == "$.messages[1].content[0].value"


@pytest.mark.parametrize("name", ["alpaca_en_demo.json", "dpo_en_demo.json", "reason_tool_use_demo_50.jsonl"])
def test_no_false_alarm_on_real_files(name):
    # letters drafted for the reader ("[Your Name]"), f-strings, LaTeX (\\textbf{x}), <MASK> tasks, [II] options
    _, problems = lint(realdata(name))
    assert problems == []


def test_a_literal_placeholder_in_generated_answers_is_a_warning():
    # glaive_toolcall_en_demo.json: three answers say "Here it is: [QR_CODE_IMAGE_DATA]" instead of the image
    _, problems = lint(realdata("glaive_toolcall_en_demo.json"))
    assert [p.data["placeholders"] for p in problems] == [["[QR_CODE_IMAGE_DATA]"]] * 3
    assert all(p.severity is Severity.WARNING and p.path.endswith(".value") for p in problems)


@pytest.mark.parametrize("text", [
    "```python\nprint(f'{name} is {age}')\n```",
    "Use `{{ user.name }}` in the template.",
    "print(f'Mean absolute error: {mae}')",
    "\\textbf{Athlete} & \\textbf{Sport} \\\\ begin{enumerate}",
    'const s = `${user}`;',
    '{"name": "Ann", "tags": ["a", "b"]}',
    "See [the docs](https://example.com) and [README](README.md).",
    "Choose: [A] yes; [B] no; [II] maybe; [1] cited.",
    "fill the <MASK> token; use <br> or <T>",
    "add it to my TODO list",
    "x = 1  # TODO: tidy",
    "[QUESTION]: what is it?",
])
def test_code_and_markup_are_not_placeholders(text):
    assert find_placeholders(text) == []


@pytest.mark.parametrize("text,token,kind", [
    ("I am {{name}}.", "{{name}}", "variable"),
    ("Hi {{ user.first_name }}!", "{{ user.first_name }}", "variable"),
    ("Dear {customer}, thanks.", "{customer}", "field"),
    ("Your key: <YOUR_API_KEY>", "<YOUR_API_KEY>", "angle"),
    ("Signed, [NAME]", "[NAME]", "bracket"),
    ("Dear [Your Name],", "[Your Name]", "fill-in"),
    ("TODO: write the answer", "TODO", "todo"),
])
def test_placeholder_kinds(text, token, kind):
    assert [(h.token, h.kind) for h in find_placeholders(text)] == [(token, kind)]


def test_heuristic_kinds_need_to_recur(make_view):
    once = make_view([chat("Greet the customer", "Dear {customer}, thanks."), chat("hi", "hello")])
    assert run_check(UnfilledPlaceholder, once) == []
    recurring = make_view([chat(f"Greet {i}", f"Dear {{customer}}, order {i} shipped.") for i in range(3)])
    problems = run_check(UnfilledPlaceholder, recurring)
    assert [p.line for p in problems] == [1, 2, 3] and problems[0].severity is Severity.WARNING
    assert run_check(UnfilledPlaceholder, recurring, min_records=4) == []
    assert run_check(UnfilledPlaceholder, recurring, ignore=["{customer}"]) == []


def test_a_placeholder_the_prompt_gives_is_kept_on_purpose(make_view):
    view = make_view([chat("Rewrite this template politely: hey {{name}}", "Dear {{name}}, welcome."),
                      chat("Who are you?", "I am {{name}}.")])
    problems = run_check(UnfilledPlaceholder, view)
    assert [(p.line, p.path) for p in problems] == [(2, "$.messages[1].content")]


def test_prompt_template_left_unrendered_is_reported_when_shared(make_view):
    view = make_view([chat("Translate {{sentence}} to French", f"answer {i}", system="You are {{bot}}.")
                      for i in range(3)])
    problems = run_check(UnfilledPlaceholder, view)
    assert len(problems) == 3 and problems[0].path == "$.messages[0].content"
    assert problems[0].data["placeholders"] == ["{{bot}}", "{{sentence}}"]
    assert problems[0].severity is Severity.WARNING


def test_linear_on_adversarial_text():
    text = "{a}" * 50_000 + "`" + "x" * 1000  # many candidates on one line, an unclosed code span
    assert len(find_placeholders(text)) == 50_000
