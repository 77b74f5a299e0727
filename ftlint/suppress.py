"""Suppressions, as linters do them: per-file ignores in the configuration, and a baseline file of
accepted findings.

- `per-file-ignores = {"data/legacy/*.jsonl" = ["FT5", "FT302"]}`: codes or prefixes not reported
  for files matching a glob (matched against the path as given, relative to the working
  directory, and the file name).
- A findings baseline (`ftlint check --add-baseline FILE` writes one, `--baseline FILE` applies
  it): each accepted finding is kept as its code and the content hash of the record it is about
  (BLAKE2b of the record's canonical JSON), not its line, so inserting or deleting other records
  does not invalidate it. A finding with no record (a line that does not parse, a file-level
  finding) is kept as its code and message. Each entry accepts as many findings as it counts.

This is unrelated to `ftlint baseline`, which scores a prompt-engineered model on the eval set.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections import Counter
from typing import Iterable, Optional

import orjson

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A findings baseline that cannot be read or written (exit code 2)."""


def record_hash(value: dict) -> str:
    return hashlib.blake2b(orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS),
                           digest_size=10).hexdigest()


def _matches_file(file: str, pattern: str) -> bool:
    candidates = {file, os.path.basename(file)}
    try:
        candidates.add(os.path.relpath(file))
    except ValueError:  # another drive (Windows)
        pass
    return any(fnmatch.fnmatch(c, pattern) or fnmatch.fnmatch(c, f"*/{pattern}") for c in candidates)


def per_file_ignored(findings: list, per_file_ignores: dict[str, list[str]]) -> tuple[list, int]:
    """(findings still reported, how many the per-file ignores removed)."""
    if not per_file_ignores:
        return findings, 0
    kept = []
    for f in findings:
        if any(_matches_file(f.file, pattern) and any(f.code.startswith(c) or f.name == c for c in codes)
               for pattern, codes in per_file_ignores.items()):
            continue
        kept.append(f)
    return kept, len(findings) - len(kept)


def finding_key(f, hashes: dict[tuple[str, int], str]) -> str:
    digest = hashes.get((f.file, f.line)) if f.line is not None else None
    if digest is not None:
        return f"{f.code} record {digest}"
    return f"{f.code} message {hashlib.blake2b(f.message.encode('utf-8'), digest_size=10).hexdigest()}"


def view_hashes(views: Iterable) -> dict[tuple[str, int], str]:
    """(file, line) -> record hash, from views loaded with record hashes (shards: their own files)."""
    from ftlint.view import place

    out: dict[tuple[str, int], str] = {}
    for view in views:
        if view is None:
            continue
        for line, digest in view.record_hashes.items():
            out[place(view, view.path, line)] = digest
    return out


def write_baseline(path: str, findings: list, hashes: dict[tuple[str, int], str]) -> int:
    counts = Counter(finding_key(f, hashes) for f in findings)
    entries = [{"key": key, "count": n} for key, n in sorted(counts.items())]
    data = {"ftlint_findings_baseline": BASELINE_VERSION, "findings": entries,
            "note": "accepted ftlint findings, matched by check code and record content hash"}
    from ftlint.atomic import write_atomic

    try:
        write_atomic(path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the findings baseline ({exc.strerror or exc})") from None
    return sum(counts.values())


def read_baseline(path: str) -> Counter:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read())
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such findings baseline (write one with --add-baseline {path})") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the findings baseline ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a findings baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("ftlint_findings_baseline") != BASELINE_VERSION or \
            not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an ftlint findings baseline (written by --add-baseline)")
    out: Counter = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or \
                not isinstance(entry.get("count"), int) or entry["count"] < 1:
            raise BaselineError(f"{path}: malformed entry {entry!r}")
        out[entry["key"]] += entry["count"]
    return out


def apply_baseline(findings: list, accepted: Counter, hashes: dict[tuple[str, int], str]) -> tuple[list, int]:
    left = Counter(accepted)
    kept = []
    for f in findings:
        key = finding_key(f, hashes)
        if left[key] > 0:
            left[key] -= 1
            continue
        kept.append(f)
    return kept, len(findings) - len(kept)


def suppressed(findings: list, views: list, settings) -> tuple[list, dict]:
    """Findings after per-file ignores and the baseline (written first with --add-baseline), and
    how many each removed (for the report's stats)."""
    findings, by_file = per_file_ignored(findings, settings.per_file_ignores)
    stats: dict = {"per_file_ignores": by_file} if by_file else {}
    if not (settings.findings_baseline or settings.add_findings_baseline):
        return findings, stats
    hashes = view_hashes(views)
    internal = [f for f in findings if f.data and f.data.get("internal_error")]
    if settings.add_findings_baseline:
        stats["baseline_written"] = write_baseline(settings.add_findings_baseline, [f for f in findings if f not in internal], hashes)
    path: Optional[str] = settings.add_findings_baseline or settings.findings_baseline
    kept, removed = apply_baseline(findings, read_baseline(path), hashes)
    kept.extend(f for f in internal if f not in kept)  # an internal error is never accepted
    stats["baseline"] = {"file": path, "accepted": removed}
    return kept, stats
