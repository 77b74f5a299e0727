"""FT303 conflicting-answers (error for labels and contradictions, warning for rewording) and
FT304 boilerplate-answer (never two prompts sharing a reply), on real files and cut-down cases."""
from __future__ import annotations

import json

from conftest import chat, realdata, run_check
from rapidfuzz import fuzz

from ftlint.checks.boilerplate_answer import BoilerplateAnswer
from ftlint.checks.conflicting_answers import ConflictingAnswers
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.model import Severity
from ftlint.text import normalize
from ftlint.view import RunSettings


def view_of(path):
    return load_view(str(path), "train", Settings(), RunSettings())


def test_identity_paraphrases_are_warnings_with_the_similarity():
    path = realdata("identity.json")
    problems = run_check(ConflictingAnswers, view_of(path))
    assert problems and all(p.severity is Severity.WARNING and p.data["kind"] == "paraphrases" for p in problems)
    # "你好" (line 82) is answered twice in other words: the figure is fuzz.ratio of the normalised answers
    records = json.loads(path.read_text(encoding="utf-8"))
    first = next(p for p in problems if p.line == 82)
    a, b = (normalize(r["output"]) for r in records if r["instruction"] == records[16]["instruction"])
    assert records[16]["instruction"] == "你好"
    assert first.data["similarity"] == {"min": int(fuzz.ratio(a, b)), "max": int(fuzz.ratio(a, b))}
    assert f"{int(fuzz.ratio(a, b))}% similar to the first" in first.message


def test_v1_sft_demo_and_the_tool_calling_file_have_no_conflict_error():
    for name in ("v1_sft_demo.jsonl", "glaive_toolcall_en_demo.json"):
        problems = run_check(ConflictingAnswers, view_of(realdata(name)))
        assert all(p.severity is Severity.WARNING for p in problems), name


def test_disagreeing_labels_are_errors(make_view):
    records = [chat("Classify: the parcel never arrived", "negative"),
               chat("Classify: the parcel  never arrived", "neutral"),
               chat("Classify: great service", "positive")]
    (p,) = run_check(ConflictingAnswers, make_view(records))
    assert p.severity is None and p.data["kind"] == "labels" and "2 different labels" in p.message
    (q,) = run_check(ConflictingAnswers, make_view(records), sampled_answers=True)
    assert q.severity is Severity.WARNING


def test_structured_answers_that_disagree_are_errors(make_view):
    records = [chat("Extract: Ann, 31", '{"name": "Ann", "age": 31}'),
               chat("Extract: Ann, 31", '{"name": "Ann", "age": 13}')]
    (p,) = run_check(ConflictingAnswers, make_view(records))
    assert p.severity is None and p.data["kind"] == "labels"


def test_yes_and_no_contradict(make_view):
    records = [chat("Is the Great Wall visible from space with the naked eye?",
                    "Yes, it can be seen from low orbit on a clear day, as many astronauts report."),
               chat("Is the Great Wall visible from space with the naked eye?",
                    "No. It is far too narrow to be seen without aid, as astronauts have confirmed.")]
    (p,) = run_check(ConflictingAnswers, make_view(records))
    assert p.severity is None and p.data["kind"] == "contradiction"


def test_no_problem_is_not_a_no(make_view):
    records = [chat("Thanks for the help with my essay today!", "No problem! Good luck with the essay."),
               chat("Thanks for the help with my essay today!", "Yes, happy to help. Good luck with the essay!")]
    (p,) = run_check(ConflictingAnswers, make_view(records))
    assert p.severity is Severity.WARNING and p.data["kind"] == "paraphrases"


def test_two_prompts_sharing_a_greeting_are_not_boilerplate():
    # identity.json (91 examples): "hi" and "hello" both get "Hello! I am {{name}}, ..."
    assert run_check(BoilerplateAnswer, view_of(realdata("identity.json"))) == []


def test_a_reply_shared_by_two_prompts_in_a_small_file_is_not_boilerplate(make_view):
    greeting = "Hello! I am your assistant. How can I help you today?"
    records = [chat("hi", greeting), chat("hello", greeting)] + [chat(f"question {i}", f"answer {i}") for i in range(8)]
    assert run_check(BoilerplateAnswer, make_view(records)) == []
    records += [chat("hey there", greeting)]  # three prompts and 27% of the file
    assert len(run_check(BoilerplateAnswer, make_view(records))) == 1
