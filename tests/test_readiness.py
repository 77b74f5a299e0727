"""The readiness checklist and verdict, and the FT9xx declaration checks, on generated datasets."""
from __future__ import annotations

import json

import pytest

from ftlint.checks.missing_baseline import MissingBaseline
from ftlint.checks.missing_budget import MissingBudget
from ftlint.checks.missing_hypothesis import MissingHypothesis
from ftlint.checks.missing_metric import MissingMetric
from ftlint.checks.over_budget import OverBudget
from conftest import chat, run_check, write_jsonl
from ftlint.cli import main
from ftlint.config import ReadinessDeclarations, Settings
from ftlint.engine import lint
from ftlint.model import Finding, Report, Severity
from ftlint.readiness import NOT_READY, READY, WITH_WARNINGS, checklist, verdict

DECLARED = dict(metric="label accuracy", hypothesis="accuracy 80% -> 92%", baseline=0.8, target=0.92,
                budget_usd=100.0)


def train_records(n: int, tag: str = "t") -> list[dict]:
    return [chat(f"Classify review {tag}{i}: delivery took {i % 9} days and the box was fine.",
                 ["positive", "negative", "neutral"][i % 3], system="Classify the sentiment.") for i in range(n)]


def items_by_key(report: Report) -> dict:
    return {i.key: i for i in report.readiness.checklist}


@pytest.fixture
def data(tmp_path):
    def make(n_train=250, n_eval=60, leak=0):
        train = write_jsonl(tmp_path / "train.jsonl", train_records(n_train))
        evals = train_records(n_eval, tag="e") + train_records(leak)
        return str(train), str(write_jsonl(tmp_path / "eval.jsonl", evals)) if n_eval or leak else None
    return make


def test_declared_and_clean_dataset_is_ready_apart_from_unchecked_families(data):
    train, ev = data()
    report = lint(train, eval=ev, settings=Settings(readiness=ReadinessDeclarations(**DECLARED)))
    items = items_by_key(report)
    assert items["training_examples"].status == "met" and "250 of 250" in items["training_examples"].evidence
    for key in ("metric", "hypothesis", "baseline"):
        assert items[key].status == "met"
    assert "target 0.92" in items["baseline"].evidence
    assert items["budget"].status == "met" and "vs budget $100.00" in items["budget"].evidence
    assert items["no_errors"].status == "met"
    assert not [f for f in report.findings if f.code.startswith("FT9")]
    # only warnings (this templated data has near duplicates) or items whose checks are not installed
    # may keep it from a plain READY
    open_items = {k for k, i in items.items() if i.status != "met"}
    warnings = [f for f in report.findings if f.severity == Severity.WARNING]
    assert report.readiness.verdict == (READY if not open_items and not warnings else WITH_WARNINGS)
    assert open_items <= {"eval_set", "knowledge"}
    assert all(items[k].status == "not checked" for k in open_items)


def test_missing_declarations_give_warnings_and_a_warnings_verdict(data):
    train, ev = data()
    report = lint(train, eval=ev)
    items = items_by_key(report)
    assert {items[k].status for k in ("metric", "hypothesis", "baseline", "budget")} == {"not declared"}
    assert report.readiness.verdict == WITH_WARNINGS
    codes = {f.code: f.severity for f in report.findings if f.code.startswith("FT90")}
    assert codes == {c: Severity.WARNING for c in ("FT901", "FT902", "FT903", "FT904")}
    assert any("metric" in r for r in report.readiness.reasons)


def test_strict_makes_missing_declarations_errors_and_not_ready(data):
    train, ev = data()
    report = lint(train, eval=ev, strict=True)
    assert {f.severity for f in report.findings if f.code in ("FT901", "FT902", "FT903", "FT904")} == {Severity.ERROR}
    assert report.readiness.verdict == NOT_READY
    assert report.readiness.reasons[0].endswith("error finding(s)")


def test_too_few_examples_is_an_unmet_prerequisite_listed_first(data):
    # Under 200 examples is a warning (FT202), so the run passes: READY WITH WARNINGS, the reason first.
    train, ev = data(n_train=120)
    report = lint(train, eval=ev, settings=Settings(readiness=ReadinessDeclarations(**DECLARED)))
    item = items_by_key(report)["training_examples"]
    assert item.status == "not met" and "few-shot" in item.evidence
    assert report.readiness.verdict == WITH_WARNINGS
    assert report.readiness.reasons[0].startswith("200-2000 valid unique training examples: not met")
    strict = lint(train, eval=ev, strict=True, settings=Settings(readiness=ReadinessDeclarations(**DECLARED)))
    assert strict.readiness.verdict == NOT_READY


def test_duplicates_do_not_count_towards_the_training_size(tmp_path):
    records = train_records(150) + train_records(150)  # 300 lines, 150 unique
    path = write_jsonl(tmp_path / "dup.jsonl", records)
    report = lint(str(path))
    item = items_by_key(report)["training_examples"]
    assert item.status == "not met" and "150 of 300" in item.evidence


def test_no_eval_file_is_not_checked_and_small_eval_is_not_met(data):
    train, _ = data(n_eval=0)
    assert items_by_key(lint(train))["eval_set"].status == "not checked"
    train, ev = data(n_eval=20)
    item = items_by_key(lint(train, eval=ev))["eval_set"]
    assert item.status == "not met" and "20 valid unique examples (under 50)" in item.evidence


def test_over_budget_is_an_error_and_not_met(data):
    train, ev = data()
    decl = ReadinessDeclarations(**{**DECLARED, "budget_usd": 0.001})
    report = lint(train, eval=ev, settings=Settings(readiness=decl))
    item = items_by_key(report)["budget"]
    assert item.status == "not met" and "vs budget $0.00" in item.evidence
    over = [f for f in report.findings if f.code == "FT905"]
    assert len(over) == 1 and over[0].severity == Severity.ERROR and "exceeds the declared budget" in over[0].message
    assert report.readiness.verdict == NOT_READY


def test_iterations_multiply_the_estimate(data):
    train, _ = data()
    one = lint(train, settings=Settings(readiness=ReadinessDeclarations(budget_usd=100.0, iterations=1)))
    three = lint(train, settings=Settings(readiness=ReadinessDeclarations(budget_usd=100.0, iterations=3)))
    cost = one.stats["cost"]["cost_per_run_usd"]
    assert f"${cost:,.2f} for 1 iterations" in items_by_key(one)["budget"].evidence
    assert f"${3 * cost:,.2f} for 3 iterations" in items_by_key(three)["budget"].evidence


def _finding(code, severity, message="m"):
    return Finding(code=code, name="x", severity=severity, message=message, file="t.jsonl")


def test_leakage_and_knowledge_findings_make_items_not_met():
    report = Report(findings=[_finding("FT605", Severity.ERROR, "3 of 60 eval examples are in training"),
                              _finding("FT701", Severity.WARNING, "62% of answers state facts")],
                    stats={"train": [{"path": "t.jsonl", "unique_valid_examples": 500, "records": 500}],
                           "eval": {"path": "e.jsonl", "unique_valid_examples": 60}})
    items = {i.key: i for i in checklist(report, Settings(), ran=["FT605", "FT701"])}
    assert items["eval_set"].status == "not met" and "3 of 60 eval examples" in items["eval_set"].evidence
    assert items["knowledge"].status == "not met" and "62% of answers" in items["knowledge"].evidence
    result = verdict(list(items.values()), report, strict=False)
    assert result.verdict == NOT_READY
    assert result.reasons[0] == "1 error finding(s)"
    # without those checks installed, the same items are "not checked", never "met"
    items = {i.key: i for i in checklist(Report(stats=report.stats), Settings(), ran=[])}
    assert items["eval_set"].status == items["knowledge"].status == "not checked"


@pytest.mark.parametrize("check,key", [(MissingMetric, "metric"), (MissingHypothesis, "hypothesis"),
                                       (MissingBaseline, "baseline"), (MissingBudget, "budget_usd")])
def test_each_declaration_check(make_view, check, key):
    view = make_view(train_records(5))
    view.settings.declarations = ReadinessDeclarations()
    problems = run_check(check, view)
    assert len(problems) == 1 and key in problems[0].message and problems[0].severity is None
    view.settings.strict = True
    assert run_check(check, view)[0].severity == Severity.ERROR
    view.settings.declarations = ReadinessDeclarations(**DECLARED)
    assert run_check(check, view) == []


def test_blank_metric_counts_as_missing(make_view):
    view = make_view(train_records(5))
    view.settings.declarations = ReadinessDeclarations(metric="   ")
    assert len(run_check(MissingMetric, view)) == 1


def test_over_budget_check_is_silent_without_a_budget(make_view):
    view = make_view(train_records(50))
    view.settings.declarations = ReadinessDeclarations()
    assert run_check(OverBudget, view) == []
    view.settings.declarations = ReadinessDeclarations(budget_usd=1000.0)
    assert run_check(OverBudget, view) == []
    view.settings.declarations = ReadinessDeclarations(budget_usd=0.0, iterations=2)
    (problem,) = run_check(OverBudget, view)
    assert "2 iteration(s)" in problem.message and problem.data["budget_usd"] == 0.0


def test_declarations_from_pyproject_reach_the_report(tmp_path, capsys, monkeypatch):
    write_jsonl(tmp_path / "train.jsonl", train_records(250))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ftlint.readiness]\nmetric = "label accuracy"\nhypothesis = "80% -> 92%"\nbaseline = 0.8\n'
        "budget_usd = 50\niterations = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["train.jsonl", "--output-format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    items = {i["key"]: i for i in report["readiness"]["checklist"]}
    assert items["metric"]["evidence"] == "label accuracy"
    assert items["budget"]["title"] == "cost of 2 iterations within budget" and items["budget"]["status"] == "met"
    assert not [f for f in report["findings"] if f["code"].startswith("FT90")]
    assert set(report["stats"]["checks_run"]) >= {"FT901", "FT905"}


@pytest.mark.parametrize("today, status, words", [
    ("2026-12-01", "met", "new fine-tuning jobs accepted until 2027-01-06"),
    ("2027-01-07", "not met", "stopped accepting new fine-tuning jobs after 2027-01-06"),
    ("2027-01-14", "not met", "were shut down on 2027-01-14"),
])
def test_openai_cut_off_dates_in_the_checklist(data, monkeypatch, today, status, words):
    from datetime import date

    import ftlint.readiness as readiness

    monkeypatch.setattr(readiness, "today", lambda: date.fromisoformat(today))
    train, evals = data()
    report = lint(train, eval=evals, settings=Settings(readiness=ReadinessDeclarations(**DECLARED), model="gpt-4o-mini"))
    item = items_by_key(report)["provider_cutoff"]
    assert item.status == status and words in item.evidence and "platform.openai.com" in item.evidence
    if status == "not met":
        assert report.readiness.verdict != READY
        assert any("still accepts fine-tuning of gpt-4o-mini: not met" in r for r in report.readiness.reasons)


def test_open_models_have_no_provider_cut_off_item(data):
    train, evals = data()
    report = lint(train, eval=evals, settings=Settings(readiness=ReadinessDeclarations(**DECLARED)))
    assert "provider_cutoff" not in items_by_key(report)
    assert report.stats["tokens"]["model"] == "llama-3.1-8b-instruct"


def test_cost_figures_are_read_by_readiness_and_never_the_reverse():
    import ast
    from pathlib import Path

    import ftlint

    root = Path(ftlint.__file__).parent
    for module in ("cost.py", "costbenefit.py"):
        tree = ast.parse((root / module).read_text("utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "ftlint.readiness" not in imported, module
