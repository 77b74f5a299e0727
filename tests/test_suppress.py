"""Suppressions: per-file ignores in the configuration, and a findings baseline matched by code and
record content, so edits elsewhere in the file do not invalidate it (issue 16, item 4)."""
from __future__ import annotations

import json

from conftest import chat, write_jsonl
from ftlint.cli import main


def rows(n: int = 30) -> list[dict]:
    out = [chat(f"Translate sentence {i} into French, please.", f"Voici la phrase {i}.") for i in range(n)]
    out[10] = out[4]  # an exact duplicate
    out[20] = chat("My email is jane.doe@acmemail.co.uk, can you help?", "Of course.")
    return out


def run_json(capsys, *args):
    code = main([*map(str, args), "--output-format", "json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def codes(report):
    return sorted(f["code"] for f in report["findings"])


def test_baseline_accepts_known_findings_and_survives_edits_elsewhere(tmp_path, capsys):
    data = rows()
    path = write_jsonl(tmp_path / "train.jsonl", data)
    baseline = tmp_path / "accepted.json"
    code, first, _ = run_json(capsys, path, "--select", "FT3,FT8", "--add-baseline", baseline)
    assert first["findings"] == [] and first["stats"]["suppressed"]["baseline_written"] == 2
    # insert two records at the top: every line moves, the accepted findings stay accepted
    edited = [chat("A new first question?", "A new first answer."), chat("Another one?", "Yes."), *data]
    write_jsonl(path, edited)
    code, report, _ = run_json(capsys, path, "--select", "FT3,FT8", "--baseline", baseline)
    assert report["findings"] == [] and report["stats"]["suppressed"]["baseline"]["accepted"] == 2
    # a new defect is still reported
    edited.append(chat("Call me on bob.stone@acmemail.co.uk", "Sure."))
    write_jsonl(path, edited)
    code, report, _ = run_json(capsys, path, "--select", "FT3,FT8", "--baseline", baseline)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("FT802", len(edited))]


def test_baseline_entry_is_about_the_record_not_the_code_alone(tmp_path, capsys):
    data = rows()
    path = write_jsonl(tmp_path / "train.jsonl", data)
    baseline = tmp_path / "accepted.json"
    run_json(capsys, path, "--select", "FT802", "--add-baseline", baseline)
    data[20] = chat("My email is john.roe@acmemail.co.uk, can you help?", "Of course.")  # same code, other record
    write_jsonl(path, data)
    code, report, _ = run_json(capsys, path, "--select", "FT802", "--baseline", baseline)
    assert [f["line"] for f in report["findings"]] == [21]


def test_bad_baseline_file_is_a_usage_error(tmp_path, capsys):
    path = write_jsonl(tmp_path / "train.jsonl", rows())
    (tmp_path / "bl.json").write_text("{not json")
    assert main([str(path), "--baseline", str(tmp_path / "bl.json")]) == 2
    assert "not a findings baseline" in capsys.readouterr().err
    assert main([str(path), "--baseline", str(tmp_path / "missing.json")]) == 2
    assert "--add-baseline" in capsys.readouterr().err


def test_per_file_ignores(tmp_path, capsys):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (tmp_path / "ftlint.toml").write_text('[per-file-ignores]\n"legacy/*.jsonl" = ["FT3", "email-address-in-text"]\n')
    old = write_jsonl(legacy / "old.jsonl", rows())
    new = write_jsonl(tmp_path / "new.jsonl", rows())
    code, report, _ = run_json(capsys, old, new, "--select", "FT3,FT8", "--config", tmp_path / "ftlint.toml")
    by_file = {}
    for f in report["findings"]:
        by_file.setdefault(f["file"], []).append(f["code"])
    assert str(old) not in by_file and sorted(by_file[str(new)]) == ["FT301", "FT802"]
    assert report["stats"]["suppressed"]["per_file_ignores"] == 2


def test_per_file_ignores_with_an_unknown_code_is_an_error(tmp_path, capsys):
    (tmp_path / "ftlint.toml").write_text('[per-file-ignores]\n"*.jsonl" = ["FT3O1"]\n')
    path = write_jsonl(tmp_path / "train.jsonl", rows())
    assert main([str(path)]) == 2
    assert "per-file-ignores: unknown check code" in capsys.readouterr().err
