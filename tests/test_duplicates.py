"""FT301-FT304: exact and near duplicates, conflicting answers, boilerplate answers."""
from __future__ import annotations

import random

from ftlint.checks.boilerplate_answer import BoilerplateAnswer
from ftlint.checks.conflicting_answers import ConflictingAnswers
from ftlint.checks.exact_duplicates import ExactDuplicates
from ftlint.checks.near_duplicates import NearDuplicates
from conftest import chat, run_check
from test_duplicates_data import chat_record, near_copy, shout, vocabulary

from ftlint.features.duplicates import exact_duplicate_groups, near_duplicate_groups
from ftlint.model import Severity


def _distinct(n: int, seed: int = 1, system: str | None = None) -> list[dict]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 2000)
    return [chat_record(rng, vocab, system, 12, 30) for _ in range(n)]


def test_exact_duplicates_reported_once_per_group_with_all_lines(make_view):
    records = _distinct(20)
    records += [shout(records[3]), records[3], records[5]]  # lines 21, 22 copy line 4; line 23 copies 6
    problems = run_check(ExactDuplicates, make_view(records))
    assert len(problems) == 2
    first = next(p for p in problems if p.line == 4)
    assert first.data["lines"] == [4, 21, 22]
    assert [ln for _, ln in first.related] == [21, 22]
    assert "3 identical examples" in first.message


def test_distinct_examples_are_not_duplicates(make_view):
    view = make_view(_distinct(50))
    assert run_check(ExactDuplicates, view) == []
    assert run_check(NearDuplicates, view) == []


def test_near_duplicate_shows_both_texts_and_similarity(make_view):
    rng = random.Random(3)
    records = _distinct(30)
    records.append(near_copy(records[7], rng, changes=2))  # line 31 ~ line 8
    records.append(records[7])  # an exact copy is FT301's business, not FT302's
    problems = run_check(NearDuplicates, make_view(records))
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 8 and p.data["lines"] == [8, 31]
    assert p.related[0][1] == 31
    assert 0.9 <= p.data["similarity"] < 1.0
    assert p.data["texts"][0] != p.data["texts"][1]
    assert records[7]["messages"][0]["content"] in p.data["texts"][0]
    assert "near duplicate of line 31" in p.message


def test_near_duplicate_threshold_option(make_view):
    rng = random.Random(4)
    records = _distinct(30)
    records.append(near_copy(records[2], rng, changes=3))
    view = make_view(records)
    found = run_check(NearDuplicates, view)
    assert len(found) == 1
    assert run_check(NearDuplicates, view, threshold=min(1.0, found[0].data["similarity"] + 0.005)) == []


def test_short_examples_are_not_lumped_together(make_view):
    words = ["yes", "no", "maybe", "hello", "thanks", "ok", "sure", "why", "what", "where", "who", "when"]
    records = [chat(a, b) for a in words for b in words if a != b]
    view = make_view(records)
    assert run_check(NearDuplicates, view) == []
    assert near_duplicate_groups(view) == []


def test_shared_template_does_not_make_examples_alike(make_view):
    system = ("You are the support assistant of a large retailer. Always answer in a friendly tone, cite the policy "
              "article, never promise refunds that the policy does not allow, and escalate legal threats. ") * 4
    rng = random.Random(5)
    vocab = vocabulary(rng, 2000)
    records = []
    for _ in range(300):
        rec = chat_record(rng, vocab, system, 4, 12)
        rec["messages"][1]["content"] = ("Instruction: read the customer's message below and write the reply. "
                                         "Message: " + rec["messages"][1]["content"])
        records.append(rec)
    view = make_view(records)
    assert run_check(NearDuplicates, view) == []
    # ... while a real near copy in the same templated data is still found
    records.append(near_copy(records[10], rng, changes=1))
    problems = run_check(NearDuplicates, make_view(records))
    assert [p.data["lines"] for p in problems] == [[11, 301]]


def test_conflicting_answers_lists_each_answer_with_lines(make_view):
    records = _distinct(10)
    records += [chat("Classify: the parcel never arrived", "negative"),
                chat("Classify: the parcel  never arrived", "neutral"),
                chat("classify: the parcel never arrived", "negative")]
    problems = run_check(ConflictingAnswers, make_view(records))
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 11 and p.data["lines"] == [11, 12, 13]
    assert p.data["answers"] == [{"answer": "negative", "lines": [11, 13]}, {"answer": "neutral", "lines": [12]}]
    assert p.severity is None  # the check's default: error
    assert ConflictingAnswers.severity == Severity.ERROR
    sampled = run_check(ConflictingAnswers, make_view(records), sampled_answers=True)
    assert sampled[0].severity == Severity.WARNING


def test_same_prompt_same_answer_is_not_a_conflict(make_view):
    records = [chat("What is 2+2?", "4"), chat("what is 2+2?", "4"), chat("What is 3+3?", "6")]
    assert run_check(ConflictingAnswers, make_view(records)) == []


def test_boilerplate_answer_across_many_prompts(make_view):
    refusal = "I'm sorry, but I can't help with that request."
    records = _distinct(600) + [chat(f"Question number {i} about something else entirely", refusal) for i in range(6)]
    records += [chat(f"Is review {i} positive?", "positive") for i in range(40)]  # a label, not boilerplate
    problems = run_check(BoilerplateAnswer, make_view(records))
    assert len(problems) == 1
    assert problems[0].data["prompts"] == 6
    assert problems[0].data["lines"] == list(range(601, 607))
    assert run_check(BoilerplateAnswer, make_view(records), min_prompts=7) == []  # 6 of 646 is under 1%


def test_boilerplate_share_option(make_view):
    refusal = "I'm sorry, but I can't help with that request."
    records = _distinct(40) + [chat(f"Question {i} about a topic", refusal) for i in range(3)]
    assert len(run_check(BoilerplateAnswer, make_view(records))) == 1  # 3 of 43 is over 5%
    assert run_check(BoilerplateAnswer, make_view(records), min_share=0.1) == []


def test_fix_api_groups(make_view):
    rng = random.Random(6)
    records = _distinct(40)
    records += [records[5], near_copy(records[9], rng), records[5], near_copy(records[9], rng)]
    view = make_view(records)
    assert exact_duplicate_groups(view) == [[5, 40, 42]]
    groups = near_duplicate_groups(view)
    assert groups == [[9, 41, 43]]


def test_near_copies_offering_different_tools_are_different_prompts(make_view):
    rng = random.Random(5)
    records = _distinct(30)
    lookup = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    search = [{"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}]
    records[4] = dict(records[4], tools=lookup)
    records[9] = dict(records[9], tools=lookup)
    records.append(dict(near_copy(records[4], rng, changes=2), tools=search))  # line 31: other tools than line 5
    records.append(dict(near_copy(records[9], rng, changes=2), tools=lookup))  # line 32: the same tools as line 10
    problems = run_check(NearDuplicates, make_view(records))
    assert [p.data["lines"] for p in problems] == [[10, 32]]
