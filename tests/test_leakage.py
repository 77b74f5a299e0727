"""FT601-FT605: eval examples leaked into training, exactly, by prompt, nearly, or by n-grams."""
from __future__ import annotations

import random

from conftest import chat, run_check
from test_duplicates_data import chat_record, near_copy, sentence, shout, vocabulary

from ftlint.checks.eval_example_in_train import EvalExampleInTrain
from ftlint.checks.eval_prompt_in_train import EvalPromptInTrain
from ftlint.checks.leakage_summary import LeakageSummary
from ftlint.checks.near_leakage import NearLeakage
from ftlint.checks.ngram_contamination import NgramContamination
from ftlint.features.leakage import leaked_training_indexes
from ftlint.model import Severity

ALL = (EvalExampleInTrain, EvalPromptInTrain, NearLeakage, NgramContamination)
SYSTEM = ("You are the help desk assistant of a travel agency. Answer briefly, quote the booking conditions "
          "when relevant, and hand over to a human agent for any payment dispute or legal complaint. ") * 2


def _planted(n_train: int = 3000, n_eval: int = 200, seed: int = 21):
    """Train and eval sharing a system prompt; 4% of eval copied, 2% near-copied, 2% embedding
    a long training passage in new text. Returns records and {eval line: (kind, train line)}."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 4000)
    train = [chat_record(rng, vocab, SYSTEM, 10, 40) for _ in range(n_train)]
    for rec in train[:200]:  # long answers to quote from
        rec["messages"][2]["content"] = " ".join(sentence(rng, vocab, 15, 25) for _ in range(4))
    evals, planted = [], {}
    sources = iter(rng.sample(range(n_train), n_eval))
    quotes = iter(rng.sample(range(200), n_eval))
    for i in range(n_eval):
        kind = "exact" if i < 0.04 * n_eval else "near" if i < 0.06 * n_eval else "embed" if i < 0.08 * n_eval else None
        if kind == "exact":
            t = next(sources)
            evals.append(shout(train[t]) if i % 2 else train[t])
        elif kind == "near":
            t = next(sources)
            evals.append(near_copy(train[t], rng, changes=2))
        elif kind == "embed":
            t = next(quotes)
            passage = train[t]["messages"][2]["content"]
            evals.append(chat(f"{sentence(rng, vocab, 8, 12)} Here is the text: {passage} {sentence(rng, vocab, 5, 8)}",
                              sentence(rng, vocab, 10, 20), system=SYSTEM))
        else:
            evals.append(chat_record(rng, vocab, SYSTEM, 10, 40))
        if kind:
            planted[i + 1] = (kind, t + 1)
    order = list(range(n_eval))
    rng.shuffle(order)
    evals = [evals[k] for k in order]
    planted = {order.index(line - 1) + 1: v for line, v in planted.items()}
    return train, evals, planted


def test_planted_leakage_found_with_the_right_training_line(make_view):
    train, evals, planted = _planted()
    view = make_view(train, eval_records=evals)
    reported: dict[int, list] = {}
    for check in ALL:
        for p in run_check(check, view):
            assert p.file == view.eval.path
            reported.setdefault(p.line, []).append((check.code, p))
    clean = set(reported) - set(planted)
    assert not clean, f"clean eval lines reported: {sorted(clean)[:5]}"
    expected_code = {"exact": "FT601", "near": "FT603", "embed": "FT604"}
    for line, (kind, train_line) in planted.items():
        assert line in reported, f"{kind} eval line {line} not reported"
        codes = {code for code, _ in reported[line]}
        assert codes == {expected_code[kind]}, (kind, codes)
        problem = reported[line][0][1]
        assert train_line in [ln for _, ln in problem.related], (kind, train_line, problem.related)
        if kind == "embed":
            assert problem.data["longest_run_words"] >= 40
    summary = run_check(LeakageSummary, view)[0]
    assert summary.data["contaminated"] == len(planted) == 16
    assert summary.data["percent"] == 8.0
    assert "paraphrased or translated copies are not detected" in summary.message
    assert {x["eval_line"] for x in summary.data["examples"]} == set(planted)


def test_leaked_training_indexes_for_fix(make_view):
    train, evals, planted = _planted(n_train=600, n_eval=100, seed=22)
    train.append(train[5])  # a training duplicate of a leaked example leaks too
    evals.append(train[5])
    view = make_view(train, eval_records=evals)
    leaked = leaked_training_indexes(view)
    want: dict[int, list[int]] = {}
    for line, (kind, train_line) in planted.items():
        if kind in ("exact", "near"):
            want.setdefault(train_line - 1, []).append(line)
    want.setdefault(5, []).append(len(evals))
    want[len(train) - 1] = [len(evals)]
    assert leaked == {t: sorted(v) for t, v in sorted(want.items())}


def test_without_eval_nothing_is_reported(make_view):
    view = make_view([chat("hello", "hi there")])
    for check in (*ALL, LeakageSummary):
        assert run_check(check, view) == []
    assert leaked_training_indexes(view) == {}


def test_same_prompt_other_answer_is_prompt_leakage(make_view):
    train = [chat("Classify: the refund took three weeks", "neutral"), chat("Classify: great service", "positive")]
    evals = [chat("classify: the refund  took three weeks", "negative"), chat("Classify: lost my bag", "negative")]
    view = make_view(train, eval_records=evals)
    problems = run_check(EvalPromptInTrain, view)
    assert [(p.line, p.related) for p in problems] == [(1, [(view.path, 1)])]
    assert run_check(EvalExampleInTrain, view) == []


def test_short_eval_text_is_matched_whole_and_short_labels_are_ignored(make_view):
    rng = random.Random(23)
    vocab = vocabulary(rng, 3000)
    train = [chat_record(rng, vocab) for _ in range(50)]
    train.append(chat("Where is it?", "Please look at the parcel tracking number 55 and tell me where it is now today"))
    train.append(chat("Please look at the invoice number 77 and tell me when it is due", "ok"))
    evals = [chat("the parcel tracking number 55", "B"),  # 5 words, inside training answer 51: contaminated
             chat("a parcel nobody has ever seen before", "B"),  # label "B" alone would match anything
             chat("the invoice number 77", "B")]  # inside a training *prompt* only: shared context, not FT604
    evals += [chat_record(rng, vocab) for _ in range(5)]
    view = make_view(train, eval_records=evals)
    problems = run_check(NgramContamination, view)
    assert [(p.line, p.data["whole"], p.related[0][1]) for p in problems] == [(1, True, 51)]
    assert problems[0].severity is None  # contamination: the check's error


def test_small_overlap_is_a_warning_with_the_figure(make_view):
    rng = random.Random(24)
    vocab = vocabulary(rng, 3000)
    train = [chat_record(rng, vocab, lo=30, hi=40) for _ in range(40)]
    quoted = " ".join(train[7]["messages"][1]["content"].split()[:16])
    evals = [chat(f"{sentence(rng, vocab, 40, 50)} {quoted} {sentence(rng, vocab, 40, 50)}", sentence(rng, vocab, 20, 30))]
    evals += [chat_record(rng, vocab) for _ in range(5)]
    view = make_view(train, eval_records=evals)
    assert run_check(NgramContamination, view) == []  # 4 of ~110 n-grams: under the default warn_coverage
    problems = run_check(NgramContamination, view, warn_coverage=0.0)
    assert len(problems) == 1
    p = problems[0]
    assert p.severity == Severity.WARNING and 0 < p.data["coverage"] < 0.1
    assert p.data["longest_run_words"] == 16 and p.related[0][1] == 8
    assert f"{p.data['matched']} of {p.data['counted']}" in p.message


def test_clean_eval_set_gets_an_info_headline(make_view):
    rng = random.Random(25)
    vocab = vocabulary(rng, 3000)
    view = make_view([chat_record(rng, vocab, SYSTEM) for _ in range(100)],
                     eval_records=[chat_record(rng, vocab, SYSTEM) for _ in range(20)])
    for check in ALL:
        assert run_check(check, view) == []
    (summary,) = run_check(LeakageSummary, view)
    assert summary.severity == Severity.INFO and summary.data["contaminated"] == 0
    assert "not detected" in summary.message


def _fixture_view(name: str):
    from conftest import FIXTURES, RunSettings, Settings, load_view

    view = load_view(str(FIXTURES / name / "train.jsonl"), "train", Settings(), RunSettings(jobs=1))
    view.eval = load_view(str(FIXTURES / name / "eval.jsonl"), "eval", Settings(), RunSettings(jobs=1))
    return view


def test_summary_lists_under_exact_only_training_lines_that_are_copies():
    view = _fixture_view("not-ready")
    (summary,) = run_check(LeakageSummary, view)
    by_line = {x["eval_line"]: x for x in summary.data["examples"]}
    assert by_line[6] == {"eval_line": 6, "kind": "exact", "train_lines": [201]}  # 142 shares n-grams only
    evals = {ex.line: ex for ex in view.eval.examples}
    for x in summary.data["examples"]:
        if x["kind"] == "exact":
            for line in x["train_lines"]:
                train = next(ex for ex in view.examples if ex.line == line)
                assert [t.text for t in train.turns] == [t.text for t in evals[x["eval_line"]].turns]


def test_shared_ticket_scaffolding_is_not_contamination_on_the_readme_fixture():
    view = _fixture_view("not-ready")
    assert 16 not in [p.line for p in run_check(NgramContamination, view)]  # it shares a ticket's closing lines
    assert run_check(NgramContamination, _fixture_view("ready")) == []
