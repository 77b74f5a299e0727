"""A dataset folder in the Hugging Face layout: which files make which split.

In order of precedence (as the Hub resolves them):

1. `README.md` front matter `configs:` with `data_files` (the `default` config, else the first):
   `- split: train` / `path: data/train-*` (a glob or a list of globs), or `data_files: PATTERN`
   (all of it the train split).
2. File names and folders: a file is in split S when a folder on its path is named S, or its name
   starts with S followed by `-`, `_`, `.`, a digit or nothing (`data/train-00000-of-00002.parquet`,
   `train.jsonl`, `test/0000.parquet`). Names: train/training; validation/valid/val/dev;
   test/testing/eval/evaluation.
3. Otherwise every data file is the train split.

Shards of a split are one dataset (`SplitFiles`): duplicates across shards are found, and a
finding names the shard and its own line. `train` is linted with `test` (else `validation`)
as its eval set.
"""
from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import Optional

from ftlint.readers.sniff import COMPRESSIONS, DATASET_SUFFIXES
from ftlint.readers.source import ReadError

SPLIT_NAMES = {
    "train": ("train", "training"),
    "validation": ("validation", "valid", "val", "dev"),
    "test": ("test", "testing", "eval", "evaluation"),
}
EVAL_SPLITS = ("test", "validation")


class SplitFiles(list):
    """The files of one split, read as one dataset; `name` is how findings and the summary call it."""

    def __init__(self, files, name: str):
        super().__init__(files)
        self.name = name


def is_data_file(path: Path) -> bool:
    name = path.name.lower()
    for _magic, _kind, suffix in COMPRESSIONS:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.endswith(DATASET_SUFFIXES)


def data_files(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            p = Path(root) / f
            if not f.startswith(".") and is_data_file(p):
                out.append(p)
    return out


def split_of(relative: Path) -> Optional[str]:
    parts = [p.lower() for p in relative.parts]
    for split, names in SPLIT_NAMES.items():
        if any(folder in names for folder in parts[:-1]):
            return split
    stem = parts[-1]
    for split, names in SPLIT_NAMES.items():
        if any(re.match(rf"{n}(?:[-._ 0-9]|$)", stem) for n in names):
            return split
    return None


def splits(folder: str) -> dict[str, list[str]]:
    """Split name -> its files (sorted), for a dataset folder."""
    root = Path(folder)
    configured = _configured_splits(root)
    if configured:
        return configured
    found: dict[str, list[str]] = {}
    files = data_files(root)
    for p in files:
        split = split_of(p.relative_to(root))
        if split is not None:
            found.setdefault(split, []).append(str(p))
    if not found and files:
        found["train"] = [str(p) for p in files]
    return found


def datasets_of(folder: str, eval_given: bool) -> tuple[list[SplitFiles], Optional[SplitFiles], list[str]]:
    """(training datasets, the eval dataset, notes) of a folder."""
    found = splits(folder)
    if not found:
        raise ReadError(f"{folder}: is a directory with no dataset files (.jsonl, .json, .parquet, .csv, ...)")
    label = folder.rstrip("/") or folder
    named = {s: SplitFiles(files, f"{label} ({s} split: {_count(files)})") for s, files in found.items()}
    notes = [f"{label}: {s} split = {', '.join(_short(f, folder) for f in files)}" for s, files in found.items()]
    if "train" not in named:
        return list(named.values()), None, notes
    eval_split = None if eval_given else next((named[s] for s in EVAL_SPLITS if s in named), None)
    return [named["train"]], eval_split, notes


def _count(files: list) -> str:
    return "1 file" if len(files) == 1 else f"{len(files)} files"


def _short(path: str, folder: str) -> str:
    return os.path.relpath(path, folder)


# --- README.md configs -----------------------------------------------------------------------------


def _configured_splits(root: Path) -> dict[str, list[str]]:
    readme = root / "README.md"
    if not readme.is_file():
        return {}
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    configs = parse_configs(text)
    if not configs:
        return {}
    chosen = next((c for c in configs if c.get("config_name") == "default"), configs[0])
    data_files_spec = chosen.get("data_files")
    if isinstance(data_files_spec, (str, list)) and not _is_split_list(data_files_spec):
        data_files_spec = [{"split": "train", "path": data_files_spec}]
    out: dict[str, list[str]] = {}
    every = [p.relative_to(root).as_posix() for p in data_files(root)]
    for entry in data_files_spec or []:
        if not isinstance(entry, dict) or "split" not in entry:
            continue
        patterns = entry.get("path")
        patterns = [patterns] if isinstance(patterns, str) else list(patterns or [])
        files = sorted({f for pat in patterns for f in every if fnmatch.fnmatch(f, pat) or f == pat})
        if files:
            out.setdefault(str(entry["split"]), []).extend(str(root / f) for f in files)
    return out


def _is_split_list(spec) -> bool:
    return isinstance(spec, list) and all(isinstance(e, dict) for e in spec)


def parse_configs(readme: str) -> list[dict]:
    """The `configs:` list of a dataset card's YAML front matter (the block-style subset the Hub
    writes: mappings, lists, plain or quoted scalars)."""
    lines = readme.splitlines()
    if not lines or lines[0].strip() != "---":
        return []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return []
    block, inside = [], False
    for line in lines[1:end]:
        if not inside:
            inside = line.rstrip() == "configs:"
            continue
        if line.strip() and not line.startswith((" ", "-")):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            block.append(line.rstrip())
    value, _ = _parse_block(block, 0, _indent(block[0]) if block else 0)
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(text: str):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(t) for t in text[1:-1].split(",") if t.strip()]
    return text


def _parse_block(lines: list[str], i: int, indent: int):
    """(value, next index) of the block starting at lines[i] with the given indentation."""
    if i >= len(lines):
        return None, i
    if lines[i].lstrip().startswith("- ") or lines[i].strip() == "-":
        items = []
        while i < len(lines) and _indent(lines[i]) == indent and lines[i].lstrip().startswith("-"):
            rest = lines[i].lstrip()[1:].lstrip()
            inner = indent + 2
            if not rest:
                value, i = _parse_block(lines, i + 1, _indent(lines[i + 1]) if i + 1 < len(lines) else inner)
            elif re.match(r"[\w-]+:(\s|$)", rest):
                lines = lines[:i] + [" " * (indent + 2) + rest] + lines[i + 1:]
                value, i = _parse_block(lines, i, indent + 2)
            else:
                value, i = _scalar(rest), i + 1
            items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and _indent(lines[i]) == indent and not lines[i].lstrip().startswith("-"):
        key, _, rest = lines[i].strip().partition(":")
        if rest.strip():
            mapping[key.strip()] = _scalar(rest)
            i += 1
        elif i + 1 < len(lines) and _indent(lines[i + 1]) >= indent and (
                _indent(lines[i + 1]) > indent or lines[i + 1].lstrip().startswith("-")):
            mapping[key.strip()], i = _parse_block(lines, i + 1, _indent(lines[i + 1]))
        else:
            mapping[key.strip()], i = None, i + 1
    return mapping, i


# --- command-line inputs -----------------------------------------------------------------------------


def plan_inputs(paths: list, eval_path, as_one: bool = False) -> tuple[list, object, list[str]]:
    """The datasets to lint and the eval dataset, from paths that may be dataset folders.

    A folder becomes its train split (shards as one dataset) with its test/validation split as the
    eval set unless `eval_path` is given; `as_one` reads all training paths as one dataset."""
    datasets: list = []
    eval_out = eval_path
    notes: list[str] = []
    if isinstance(eval_path, (str, os.PathLike)) and os.path.isdir(eval_path):
        found = splits(os.fspath(eval_path))
        files = next((found[s] for s in EVAL_SPLITS if s in found), None) or [f for fs in found.values() for f in fs]
        if not files:
            raise ReadError(f"{eval_path}: is a directory with no dataset files")
        eval_out = SplitFiles(files, f"{os.fspath(eval_path).rstrip('/')} (eval: {_count(files)})")
    for p in paths:
        if isinstance(p, (str, os.PathLike)) and os.fspath(p) != "-" and os.path.isdir(p):
            train, ev, found_notes = datasets_of(os.fspath(p), eval_out is not None)
            datasets.extend(train)
            notes.extend(found_notes)
            if ev is not None:
                eval_out = ev
                notes.append(f"{ev.name} is the eval set of {train[0].name} (give --eval to choose another)")
        else:
            datasets.append(p)
    if as_one and len(datasets) > 1:
        files = [f for d in datasets for f in (d if isinstance(d, list) else [d])]
        datasets = [SplitFiles(files, f"{os.fspath(files[0])} (+{len(files) - 1} more, as one dataset)")]
    return datasets, eval_out, notes
