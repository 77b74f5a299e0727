"""Near duplicates and near leaks on shared documents (issue 15, item 5).

Decision (FT302's and FT603's documentation): a passage (a paragraph of 200 or more characters, a
whole turn, a tool list) that two or more examples hold word for word is shared context, like
template text; two examples are near duplicates when what they do not share is near-identical.
Ten questions about one document are ten different examples; two wordings of one question
about it are near duplicates, whatever the document's length and however many questions it has.
"""
from __future__ import annotations

import random

import pytest

from conftest import run_check

from ftlint.checks.near_duplicates import NearDuplicates
from ftlint.checks.near_leakage import NearLeakage

_RNG = random.Random(15)
_WORDS = ["".join(_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_RNG.randint(3, 9))) for _ in range(3000)]
_QUESTIONS = ["What does the document say about {}?", "Who is {} according to the text?",
              "Summarise the part about {}.", "When did {} happen?", "Why is {} mentioned?",
              "List the facts about {}.", "Is {} important here?", "How is {} described?",
              "Where is {} located?", "What happened to {}?", "Which section covers {}?", "Who wrote about {}?"]


def _sentences(rng: random.Random, n: int) -> str:
    return " ".join(" ".join(rng.choice(_WORDS) for _ in range(15)).capitalize() + "." for _ in range(n))


def _qa(document: str, question: str, answer: str) -> dict:
    return {"messages": [{"role": "system", "content": "Answer from the document only."},
                         {"role": "user", "content": f"{document}\n\n{question}"},
                         {"role": "assistant", "content": answer}]}


def document_qa(documents: int, questions: int, sentences: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for _ in range(documents):
        doc = _sentences(rng, sentences)
        for q in range(questions):
            topic = rng.choice(_WORDS)
            records.append(_qa(doc, _QUESTIONS[q].format(topic), f"The document says {topic} {_sentences(rng, 1)}"))
    return records


@pytest.mark.parametrize("questions", [2, 5, 9, 10, 12])
@pytest.mark.parametrize("sentences", [3, 30])
def test_questions_about_one_document_are_not_near_duplicates(make_view, questions, sentences):
    view = make_view(document_qa(200 // questions, questions, sentences))
    assert run_check(NearDuplicates, view) == []


def test_two_wordings_of_one_question_are_found_in_every_group(make_view):
    records = document_qa(20, 10, 20)
    planted = []
    for g in range(20):  # in each group, a copy of its 4th question with one word changed
        base = records[g * 11 + 3]
        user = base["messages"][1]["content"].replace("What", "So what", 1).replace("Who", "So who", 1) \
            .replace("When", "So when", 1).replace("Why", "So why", 1)
        user = user if user != base["messages"][1]["content"] else user + " Please."
        copy = {"messages": [base["messages"][0], dict(base["messages"][1], content=user), base["messages"][2]]}
        records.insert(g * 11 + 10, copy)
        planted.append([g * 11 + 4, g * 11 + 11])
    found = sorted(p.data["lines"] for p in run_check(NearDuplicates, make_view(records)))
    assert found == planted  # the same verdict for every group: its one planted pair, nothing else


def test_a_copy_with_an_edited_document_is_still_a_near_duplicate(make_view):
    records = document_qa(5, 1, 20)  # five documents, one question each
    base = records[2]
    doc, question = base["messages"][1]["content"].split("\n\n")
    records.append(_qa(doc.replace("e", "a", 2), question, base["messages"][2]["content"]))  # two letters changed
    found = [p.data["lines"] for p in run_check(NearDuplicates, make_view(records))]
    assert found == [[3, 6]]


def test_eval_question_about_a_training_document_is_not_a_near_leak(make_view):
    train = document_qa(10, 5, 20)
    doc = train[7]["messages"][1]["content"].split("\n\n")[0]
    evals = [_qa(doc, "Which clause mentions penalties?", "None of them does."),  # same document, new question
             _qa(doc, *[train[7]["messages"][1]["content"].split("\n\n")[1] + "!",
                        train[7]["messages"][2]["content"]])]  # the training question itself, lightly edited
    evals += document_qa(10, 3, 20, seed=6)  # and 30 questions about other documents
    problems = run_check(NearLeakage, make_view(train, eval_records=evals))
    assert [(p.line, [ln for _, ln in p.related]) for p in problems] == [(2, [8])]
