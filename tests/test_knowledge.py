"""Knowledge stuffing (FT701, FT702): closed-book fact sets warn, legitimately ungrounded tasks do not."""
from __future__ import annotations

import pytest

import knowledge_datasets as data
from conftest import chat, run_check
from ftlint.checks.knowledge_signals import KnowledgeSignals
from ftlint.checks.knowledge_stuffing import KnowledgeStuffing
from ftlint.features.knowledge import knowledge_signals, knowledge_summary


def test_closed_book_trivia_warns_with_figures_thresholds_and_typical_lines(make_view):
    view = make_view(data.trivia(120))
    [problem] = run_check(KnowledgeStuffing, view)
    s = view.feature(knowledge_summary)
    assert s.ungrounded_median >= 0.45 and s.factoid_share >= 0.3 and s.fact_rate_median >= 8
    message = problem.message
    assert f"{s.ungrounded_median:.0%}" in message and "threshold ≥ 45%" in message
    assert f"{s.factoid_share:.0%} of examples" in message and "threshold ≥ 30%" in message
    assert f"{s.fact_rate_median:.1f} per 100 answer words" in message
    assert "retrieval (RAG)" in message
    assert problem.data["ungrounded_median"] == round(s.ungrounded_median, 3)
    assert problem.data["thresholds"]["min_fact_rate"] == 8.0
    assert "closed-book factoid questions" in problem.data["agreeing"]
    typical = problem.data["typical_lines"]
    assert len(typical) == 5 and [line for _, line in problem.related] == typical
    by_line = {sig.line: sig for sig in view.feature(knowledge_signals)}
    assert all(by_line[line].factoid and by_line[line].new_facts for line in typical)


def test_paraphrased_questions_sharing_one_answer_count_as_repeated_facts(make_view):
    view = make_view(data.trivia(120, paraphrases=True))
    assert view.feature(knowledge_summary).repeated_share >= 0.3
    flat = make_view(data.trivia(120, paraphrases=False))
    assert flat.feature(knowledge_summary).repeated_share == 0


BEHAVIOUR_SETS = {
    "extraction": data.extraction, "classification": data.classification, "translation": data.translation,
    "translation-to-german": lambda n: data.translation(n, languages=("German",)),  # capitalised nouns
    "code_generation": data.code_generation, "creative": data.creative, "poems": data.poems,
    "arithmetic": data.arithmetic,
}


@pytest.mark.parametrize("name", list(BEHAVIOUR_SETS))
def test_behaviour_tasks_do_not_warn(make_view, name):
    view = make_view(BEHAVIOUR_SETS[name](120))
    assert run_check(KnowledgeStuffing, view) == []
    s = view.feature(knowledge_summary)
    if name == "extraction":
        assert s.ungrounded_median < 0.2  # answers copied from the passage
    else:  # ungrounded by words, but nothing else agrees
        assert s.ungrounded_median >= 0.45
        assert s.factoid_share < 0.3 and s.fact_rate_median < 8 and s.repeated_share < 0.1


def test_ungrounded_share_factoid_and_new_facts_of_one_example(make_view):
    view = make_view([chat("Who founded Acme Robotics?", "Acme Robotics was founded by Jane Doralis in 1987."),
                      chat("Passage: Acme Robotics was founded by Jane Doralis in 1987.\n\nWho founded it?",
                           "It was founded by Jane Doralis in 1987.")])
    closed, grounded = view.feature(knowledge_signals)
    assert closed.ungrounded == pytest.approx(3 / 6)  # acme robotics founded known; jane doralis 1987 new
    assert closed.factoid and closed.new_facts == 2  # "jane doralis" and "1987"
    assert grounded.ungrounded == 0 and grounded.new_facts == 0 and not grounded.factoid


def test_thresholds_are_options(make_view):
    view = make_view(data.trivia(120, paraphrases=False))
    assert run_check(KnowledgeStuffing, view)
    assert run_check(KnowledgeStuffing, view, min_ungrounded=0.9) == []
    assert run_check(KnowledgeStuffing, view, min_agreeing=3) == []  # no repeated facts in this set
    assert run_check(KnowledgeStuffing, view, min_fact_rate=50, min_agreeing=2) == []  # only factoids agree
    assert run_check(KnowledgeStuffing, make_view(data.trivia(12)), min_examples=20) == []


def test_signal_report_states_values_when_the_warning_does_not_fire(make_view):
    view = make_view(data.classification(60))
    assert run_check(KnowledgeStuffing, view) == []
    [info] = run_check(KnowledgeSignals, view)
    s = view.feature(knowledge_summary)
    assert info.data["examples_scored"] == 60 and info.data["ungrounded_median"] == round(s.ungrounded_median, 3)
    assert s.ungrounded_median >= 0.45  # labels are ungrounded words, but nothing else agrees
    assert f"median {s.ungrounded_median:.0%} of answer content words" in info.message
    assert "closed-book factoid questions 0%" in info.message
    assert info.data["kinds"] == {"label": 60}
    assert not KnowledgeSignals.enabled_by_default


def test_empty_answers_and_tiny_sets_are_not_judged(make_view):
    view = make_view([chat("Who founded Acme?", "") for _ in range(30)])
    assert view.feature(knowledge_summary).scored == 0
    assert run_check(KnowledgeStuffing, view) == [] and run_check(KnowledgeSignals, view) == []


def test_large_sets_are_measured_on_an_even_sample_and_still_find_repeats(make_view, monkeypatch):
    from ftlint.features import knowledge

    monkeypatch.setattr(knowledge, "SAMPLE_LIMIT", 60)
    view = make_view(data.trivia(180))
    s = view.feature(knowledge_summary)
    assert (s.total, s.measured) == (180, 60)
    assert [e.line for e in s.examples] == [1 + 3 * i for i in range(60)]
    assert s.repeated_share > 0.1  # groups are formed over all 180 examples
    [problem] = run_check(KnowledgeStuffing, view)
    assert "evenly spaced sample of 60 of 180 examples" in problem.message
