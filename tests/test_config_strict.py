"""Strict configuration: a typo in a code, a broken config file or a wrongly typed value is a usage
error (exit 2) naming where it came from (issue 16, item 4)."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, write_jsonl, chat
from ftlint.cli import main

READY = FIXTURES / "ready" / "train.jsonl"


def run(capsys, *args):
    code = main([*map(str, args)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("args, origin, value", [
    (["--select", "XYZ9"], "command line option --select", "XYZ9"),
    (["--select", "FT3,ft30O"], "command line option --select", "ft30O"),
    (["--extend-select", "FT9999"], "command line option --extend-select", "FT9999"),
    (["--ignore", "FT999"], "command line option --ignore", "FT999"),
])
def test_unknown_code_on_the_command_line(capsys, args, origin, value):
    code, err = run(capsys, READY, *args)
    assert code == 2
    assert f"{origin}: unknown check code, prefix or name {value!r}" in err and "Traceback" not in err


def test_known_codes_prefixes_names_and_all_are_accepted(capsys):
    code, err = run(capsys, READY, "--select", "ALL", "--ignore", "FT3,FT402,exact-duplicates", "--output-format", "json")
    assert code == 0, err


@pytest.mark.parametrize("toml, where", [
    ('ignore = ["FT999"]\n', "[tool.ftlint] ignore: unknown check code, prefix or name 'FT999'"),
    ('[tool.ftlint.severity]\nFT77 = "info"\n', "[tool.ftlint] severity: unknown check code, prefix or name 'FT77'"),
    ('[tool.ftlint.checks.FT399]\nthreshold = 1\n', "[tool.ftlint.checks]: unknown check code or name 'FT399'"),
    ('strict = "yes"\n', "strict: Input should be a valid boolean (got 'yes')"),
    ('jobs = "4"\n', "jobs: Input should be a valid integer"),
])
def test_bad_pyproject_settings_name_the_file_and_key(tmp_path, capsys, toml, where):
    (tmp_path / "pyproject.toml").write_text("[tool.ftlint]\n" + toml if not toml.startswith("[") else toml)
    data = write_jsonl(tmp_path / "train.jsonl", [chat("hi", "hello")])
    code, err = run(capsys, data)
    assert code == 2 and str(tmp_path / "pyproject.toml") in err and where in err, err


def test_broken_pyproject_found_in_discovery_is_exit_2_with_line_and_column(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ftlint]\nmodel = "gpt-4o-mini\n')
    sub = tmp_path / "data"
    sub.mkdir()
    data = write_jsonl(sub / "train.jsonl", [chat("hi", "hello")])
    code, err = run(capsys, data)
    assert code == 2
    assert f"{tmp_path / 'pyproject.toml'}: invalid TOML" in err and "line 5" in err and "column" in err


def test_ftlint_toml_keys_are_named_too(tmp_path, capsys):
    (tmp_path / "ftlint.toml").write_text('extend-select = ["FT3x"]\n')
    data = write_jsonl(tmp_path / "train.jsonl", [chat("hi", "hello")])
    code, err = run(capsys, data)
    assert code == 2 and f"{tmp_path / 'ftlint.toml'}: extend-select: unknown" in err
