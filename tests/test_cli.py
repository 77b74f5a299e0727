"""The command line through main(argv): exit codes, selection, config, subcommands."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, chat, write_jsonl
from ftlint.cli import main

READY = FIXTURES / "ready"
DEFECT_CODES = {
    "invalid_json": "FT001", "invalid_utf8": "FT002", "bom": "FT003", "blank_line": "FT004", "not_an_object": "FT005",
    "empty": "FT006", "mixed_formats": "FT010", "schema_violation": "FT100", "no_assistant_turn": "FT101",
    "last_turn_not_assistant": "FT102", "system_not_first": "FT103", "repeated_role": "FT104", "empty_content": "FT105",
    "unknown_role": "FT106", "malformed_tool_call": "FT107", "orphan_tool_result": "FT108", "invalid_weight": "FT109",
    "nothing_to_learn": "FT110",
}


def run_json(capsys, *args):
    code = main([*map(str, args), "--output-format", "json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


@pytest.mark.parametrize("defect, expected", sorted(DEFECT_CODES.items()))
def test_every_defect_fixture_trips_its_check(capsys, defect, expected):
    code, report, _ = run_json(capsys, FIXTURES / "defects" / f"{defect}.jsonl")
    assert expected in {f["code"] for f in report["findings"]}
    assert code == (1 if any(f["severity"] == "error" for f in report["findings"]) else 0)


def test_ready_fixture_exits_zero(capsys):
    code, report, _ = run_json(capsys, READY / "train.jsonl", "--eval", READY / "eval.jsonl")
    assert code == 0, [f["message"] for f in report["findings"] if f["severity"] != "info"]
    assert report["readiness"]["verdict"] == "READY"


def test_json_report_shape(capsys):
    _, report, _ = run_json(capsys, FIXTURES / "defects" / "orphan_tool_result.jsonl")
    assert set(report) == {"version", "files", "findings", "stats", "readiness"}
    finding = next(f for f in report["findings"] if f["code"] == "FT108")
    assert {"code", "name", "severity", "message", "file", "line", "path", "related"} <= set(finding)
    assert (finding["name"], finding["severity"], finding["line"], finding["path"]) == \
        ("orphan-tool-result", "error", 1, "$.messages[2]")


def test_missing_file_is_one_line_error_exit_2(capsys, tmp_path):
    assert main([str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "no such file" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    assert main(["check"]) == 2
    assert main([str(READY / "train.jsonl"), "--output-format", "nope"]) == 2
    assert main(["rule", "FT999"]) == 2
    assert main(["schema", "nope"]) == 2


def test_select_ignore_by_prefix_and_comma_lists(capsys):
    path = FIXTURES / "defects" / "malformed_tool_call.jsonl"
    _, report, _ = run_json(capsys, path, "--select", "FT1")
    assert {f["code"] for f in report["findings"]} == {"FT107"}
    code, report, _ = run_json(capsys, path, "--select", "FT1,FT2", "--ignore", "FT107")
    assert "FT107" not in {f["code"] for f in report["findings"]}
    _, report, _ = run_json(capsys, path, "--select", "FT107", "--extend-select", "FT201")
    assert {f["code"] for f in report["findings"]} == {"FT107", "FT201"}


def test_strict_and_exit_zero(capsys, tmp_path):
    path = write_jsonl(tmp_path / "w.jsonl", [chat(f"Q{i}", f"A{i}") for i in range(50)])  # FT202 warning only
    assert main([str(path), "--select", "FT2"]) == 0
    assert main([str(path), "--select", "FT2", "--strict"]) == 1
    assert main([str(FIXTURES / "defects" / "invalid_json.jsonl"), "--exit-zero"]) == 0


def test_config_file_is_found_and_validated(capsys, tmp_path):
    path = write_jsonl(tmp_path / "w.jsonl", [chat(f"Q{i}", f"A{i}") for i in range(50)])
    (tmp_path / "ftlint.toml").write_text('select = ["FT2"]\nstrict = true\n')
    assert main([str(path)]) == 1
    assert main([str(path), "--ignore", "FT202"]) == 0  # the command line beats the file
    (tmp_path / "ftlint.toml").write_text('selekt = ["FT2"]\n')
    assert main([str(path)]) == 2
    assert "selekt" in capsys.readouterr().err


def test_pyproject_tool_table_and_check_options(capsys, tmp_path):
    path = write_jsonl(tmp_path / "w.jsonl", [chat(f"Q{i}", f"A{i}") for i in range(50)])
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nselect = ["FT2"]\n[tool.ftlint.checks.FT202]\nrecommended = 40\n')
    _, report, _ = run_json(capsys, path)
    assert "FT202" not in {f["code"] for f in report["findings"]}
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nselect = ["FT2"]\n[tool.ftlint.checks.few-examples]\nrecomended = 40\n')
    assert main([str(path)]) == 2
    assert "recomended" in capsys.readouterr().err


def test_several_files_each_its_own_dataset(capsys, tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [chat("Q", "A")])
    b = write_jsonl(tmp_path / "b.jsonl", [chat(f"Q{i}", f"A{i}") for i in range(12)])
    code, report, _ = run_json(capsys, a, b, "--select", "FT201")
    assert [f["file"] for f in report["findings"]] == [str(a)]
    assert code == 1 and len(report["files"]) == 2


def test_eval_file_is_validated_and_sized(capsys, tmp_path):
    train = write_jsonl(tmp_path / "t.jsonl", [chat(f"Q{i}", f"A{i}") for i in range(20)])
    ev = write_jsonl(tmp_path / "e.jsonl", [chat("Q", "A"), "{broken"])
    _, report, _ = run_json(capsys, train, "--eval", ev, "--select", "FT0,FT203")
    found = {(f["code"], f["file"]) for f in report["findings"]}
    assert ("FT001", str(ev)) in found and ("FT203", str(ev)) in found


def test_file_named_like_a_subcommand(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "checks", [chat("Q", "A")])
    code, report, _ = run_json(capsys, "check", "checks", "--select", "FT201")
    assert code == 1 and report["findings"][0]["file"] == "checks"


def test_checks_rule_and_schema_commands(capsys):
    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    assert "FT107" in out and "malformed-tool-call" in out
    assert main(["rule", "FT107"]) == 0
    doc = capsys.readouterr().out
    assert "Why it matters" in doc and "arguments" in doc
    assert main(["rule", "malformed-tool-call"]) == 0
    capsys.readouterr()
    assert main(["schema", "openai_chat"]) == 0
    assert json.loads(capsys.readouterr().out)["required"] == ["messages"]


def test_concise_output_lines(capsys):
    code = main([str(FIXTURES / "defects" / "invalid_json.jsonl"), "--output-format", "concise", "--select", "FT001"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == f"{FIXTURES / 'defects' / 'invalid_json.jsonl'}:2:48: FT001 [error] invalid JSON: unexpected end of data"


def test_terminal_report_caps_findings_per_check(capsys, tmp_path):
    path = write_jsonl(tmp_path / "many.jsonl", [chat("Q", "A")] + ["{bad"] * 30)
    main([str(path), "--output-format", "full", "--select", "FT001"])
    out = capsys.readouterr().out
    assert "and 20 more" in out
    main([str(path), "--output-format", "json", "--select", "FT001"])
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 30


def test_stdin_and_python_dash_m(tmp_path):
    data = (FIXTURES / "defects" / "invalid_json.jsonl").read_bytes()
    # run outside the source checkout, whose ftlint/ folder would shadow the installed package
    proc = subprocess.run([sys.executable, "-m", "ftlint", "-", "--select", "FT001", "--output-format", "concise"],
                          input=data, capture_output=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.startswith(b"<stdin>:2:")


def test_report_written_to_output_file(capsys, tmp_path):
    out = tmp_path / "report.json"
    assert main([str(READY / "train.jsonl"), "--output-format", "json", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["version"]
    assert capsys.readouterr().out == ""


def test_python_api_finds_the_configuration_like_the_cli(capsys):
    import ftlint

    report = ftlint.lint(str(READY / "train.jsonl"), eval=str(READY / "eval.jsonl"), model="gpt-4o-mini")
    code, cli_report, _ = run_json(capsys, READY / "train.jsonl", "--eval", READY / "eval.jsonl", "--model", "gpt-4o-mini")
    assert report.readiness.verdict == cli_report["readiness"]["verdict"] == "READY"  # declarations in ftlint.toml
    assert report.stats["tokens"]["total_tokens"] == cli_report["stats"]["tokens"]["total_tokens"] > 0


def test_no_module_of_the_package_imports_the_cli():
    """Imports run one way: `ftlint.cli` imports the commands, never the reverse (only `__main__` may)."""
    import ast
    from pathlib import Path

    import ftlint

    root = Path(ftlint.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "__main__.py" or path == root / "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "ftlint.cli" or n.startswith("ftlint.cli.") for n in names):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
