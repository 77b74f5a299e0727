"""The Python API: `ftlint.lint()` takes paths, records, DataFrames and datasets, and returns the
report the file-based run gives (issue 16, item 3)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import ftlint
from conftest import FIXTURES, chat, write_jsonl
from ftlint.cli import main
from ftlint.config import ConfigError

READY = FIXTURES / "ready"


def records(n: int = 40) -> list[dict]:
    rows = [chat(f"Classify the sentiment of review {i}: it was {'great' if i % 2 else 'awful'}.",
                 "positive" if i % 2 else "negative") for i in range(n)]
    rows[9] = rows[3]
    return rows


def cli_report(capsys, *args) -> dict:
    main([*map(str, args), "--output-format", "json"])
    return json.loads(capsys.readouterr().out)


def same(report, cli: dict, file_names: dict[str, str] | None = None) -> None:
    """The API's report equals the command's, file names mapped, timings aside."""
    from ftlint.render import render

    api = json.loads(render(report, "json"))
    for rep in (api, cli):
        rep["stats"].pop("timings_s", None)
    text = json.dumps(api, sort_keys=True)
    for mine, theirs in (file_names or {}).items():
        text = text.replace(json.dumps(mine)[1:-1], json.dumps(theirs)[1:-1])
    assert json.loads(text) == cli


def test_path_object_equals_the_command(capsys):
    report = ftlint.lint(READY / "train.jsonl", eval=READY / "eval.jsonl")
    same(report, cli_report(capsys, READY / "train.jsonl", "--eval", READY / "eval.jsonl"))
    assert report.readiness.verdict == "READY"


def test_list_of_dicts_equals_the_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows, evals = records(), records(60)[20:]
    path = write_jsonl(tmp_path / "train.jsonl", rows)
    eval_path = write_jsonl(tmp_path / "eval.jsonl", evals)
    report = ftlint.lint(rows, eval=evals)
    cli = cli_report(capsys, path, "--eval", eval_path)
    from ftlint.render import render

    api = json.loads(render(report, "json"))
    assert api["files"][0]["unit"] == "row" and api["files"][0]["path"] == "<records path>"
    for f in api["files"]:
        f["unit"] = "line"  # the only difference: positions are list indices (row N = records[N-1])
    report = ftlint.model.Report.model_validate(api)
    same(report, cli, {"<records path>": str(path), "<records eval>": str(eval_path), "rows ": "lines ",
                       "row ": "line "})


def test_generator_of_dicts_and_mixed_items(tmp_path):
    report = ftlint.lint((r for r in records()), select=["FT0", "FT3"])
    assert {f.code for f in report.findings} == {"FT301"}
    report = ftlint.lint([*records()[:20], "not a record"], select=["FT005"])
    [f] = report.findings
    assert (f.code, f.line) == ("FT005", 21)


class FakeFrame:
    """A pandas-shaped DataFrame (columns, iloc, to_dict(orient="records")), numpy-typed cells."""

    def __init__(self, rows):
        self.rows = rows
        self.columns = list(rows[0])

    def __len__(self):
        return len(self.rows)

    @property
    def iloc(self):
        frame = self

        class Slicer:
            def __getitem__(self, s):
                return FakeFrame(frame.rows[s])

        return Slicer()

    def to_dict(self, orient):
        assert orient == "records"
        return [dict(r) for r in self.rows]


class FakeDataset:
    """A datasets.Dataset-shaped object (column_names, features, num_rows, iter(batch_size))."""

    def __init__(self, rows):
        self.rows, self.column_names, self.features, self.num_rows = rows, list(rows[0]), {}, len(rows)

    def iter(self, batch_size):
        for start in range(0, len(self.rows), batch_size):
            chunk = self.rows[start:start + batch_size]
            yield {k: [r[k] for r in chunk] for k in self.column_names}


def alpaca(n: int) -> list[dict]:
    rows = [{"instruction": f"Name the capital of country {i}.", "input": "", "output": f"City {i}."} for i in range(n)]
    rows[7] = dict(rows[2])
    return rows


@pytest.mark.parametrize("make", [FakeFrame, FakeDataset], ids=["dataframe", "dataset"])
def test_dataframe_and_dataset_duck_typed(tmp_path, capsys, make):
    rows = alpaca(30)
    path = write_jsonl(tmp_path / "train.jsonl", rows)
    report = ftlint.lint(make(rows), select=["FT0", "FT1", "FT3"])
    cli = cli_report(capsys, path, "--select", "FT0,FT1,FT3")
    assert [(f.code, f.line, f.path) for f in report.findings] == [(f["code"], f["line"], f["path"]) for f in cli["findings"]]
    assert report.files[0].table is True and report.files[0].unit == "row"


def test_real_pandas_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    report = ftlint.lint(pd.DataFrame(alpaca(30)), select=["FT3"])
    [dup] = [f for f in report.findings if f.code == "FT301"]
    assert {dup.line, *(r.line for r in dup.related)} == {3, 8}


def test_dataset_dict_lints_train_with_test_as_eval():
    train, test = alpaca(30), alpaca(30)[:5]
    report = ftlint.lint({"train": FakeDataset(train), "test": FakeDataset(test)}, select=["FT601"])
    assert [f.role for f in report.files] == ["train", "eval"]
    assert {f.line for f in report.findings if f.code == "FT601"} == {1, 2, 3, 4, 5}


def test_errors_name_the_api_arguments(tmp_path):
    with pytest.raises(TypeError, match=r"lint\(path=\.\.\.\)"):
        ftlint.lint(42)
    with pytest.raises(TypeError, match=r"lint\(eval=\.\.\.\)"):
        ftlint.lint(records(), eval=3.5)
    with pytest.raises(ConfigError, match=r"lint\(select=\.\.\.\): unknown check code"):
        ftlint.lint(records(), select=["FT3O1"])
    with pytest.raises(ConfigError, match=r"^lint\(\): invalid configuration: epochs"):
        ftlint.lint(records(), epochs=0)
    with pytest.raises(ConfigError, match=r"lint\(\): unknown setting\(s\): colour"):
        ftlint.lint(records(), colour="red")


def test_folder_and_several_paths_as_one(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", alpaca(10))
    b = write_jsonl(tmp_path / "b.jsonl", alpaca(10)[:3])
    report = ftlint.lint([a, b], as_one=True, select=["FT301"])
    assert len(report.files) == 1 and report.files[0].parts == [str(a), str(b)]
    assert any(r.file == str(b) for f in report.findings for r in f.related) or \
        any(f.file == str(b) for f in report.findings)
    assert isinstance(Path(a), Path)
