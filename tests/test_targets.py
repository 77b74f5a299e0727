"""--target PROVIDER: each target's rules on records written from its published docs (tests/cases/targets/).

Together: each case is a file; a pass case gives no error finding, a fail case gives at least the listed
errors (code, line, JSON path). OpenAI: valid records (tool calls, images, weights 0/1) give no error;
each rejected record, appended after them, gives the listed error on its own line.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_jsonl
from ftlint.cli import main

CASES = Path(__file__).parent / "cases" / "targets"
TOGETHER = json.loads((CASES / "together.json").read_text("utf-8"))
OPENAI = json.loads((CASES / "openai.json").read_text("utf-8"))


def lint(tmp_path, capsys, records, *args, name="data.jsonl") -> dict:
    path = write_jsonl(tmp_path / name, records)
    main([str(path), "--output-format", "json", "--exit-zero", "--ignore", "FT9", *args])
    return json.loads(capsys.readouterr().out)


def errors(report) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


def matches(finding: dict, wanted: dict) -> bool:
    return all(finding.get(key) == value for key, value in wanted.items())


@pytest.mark.parametrize("case", TOGETHER["cases"], ids=[c["name"] for c in TOGETHER["cases"]])
def test_together_case(tmp_path, capsys, case):
    found = errors(lint(tmp_path, capsys, case["lines"], "--target", "together"))
    if case["expect"] == "pass":
        assert found == [], found
    else:
        for wanted in case["errors"]:
            assert any(matches(f, wanted) for f in found), (wanted, found)


def test_together_cases_cover_both_outcomes():
    outcomes = [c["expect"] for c in TOGETHER["cases"]]
    assert outcomes.count("pass") >= 5 and outcomes.count("fail") >= 10


def test_openai_valid_records_have_no_errors(tmp_path, capsys):
    report = lint(tmp_path, capsys, OPENAI["valid"], "--target", "openai")
    assert errors(report) == []
    assert report["files"][0]["valid_examples"] == len(OPENAI["valid"])


@pytest.mark.parametrize("case", OPENAI["rejected"], ids=[c["name"] for c in OPENAI["rejected"]])
def test_openai_rejected_record_is_an_error_on_its_line(tmp_path, capsys, case):
    records = [*OPENAI["valid"], case["record"]]
    found = errors(lint(tmp_path, capsys, records, "--target", "openai"))
    line = len(records)
    for wanted in case["errors"]:
        assert any(matches(f, {**wanted, "line": line}) for f in found), (wanted, found)
    assert all(f["line"] in (line, None) for f in found), found  # the valid lines stay clean


def test_openai_rejected_records_pass_without_a_target(tmp_path, capsys):
    """Today's tolerant behaviour stays without --target: the strict rules are not applied."""
    records = [*OPENAI["valid"], *(c["record"] for c in OPENAI["rejected"])]
    report = lint(tmp_path, capsys, records)
    assert not [f for f in report["findings"] if "FT120" <= f["code"] <= "FT149"]
    assert report["stats"]["target"]["name"] is None


def test_model_implies_its_provider_and_none_turns_it_off(tmp_path, capsys):
    record = OPENAI["rejected"][2]["record"]  # tools as a JSON string
    records = [*OPENAI["valid"], record]
    implied = lint(tmp_path, capsys, records, "--model", "gpt-4o-mini")
    assert implied["stats"]["target"]["name"] == "openai"
    assert any(f["code"] == "FT121" and f["path"] == "$.tools" for f in errors(implied))
    off = lint(tmp_path, capsys, records, "--model", "gpt-4o-mini", "--target", "none")
    assert off["stats"]["target"]["name"] is None
    assert not any(f["code"] == "FT121" for f in off["findings"])


def test_target_from_config_file(tmp_path, capsys):
    (tmp_path / "ftlint.toml").write_text('target = "together"\n')
    report = lint(tmp_path, capsys, [{"text": "Hello", "extra_column": "x"}])
    assert report["stats"]["target"]["name"] == "together"
    assert any(f["code"] == "FT121" and f["line"] == 1 for f in errors(report))


def test_target_minimum_replaces_ftlint_default(tmp_path, capsys):
    """Together accepts a single example; OpenAI needs 10 (FT201 reads the target's minimum)."""
    record = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    assert not any(f["code"] == "FT201" for f in lint(tmp_path, capsys, [record], "--target", "together")["findings"])
    assert any(f["code"] == "FT201" for f in lint(tmp_path, capsys, [record], "--target", "openai")["findings"])


def test_unknown_target_is_a_usage_error(tmp_path, capsys):
    path = write_jsonl(tmp_path / "data.jsonl", [{"text": "x"}])
    assert main([str(path), "--target", "acme"]) == 2
    (tmp_path / "ftlint.toml").write_text('target = "acme"\n')
    assert main([str(path)]) == 2
    assert "unknown target 'acme'" in capsys.readouterr().err


def test_report_names_the_target_in_markdown_and_terminal(tmp_path, capsys):
    path = write_jsonl(tmp_path / "data.jsonl", [{"text": "Hello"}])
    for fmt in ("markdown", "full"):
        main([str(path), "--target", "together", "--output-format", fmt, "--exit-zero"])
        assert "Together AI" in capsys.readouterr().out
        main([str(path), "--output-format", fmt, "--exit-zero"])
        assert "no --target" in capsys.readouterr().out


OTHERS = json.loads((CASES / "others.json").read_text("utf-8"))


@pytest.mark.parametrize("case", OTHERS["cases"], ids=[f"{c['target']}: {c['name']}" for c in OTHERS["cases"]])
def test_other_target_case(tmp_path, capsys, case):
    """FT201 (ftlint's own floor of 10 examples) is left out unless a case is about a target's minimum."""
    about_minimum = any(e["code"] == "FT201" for e in case.get("errors", []))
    found = errors(lint(tmp_path, capsys, case["lines"], "--target", case["target"],
                        *(() if about_minimum else ("--ignore", "FT201"))))
    if case["expect"] == "pass":
        assert found == [], found
    else:
        for wanted in case["errors"]:
            assert any(matches(f, wanted) for f in found), (wanted, found)


def test_every_target_has_cases():
    from ftlint.providers import TARGET_NAMES

    covered = {"together", "openai"} | {c["target"] for c in OTHERS["cases"]}
    assert covered == set(TARGET_NAMES)


def test_targets_command_lists_every_target_and_what_it_enforces(capsys):
    from ftlint.providers import all_targets

    assert main(["targets"]) == 0
    out = capsys.readouterr().out
    for target in all_targets():
        assert f"{target.name}: {target.title}" in out and target.url in out
        for key, rule in target.rule_items():
            assert key in out
    assert main(["targets", "together", "--json"]) == 0
    [together] = json.loads(capsys.readouterr().out)
    assert together["rules"]["alternation"]["mode"] == "no-repeat"


def test_every_target_rule_is_documented_with_the_provider_url(capsys):
    """`ftlint rule FT12x` ends with each target that has the rule, its setting and documentation URL."""
    from ftlint.plugins import load_registry
    from ftlint.providers import all_targets

    codes = [c for c in load_registry() if "FT120" <= c <= "FT149"]
    documented = set()
    for code in codes:
        assert main(["rule", code]) == 0
        out = capsys.readouterr().out
        assert "Targets with this rule" in out and "https://" in out, code
        for section in ("What it does", "Why it matters", "Example", "Fix", "Options"):
            assert section in out, (code, section)
        for target in all_targets():
            for key, rule in target.rule_items():
                if f"{target.name} [{rule.severity.value}]" in out and rule.url in out:
                    documented.add((target.name, key))
    every_rule = {(t.name, key) for t in all_targets() for key, _ in t.rule_items()}
    assert every_rule <= documented, every_rule - documented
