"""Renderers of one fixed Report: snapshots per format, plus structural checks a CI consumer relies on.

Regenerate the expected files after an intended change with:
    FTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_render.py
"""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from ftlint.model import ChecklistItem, Finding, FileSummary, Readiness, Related, Report, Severity
from ftlint.plugins import Check
from ftlint.render import RENDERERS, render

SNAPSHOTS = Path(__file__).parent / "snapshots"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("FTLINT_UPDATE_SNAPSHOTS") == "1"


class _Dup(Check):
    """What it does:
        Reports exact duplicates.

    Why it matters:
        Duplicates over-weight examples.

    Example:
        Two equal lines.

    Fix:
        Remove one copy.

    Options:
        None.
    """

    code, name, severity = "FT301", "exact-duplicate", Severity.WARNING


class _Leak(Check):
    """What it does:
        Summarises eval examples found in training.

    Why it matters:
        A leaked eval set overstates quality.

    Example:
        An eval line equal to a training line.

    Fix:
        Remove the copies from training.

    Options:
        None.
    """

    code, name, severity = "FT605", "leakage-summary", Severity.ERROR


class _Clean(Check):
    """What it does:
        Reports empty messages.

    Why it matters:
        Empty messages teach nothing.

    Example:
        `{"role": "user", "content": ""}`.

    Fix:
        Fill or drop the message.

    Options:
        None.
    """

    code, name, severity = "FT105", "empty-content", Severity.ERROR


FAKE_REGISTRY = {c.code: c for c in (_Clean, _Dup, _Leak)}


@pytest.fixture(autouse=True)
def fixed_registry(monkeypatch):
    """Rule documentation comes from this fixed registry, so snapshots do not follow other checks' docs."""
    monkeypatch.setattr("ftlint.render.summary.registry_or_empty", lambda: dict(FAKE_REGISTRY))


def sample_report() -> Report:
    findings = [
        Finding(code="FT301", name="exact-duplicate", severity=Severity.WARNING, file="data/train set.jsonl", line=7,
                message="same example as line 3 <a & b>", related=[Related(file="data/train set.jsonl", line=3)]),
        Finding(code="FT301", name="exact-duplicate", severity=Severity.WARNING, file="data/train set.jsonl", line=9,
                message="same example as line 3 | pipe", related=[Related(file="data/train set.jsonl", line=3)]),
        Finding(code="FT605", name="leakage-summary", severity=Severity.ERROR, file="eval.jsonl",
                message="2 of 60 eval examples (3.3%) appear in training"),
        Finding(code="FT521", name="label-imbalance", severity=Severity.INFO, file="data/train set.jsonl",
                message="labels: positive 70%, negative 25%, neutral 5%",
                data={"distribution": {"positive": 140, "negative": 50, "neutral": 10}}),
    ]
    hist = {"edges": [10, 40, 70, 101, 130], "counts": [50, 120, 25, 5], "limit": 100}
    return Report(
        files=[FileSummary(path="data/train set.jsonl", role="train", format="openai_chat", records=203,
                           valid_examples=200, invalid_records=3),
               FileSummary(path="eval.jsonl", role="eval", format="openai_chat", records=60, valid_examples=60,
                           invalid_records=0)],
        findings=findings,
        stats={
            "checks_run": ["FT105", "FT301", "FT605"],
            "train": [{"path": "data/train set.jsonl", "unique_valid_examples": 198, "records": 203}],
            "eval": {"path": "eval.jsonl", "unique_valid_examples": 60},
            "tokens": {"model": "gpt-4o-mini", "encoding": "o200k_base", "limit": 100, "examples": 200, "min": 10,
                       "median": 48.0, "p90": 80.0, "p99": 110.0, "max": 129, "over_limit": 5, "histogram": hist},
            "cost": {"model": "gpt-4o-mini", "epochs": 3, "tokens_per_epoch": 9800, "price_per_mtok": 3.0,
                     "price_source": "targets.toml as of 2025-06-01", "cost_per_run_usd": 0.0882,
                     "cost_for_iterations_usd": 0.2646, "iterations": 3},
            "cost_benefit": {"volume": 100000, "prompt_tokens": 40.0, "answer_tokens": 8.0,
                             "base_model": "gpt-4.1-untuned", "base_input_per_mtok": 2.0, "base_output_per_mtok": 8.0,
                             "target_model": "gpt-4o-mini", "target_input_per_mtok": 0.3,
                             "target_output_per_mtok": 1.2, "base_monthly_usd": 14.4, "target_monthly_usd": 2.16,
                             "monthly_saving_usd": 12.24, "saving_factor": 6.667, "training_cost_usd": 0.2646,
                             "break_even_months": 0.022},
        },
        readiness=Readiness(verdict="NOT READY", reasons=["1 error finding(s)", "eval set: not met (leaked)"],
                            checklist=[
                                ChecklistItem(key="training_examples", title="200-2000 valid unique training examples",
                                              status="not met", evidence="198 of 203 records"),
                                ChecklistItem(key="eval_set", title="eval set of 50-100 examples, not leaked",
                                              status="not met", evidence="leaked: 2 of 60"),
                                ChecklistItem(key="metric", title="quality metric declared", status="met",
                                              evidence="label accuracy"),
                                ChecklistItem(key="budget", title="cost of 3 iterations within budget",
                                              status="not declared", evidence="declare `budget_usd`"),
                                ChecklistItem(key="knowledge", title="teaches behaviour, not knowledge",
                                              status="not checked", evidence="no FT7xx check ran"),
                            ]),
    )


def _snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"missing snapshot {path}; run with FTLINT_UPDATE_SNAPSHOTS=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"


@pytest.mark.parametrize("fmt,suffix", [("markdown", "md"), ("github", "txt"), ("sarif", "sarif.json"),
                                        ("junit", "xml"), ("html", "html"), ("full", "txt"), ("concise", "txt")])
def test_snapshot(fmt, suffix):
    text = render(sample_report(), fmt, width=80, color=False)
    _snapshot(f"report.{fmt}.{suffix}", text)


def test_every_format_is_registered():
    assert {"markdown", "html", "github", "sarif", "junit", "full", "json", "concise"} <= set(RENDERERS)


def test_sarif_validates_against_the_2_1_0_schema():
    log = json.loads(render(sample_report(), "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"FT105", "FT301", "FT605", "FT521"}
    assert "Why it matters" in rules["FT301"]["fullDescription"]["text"]
    dup = [r for r in run["results"] if r["ruleId"] == "FT301"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in dup] == [7, 9]
    assert dup[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/train%20set.jsonl"
    assert dup[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    leak = next(r for r in run["results"] if r["ruleId"] == "FT605")
    assert leak["level"] == "error" and "region" not in leak["locations"][0]["physicalLocation"]
    for r in run["results"]:
        assert rules[r["ruleId"]] == run["tool"]["driver"]["rules"][r["ruleIndex"]]


def test_sarif_schema_rejects_a_broken_log():
    """The vendored schema is strict enough to catch a broken log (so the validation above means something)."""
    log = json.loads(render(sample_report(), "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))


def test_junit_has_one_testcase_per_check_and_fails_on_errors():
    root = ET.fromstring(render(sample_report(), "junit"))
    cases = root.findall(".//testcase")
    assert sorted(c.get("classname") for c in cases) == ["ftlint.FT105", "ftlint.FT301", "ftlint.FT521",
                                                          "ftlint.FT605"]
    failed = {c.get("classname") for c in cases if c.find("failure") is not None}
    assert failed == {"ftlint.FT605"}
    suite = root.find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "1"
    assert "data/train set.jsonl:7" in next(c for c in cases if c.get("classname") == "ftlint.FT301").find(
        "system-out").text


def test_junit_survives_control_characters_in_messages():
    report = sample_report()
    report.findings[2].message = "bad \x00 byte \x1b[31m"
    ET.fromstring(render(report, "junit"))


def test_github_annotations_escape_and_locate():
    lines = render(sample_report(), "github").splitlines()
    assert lines[0].startswith("::warning file=data/train set.jsonl,line=7,title=FT301 exact-duplicate::")
    assert any(ln.startswith("::error file=eval.jsonl,title=FT605 leakage-summary::") for ln in lines)
    assert any(ln.startswith("::notice ") for ln in lines)  # info findings are notices
    assert lines[-1].startswith("::error title=ftlint verdict%3A NOT READY::")
    report = sample_report()
    report.findings[0].message = "two\nlines, 100%"
    assert "::two%0Alines, 100%25" in render(report, "github")


def test_markdown_escapes_table_cells_and_folds_details():
    text = render(sample_report(), "markdown")
    assert text.startswith("## ❌ ftlint: NOT READY")
    assert "pipe \\| " not in text and "line 3 \\| pipe" in text
    assert "&lt;a &amp; b&gt;" not in text and "&lt;a & b&gt;" in text
    assert text.count("<details>") == text.count("</details>") == 2
    assert text.index("NOT READY") < text.index("| ❌ | 200-2000") < text.index("### Top findings")
    # the error is listed first among the top findings
    top = text.split("### Top findings")[1]
    assert top.index("FT605") < top.index("FT301")


def test_markdown_caps_the_folded_list():
    report = sample_report()
    report.findings = report.findings * 100
    text = render(report, "markdown", max_findings=50)
    assert "… and 350 more" in text


class _StrictTags(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset") and value:
                self.urls.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def test_html_is_well_formed_self_contained_and_has_charts():
    text = render(sample_report(), "html")
    root = ET.fromstring(text.split("\n", 1)[1])  # strict XML parse of everything after the doctype
    svgs = root.findall(".//svg")
    assert len(svgs) == 3  # token histogram, label distribution, monthly cost
    histogram = svgs[0]
    assert len(histogram.findall(".//rect")) == 4
    limit = histogram.find(".//line[@class='limit']")
    assert limit is not None and float(limit.get("x1")) > float(histogram.findall(".//rect")[2].get("x"))
    over = [r for r in histogram.findall(".//rect") if r.get("fill") == "#cf222e"]
    assert len(over) == 1  # the 101-130 bin is past the limit of 100
    labels = "".join(svgs[1].itertext())
    assert "positive" in labels and "neutral" in labels
    parser = _StrictTags()
    parser.feed(text)
    parser.close()
    assert parser.stack == [] and parser.urls == []
    assert not re.search(r"https?://|url\(|@import|<script", text)
    assert "&lt;a &amp; b&gt;" in text  # data is escaped, not markup


def test_full_report_reads_at_80_columns_without_colour():
    text = render(sample_report(), "full", width=80, color=False)
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.startswith("Verdict: NOT READY")
    lines = text.splitlines()
    first_family = next(i for i, ln in enumerate(lines) if ln.startswith("Duplicates and conflicts"))
    checklist = next(i for i, ln in enumerate(lines) if "Readiness checklist" in ln)
    assert checklist < first_family
    assert any("not declared" in ln for ln in lines)


def test_full_report_caps_findings_per_check():
    report = sample_report()
    report.findings = [report.findings[0].model_copy(update={"line": i}) for i in range(1, 30)]
    text = render(report, "full", width=80, max_per_check=5)
    assert text.count("FT301 [warning]") == 5
    assert "… and 24 more FT301 (exact-duplicate) findings" in text


def _chromium():
    import shutil

    return next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)


@pytest.mark.skipif(_chromium() is None, reason="no chromium on this machine (apt-get install chromium)")
def test_html_renders_in_a_headless_browser(tmp_path):
    """Chromium loads the page without errors and paints the charts (the DOM it serialises has them)."""
    import subprocess

    page = tmp_path / "report.html"
    page.write_text(render(sample_report(), "html"), encoding="utf-8")
    flags = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") == 3 and "NOT READY" in dom.stdout
    assert "This page has been blocked" not in dom.stdout and "ERR_" not in dom.stdout
    shot = tmp_path / "shot.png"
    run = subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1000,1600", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
