"""Long texts of a large file stay in the file and are read back when used (`ftlint.file_texts`).

Deferral starts at 128 MiB; these tests lower the thresholds so that small files take the same
path, and check that what checks see (and the report) does not change."""
from __future__ import annotations

import json
import pickle
import shutil

import pytest

from conftest import FIXTURES, chat, realdata, write_jsonl
from ftlint import file_texts
from ftlint.config import Settings
from ftlint.engine import Engine, load_view
from ftlint.file_texts import FileChanged, FileTurn
from ftlint.model import Turn
from ftlint.render import render
from ftlint.view import RunSettings
from test_determinism import build_dataset

LONG = "Line one of a long answer.\n" * 60


@pytest.fixture
def defer_all(monkeypatch):
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 8)


def view_of(path):
    return load_view(str(path), "train", Settings(), RunSettings())


def texts_of(view) -> list[list[str]]:
    return [[t.text for t in ex.turns + ex.rejected] for ex in view.examples]


def awkward_records() -> list:
    return [
        chat("ASCII prompt with \"quotes\", a back\\slash and a\ttab", LONG),
        chat("Ünïcödé prompt: Привет, 你好, مرحبا", "réponse " * 50 + "\u2028 and \x1f control"),
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "joined"}, {"type": "text", "text": "from parts"}]},
                      {"role": "assistant", "content": LONG}]},
        chat("same text twice", "same text twice"),
    ]


def test_deferred_texts_read_back_exactly(tmp_path, defer_all):
    records = awkward_records()
    held_path = write_jsonl(tmp_path / "a.jsonl", records)
    file_texts.DEFER_FILE_BYTES = 1 << 60  # (the fixture restores it)
    held = texts_of(view_of(held_path))
    file_texts.DEFER_FILE_BYTES = 0
    view = view_of(held_path)
    assert texts_of(view) == held
    kinds = [[type(t) for t in ex.turns] for ex in view.examples]
    assert kinds[0] == [FileTurn, FileTurn]
    assert kinds[2][0] is Turn, "a text joined from parts is in no one JSON string: it is held"
    assert view.deferred_texts == sum(type(t) is FileTurn for ex in view.examples for t in ex.turns) > 0


def test_tokens_of_a_view_whose_texts_stay_in_the_file_get_a_worker_of_their_own(tmp_path, monkeypatch):
    from ftlint.features.tokens import example_tokens
    from ftlint.view import is_isolated

    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 8)
    path = write_jsonl(tmp_path / "iso.jsonl", [chat("an ASCII prompt", LONG)] * 5)
    assert not is_isolated(example_tokens, view_of(path))  # held ASCII text: counted wherever the plan says
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    assert is_isolated(example_tokens, view_of(path))


def test_both_sides_of_a_preference_pair_are_deferred(tmp_path, defer_all):
    record = {"prompt": "A prompt long enough to defer", "chosen": LONG, "rejected": LONG + " (worse)"}
    example = view_of(write_jsonl(tmp_path / "pref.jsonl", [record])).examples[0]
    assert [type(t) for t in example.turns + example.rejected] == [FileTurn] * 3
    assert [t.text for t in example.turns + example.rejected] == [record["prompt"], LONG, LONG + " (worse)"]


@pytest.mark.parametrize("encoding", ["ensure_ascii", "raw"])
def test_a_text_is_found_however_the_writer_escaped_it(tmp_path, defer_all, encoding):
    record = chat("Привет " * 20, "你好，世界。" * 30 + " \"q\" \\ \n")
    line = json.dumps(record, ensure_ascii=(encoding == "ensure_ascii"))
    view = view_of(write_jsonl(tmp_path / "e.jsonl", [line]))
    turns = view.examples[0].turns
    assert [type(t) for t in turns] == [FileTurn, FileTurn]
    assert [t.text for t in turns] == [m["content"] for m in record["messages"]]


def test_positions_hold_after_a_bom_crlf_and_a_skipped_long_line(tmp_path, defer_all):
    path = tmp_path / "b.jsonl"
    lines = [json.dumps(chat("first " * 10, LONG)).encode(), b'{"messages": "' + b"x" * 5000 + b'"}',
             json.dumps(chat("third " * 10, LONG + "3")).encode()]
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")
    view = load_view(str(path), "train", Settings(max_line_bytes=2000), RunSettings())
    assert [p.kind for p in view.problems][:2] == ["bom", "line-too-long"]
    assert texts_of(view) == [["first " * 10, LONG], ["third " * 10, LONG + "3"]]
    assert all(type(t) is FileTurn for ex in view.examples for t in ex.turns)


def test_small_and_compressed_files_hold_their_texts(tmp_path, monkeypatch):
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 8)
    path = write_jsonl(tmp_path / "c.jsonl", [chat("a prompt here", LONG)])
    assert all(type(t) is Turn for t in view_of(path).examples[0].turns)  # under DEFER_FILE_BYTES
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    import gzip
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    view = view_of(packed)
    assert all(type(t) is Turn for t in view.examples[0].turns)
    assert view.examples[0].turns[1].text == LONG


def test_a_deferred_turn_pickles_as_its_text(tmp_path, defer_all):
    view = view_of(write_jsonl(tmp_path / "p.jsonl", [chat("a prompt here", LONG)]))
    turn = view.examples[0].turns[1]
    again = pickle.loads(pickle.dumps(turn))
    assert again.text == LONG and again == turn


def test_a_file_changed_after_reading_stops_the_run(tmp_path, defer_all):
    path = write_jsonl(tmp_path / "d.jsonl", [chat("a prompt here", LONG)] * 3)
    view = view_of(path)
    write_jsonl(path, [chat("something else entirely", "short")])
    with pytest.raises(FileChanged, match="changed while ftlint was reading it"):
        view.examples[0].turns[1].text


def test_the_cli_says_so_when_the_file_changes_mid_run(tmp_path, defer_all, monkeypatch, capsys):
    from ftlint.cli import main
    from ftlint import engine

    path = write_jsonl(tmp_path / "m.jsonl", [chat(f"prompt {i} here", LONG + str(i)) for i in range(30)])
    real = engine.load_view

    def then_change(*args, **kwargs):
        view = real(*args, **kwargs)
        write_jsonl(path, [chat("rewritten", "short")])
        return view

    monkeypatch.setattr(engine, "load_view", then_change)
    assert main([str(path), "--jobs", "1"]) == 2
    assert "changed while ftlint was reading it" in capsys.readouterr().err


def report(train, evals, jobs: int) -> str:
    rep = Engine(Settings(jobs=jobs, extend_select=["ALL"])).lint([str(train)], str(evals))
    rep.stats.pop("timings_s", None)
    return render(rep, "json")


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_report_is_the_same_with_texts_deferred(tmp_path, monkeypatch, jobs):
    train, evals = build_dataset(tmp_path)
    held = report(train, evals, 1)
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 16)
    reads = []
    real_text = file_texts.TextFile.text
    monkeypatch.setattr(file_texts.TextFile, "text", lambda self, a, b: reads.append(a) or real_text(self, a, b))
    assert report(train, evals, jobs) == held
    assert reads, "the run read deferred texts back"


@pytest.mark.parametrize("name", ["v1_sft_demo.jsonl", "reason_tool_use_demo_50.jsonl"])
def test_real_files_report_the_same_with_texts_deferred(tmp_path, monkeypatch, name):
    train = shutil.copy(realdata(name), tmp_path / name)
    evals = write_jsonl(tmp_path / "eval.jsonl", [chat("An eval question of our own", "Its answer.")])
    held = report(train, evals, 1)
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 16)
    assert report(train, evals, 2) == held


def test_fixtures_report_the_same_with_texts_deferred(monkeypatch):
    train, evals = FIXTURES / "ready" / "train.jsonl", FIXTURES / "ready" / "eval.jsonl"
    held = report(train, evals, 1)
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 16)
    assert report(train, evals, 1) == held


def test_fix_writes_the_same_files_with_texts_deferred(tmp_path, monkeypatch):
    from ftlint.cli import main

    rows = [chat(f"Question {i} about the contract", LONG + f" clause {i % 7}") for i in range(40)]
    rows += rows[3:9] + ["{broken", chat("   ", LONG)]
    path = write_jsonl(tmp_path / "fixme.jsonl", rows)

    def fix(tag: str) -> tuple[bytes, bytes]:
        out, rej = tmp_path / f"out-{tag}.jsonl", tmp_path / f"rej-{tag}.jsonl"
        assert main(["fix", str(path), "-o", str(out), "--rejects", str(rej), "--select", "ALL", "--jobs", "1"]) == 0
        return out.read_bytes(), rej.read_bytes()

    held = fix("held")
    monkeypatch.setattr(file_texts, "DEFER_FILE_BYTES", 0)
    monkeypatch.setattr(file_texts, "DEFER_MIN_CHARS", 16)
    reads = []
    real_text = file_texts.TextFile.text
    monkeypatch.setattr(file_texts.TextFile, "text", lambda self, a, b: reads.append(a) or real_text(self, a, b))
    deferred = fix("deferred")
    assert reads, "fix read deferred texts back"
    assert deferred == held
    assert held[1].count(b"\n") >= 7  # the copies and the broken line are rejected, each accounted for


def test_a_turn_left_in_the_file_is_left_once(tmp_path, defer_all):
    path = write_jsonl(tmp_path / "twice.jsonl", [chat("a prompt here", LONG)])
    example = view_of(path).examples[0]
    span = file_texts._TEXT_SLOT.__get__(example.turns[1])
    line = path.read_bytes()
    span.file.defer(example, line, 0)  # a turn reached twice (shared between examples or sides) is skipped
    assert file_texts._TEXT_SLOT.__get__(example.turns[1]) is span
    assert example.turns[1].text == LONG
