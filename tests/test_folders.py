"""Dataset folders in the Hugging Face layout: shards of a split are one dataset, the test split is
the eval set; `--as-one` reads several paths as one dataset (issue 16, item 2)."""
from __future__ import annotations

import json

import pytest

from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.readers.folders import parse_configs, split_of, splits
from pathlib import Path


def run_json(capsys, *args):
    code = main([*map(str, args), "--output-format", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def examples(start: int, n: int) -> list[dict]:
    return [chat(f"Please summarise report number {i} in one line.", f"Report {i} says the figures went up by {i}%.")
            for i in range(start, start + n)]


def hf_folder(root: Path, suffix: str = "jsonl") -> tuple[Path, dict]:
    """Two train shards with one duplicate across them, and a test split with one leaked example."""
    shard0, shard1, test = examples(0, 30), examples(30, 30), examples(100, 20)
    shard1[12] = shard0[5]  # a duplicate across the shards
    test[3] = shard1[20]  # an eval example that is also in training
    data = root / "data"
    data.mkdir(parents=True)
    paths = {"shard0": data / f"train-00000-of-00002.{suffix}", "shard1": data / f"train-00001-of-00002.{suffix}",
             "test": data / f"test-00000-of-00001.{suffix}"}
    for key, rows in (("shard0", shard0), ("shard1", shard1), ("test", test)):
        if suffix == "parquet":
            pa = pytest.importorskip("pyarrow")
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(rows), paths[key])
        else:
            write_jsonl(paths[key], rows)
    return root, paths


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_hf_folder_lints_train_shards_as_one_dataset_with_test_as_eval(tmp_path, capsys, suffix):
    root, paths = hf_folder(tmp_path / "ds", suffix)
    code, report, err = run_json(capsys, root)
    roles = {f["role"]: f for f in report["files"]}
    assert roles["train"]["valid_examples"] == 60 and roles["train"]["parts"] == [str(paths["shard0"]), str(paths["shard1"])]
    assert roles["eval"]["valid_examples"] == 20
    [dup] = [f for f in report["findings"] if f["code"] == "FT301"]
    located = {(dup["file"], dup["line"]), *((r["file"], r["line"]) for r in dup["related"])}
    assert located == {(str(paths["shard0"]), 6), (str(paths["shard1"]), 13)}  # each shard's own position
    [leak] = [f for f in report["findings"] if f["code"] == "FT601"]
    assert (leak["file"], leak["line"]) == (str(paths["test"]), 4)
    assert [(r["file"], r["line"]) for r in leak["related"]] == [(str(paths["shard1"]), 21)]
    assert "test split" in err


def test_eval_option_overrides_the_folder_test_split(tmp_path, capsys):
    root, paths = hf_folder(tmp_path / "ds")
    other = write_jsonl(tmp_path / "other_eval.jsonl", examples(500, 60))
    code, report, _ = run_json(capsys, root, "--eval", other)
    evals = [f for f in report["files"] if f["role"] == "eval"]
    assert [e["path"] for e in evals] == [str(other)]
    assert "FT601" not in {f["code"] for f in report["findings"]}


def test_split_folders_and_readme_configs(tmp_path):
    root = tmp_path / "ds"
    for rel in ("train/0000.parquet", "train/0001.parquet", "validation/0000.parquet", "README.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"")
    found = splits(str(root))
    assert sorted(found) == ["train", "validation"] and len(found["train"]) == 2
    (root / "README.md").write_text("---\nconfigs:\n- config_name: default\n  data_files:\n"
                                    "  - split: train\n    path: validation/*\n  - split: test\n"
                                    "    path: \"train/0001.parquet\"\n---\n# card\n")
    found = splits(str(root))
    assert found == {"train": [str(root / "validation/0000.parquet")], "test": [str(root / "train/0001.parquet")]}


@pytest.mark.parametrize("relative, split", [
    ("data/train-00000-of-00002.parquet", "train"), ("train.jsonl", "train"), ("test/0000.parquet", "test"),
    ("data/validation-00000-of-00001.parquet", "validation"), ("dev.jsonl", "validation"),
    ("data/trainer_notes.jsonl", None), ("latest.jsonl", None),
])
def test_split_of_file_names(relative, split):
    assert split_of(Path(relative)) == split


def test_readme_configs_with_a_single_pattern():
    configs = parse_configs("---\nconfigs:\n- config_name: default\n  data_files: data/*.csv\n---\n")
    assert configs == [{"config_name": "default", "data_files": "data/*.csv"}]


def test_as_one_lints_several_files_as_one_dataset(tmp_path, capsys):
    a = write_jsonl(tmp_path / "a.jsonl", examples(0, 10))
    b = write_jsonl(tmp_path / "b.jsonl", examples(5, 10))  # 5 shared with a
    code, report, _ = run_json(capsys, a, b, "--select", "FT301")
    assert report["findings"] == [] and len(report["files"]) == 2
    code, report, _ = run_json(capsys, a, b, "--select", "FT301", "--as-one")
    assert len(report["files"]) == 1 and report["files"][0]["valid_examples"] == 20
    pairs = sorted(sorted([(f["file"], f["line"]), *((r["file"], r["line"]) for r in f["related"])])
                   for f in report["findings"])
    assert pairs == [[(str(a), 6 + i), (str(b), 1 + i)] for i in range(5)]


def test_empty_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2
    assert "no dataset files" in capsys.readouterr().err
