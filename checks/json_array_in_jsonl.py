"""What it does:
    Reports, once, a file named as JSON Lines (`.jsonl`) that holds one JSON array instead of
    one object per line. ftlint reads it as the array it is, so every other check still runs.

Why it matters:
    Trainers and upload tools read a `.jsonl` file line by line: a JSON array fails on its first
    line (OpenAI's upload rejects the file; a `for line in f: json.loads(line)` loader crashes).
    Without this check the file would show one invalid-JSON finding per line.

Example:
    train.jsonl:
    [
      {"messages": [...]},
      {"messages": [...]}
    ]

Fix:
    Convert it to JSON Lines (`jq -c '.[]' train.jsonl > fixed.jsonl`) or rename it `.json`
    if the consumer reads JSON arrays.

Options:
    None.
"""
from __future__ import annotations

from ftlint.model import Severity
from ftlint.plugins import ReadProblemCheck


class JsonArrayInJsonl(ReadProblemCheck):
    code = "FT011"
    name = "json-array-in-jsonl"
    severity = Severity.ERROR
    kind = "json-array-in-jsonl"
