"""`ftlint fix`: every line accounted for, atomic writes, never over the input, lint-clean output."""
from __future__ import annotations

import base64
import gzip
import json
import os
import random
from pathlib import Path

import pytest

from conftest import chat, write_jsonl
from ftlint import fixing
from ftlint.cli import main
from ftlint.config import Settings
from ftlint.engine import lint, load_view
from ftlint.view import RunSettings


def line(record: dict, ending: bytes = b"\n", **dumps) -> bytes:
    return json.dumps(record, ensure_ascii=False, **dumps).encode("utf-8") + ending


def varied(i: int, answer: str | None = None) -> dict:
    return chat(f"question number {i} about order {i * 7}", answer if answer is not None else f"Answer {i}: done.")


def split_lines(data: bytes) -> list[bytes]:
    """Physical lines as JSONL readers see them: split after each LF only, endings kept."""
    parts = data.split(b"\n")
    return [p + b"\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def rejected(rejects: Path) -> dict[int, dict]:
    return {w["line"]: w for w in map(json.loads, split_lines(rejects.read_bytes()))}


def raw_of(wrapper: dict) -> bytes:
    return base64.b64decode(wrapper["raw_base64"]) if "raw_base64" in wrapper else wrapper["raw"].encode("utf-8")


def rebuild(out: Path, rejects: Path) -> bytes:
    """Interleave kept lines and rejected lines by line number (kept ones fill the gaps, in order)."""
    removed = {n: raw_of(w) for n, w in rejected(rejects).items()}
    kept = split_lines(out.read_bytes())
    it = iter(kept)
    return b"".join(removed[n] if n in removed else next(it) for n in range(1, len(removed) + len(kept) + 1))


def run_fix(*args: str) -> int:
    return main(["fix", *map(str, args)])


@pytest.fixture
def messy(tmp_path) -> Path:
    lines = [
        line(varied(1), b"\r\n"),
        b"\n",  # blank
        b'{"messages": [{"role": "user", "content": "cut sh\n',  # broken JSON
        line(varied(2)),
        b"[1, 2, 3]\n",  # not an object
        b'{"messages": [{"role": "user", "content": "caf\xe9"}]}\n',  # Latin-1 byte: invalid UTF-8
        line({"messages": [{"role": "user", "content": 42}]}),  # schema-invalid
        line(varied(1), b"\r\n"),  # exact duplicate of line 1
        line(varied(3)),
        line(chat("Question number 2 ABOUT order 14", "answer 2:   done.")),  # duplicate of line 4 once normalised
        line(varied(4)),
    ]
    path = tmp_path / "messy.jsonl"
    path.write_bytes(b"".join(lines) + line(varied(5), b""))  # the last line has no newline
    return path


def test_kept_plus_rejected_rebuilds_the_input(messy, tmp_path):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(messy, "-o", out, "--rejects", rej, "--ignore", "normalize-line-endings,trim-targets") == 0
    assert rebuild(out, rej) == messy.read_bytes()
    reasons = {n: w["reason"] for n, w in rejected(rej).items()}
    # line 10 equals line 4 only once normalised (case, spacing): not certainly redundant, so kept
    assert reasons == {2: "blank-line", 3: "invalid-json", 5: "not-an-object", 6: "invalid-utf8",
                       7: "schema-invalid", 8: "exact-duplicate"}
    assert raw_of(rejected(rej)[6]).endswith(b"caf\xe9\"}]}\n") and "raw" not in rejected(rej)[6]
    assert rejected(rej)[3]["raw"] == '{"messages": [{"role": "user", "content": "cut sh\n'
    # kept lines are byte-for-byte the input lines (CRLF kept when not normalising)
    assert out.read_bytes().splitlines(keepends=True)[0] == line(varied(1), b"\r\n")


def test_rejects_name_the_first_copy_of_a_duplicate(messy, tmp_path):
    rej = tmp_path / "rej.jsonl"
    run_fix(messy, "-o", tmp_path / "out.jsonl", "--rejects", rej)
    by_line = rejected(rej)
    assert by_line[8]["detail"] == "duplicate of line 1"
    assert by_line[8]["repair"] == "drop-exact-duplicates"
    assert 10 not in by_line
    run_fix(messy, "-o", tmp_path / "out.jsonl", "--rejects", rej, "--extend-select", "drop-normalized-duplicates")
    by_line = rejected(rej)
    assert by_line[10]["detail"] == "equal after normalisation to line 4"
    assert by_line[10]["repair"] == "drop-normalized-duplicates" and by_line[8]["reason"] == "exact-duplicate"


def test_output_lints_clean_of_what_was_fixed(messy, tmp_path):
    out = tmp_path / "out.jsonl"
    bom_file = tmp_path / "bom.jsonl"
    bom_file.write_bytes(b"\xef\xbb\xbf" + messy.read_bytes())
    fixed_codes = {"FT001", "FT002", "FT003", "FT004", "FT005", "FT008", "FT100", "FT301", "FT302"}
    before = {f.code for f in lint(str(bom_file)).findings}
    assert {"FT001", "FT002", "FT003", "FT004", "FT005", "FT008", "FT100"} <= before
    assert run_fix(bom_file, "-o", out, "--extend-select", "drop-normalized-duplicates") == 0
    after = {f.code for f in lint(str(out)).findings}
    assert not after & fixed_codes
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" not in out.read_bytes()


def test_untrimmed_targets_are_trimmed_when_the_convention_is_trimmed(tmp_path):
    records = [varied(i) for i in range(30)]
    records[3] = varied(3, "  Answer 3: done.\n\n")
    records[7] = {"messages": [{"content": "q7 é", "role": "user"},
                               {"weight": 1, "content": "Réponse 7 \t", "role": "assistant"}]}
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(line(r) for r in records[:7]) + line(records[7], separators=(",", ":"))
                    + b"".join(line(r) for r in records[8:]))
    assert "FT510" in {f.code for f in lint(str(src)).findings}
    out = tmp_path / "out.jsonl"
    assert run_fix(src, "-o", out) == 0
    lines = out.read_bytes().splitlines(keepends=True)
    assert json.loads(lines[3])["messages"][1]["content"] == "Answer 3: done."
    # key order, compact separators and non-ASCII text of a re-serialised line are kept
    assert lines[7] == '{"messages":[{"content":"q7 é","role":"user"},{"weight":1,"content":"Réponse 7","role":"assistant"}]}\n'.encode()
    untouched = [i for i in range(30) if i not in (3, 7)]
    assert all(lines[i] == line(records[i]) for i in untouched)
    assert "FT510" not in {f.code for f in lint(str(out)).findings}


def test_targets_are_left_alone_when_most_carry_whitespace(tmp_path, capsys):
    records = [varied(i, f"Answer {i}.\n") for i in range(10)] + [varied(10)]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(line(r) for r in records))
    out = tmp_path / "out.jsonl"
    assert run_fix(src, "-o", out, "--select", "trim-targets") == 0
    assert out.read_bytes() == src.read_bytes()
    assert "trim-targets: skipped" in capsys.readouterr().err


def test_whitespace_only_answers_are_not_emptied(tmp_path):
    records = [varied(i) for i in range(10)] + [varied(10, "   ")]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(line(r) for r in records))
    out = tmp_path / "out.jsonl"
    run_fix(src, "-o", out, "--select", "trim-targets")
    assert out.read_bytes() == src.read_bytes()


def test_refuses_to_write_over_the_input(messy, tmp_path, capsys):
    before = messy.read_bytes()
    alias = tmp_path / "sub" / ".." / messy.name
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.jsonl"
    link.symlink_to(messy)
    for target in (messy, alias, link):
        assert run_fix(messy, "-o", target) == 2
        assert run_fix(messy, "-o", tmp_path / "ok.jsonl", "--rejects", target) == 2
    assert "refusing to write" in capsys.readouterr().err
    assert messy.read_bytes() == before
    assert not (tmp_path / "ok.jsonl").exists()


def test_dry_run_writes_nothing_and_reports(messy, tmp_path, capsys):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(messy, "-o", out, "--rejects", rej, "--dry-run") == 0
    assert not out.exists() and not rej.exists()
    assert sorted(os.listdir(tmp_path)) == ["messy.jsonl"]
    err = capsys.readouterr().err
    assert "lines in" in err and "12" in err and "dry run" in err


def test_json_summary_counts_every_line(messy, capsys):
    assert run_fix(messy, "--dry-run", "--output-format", "json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["lines_in"] == 12
    assert summary["kept"] + summary["removed"] == 12
    assert summary["removed_by_reason"] == {"blank-line": 1, "invalid-json": 1, "not-an-object": 1,
                                            "invalid-utf8": 1, "schema-invalid": 1, "exact-duplicate": 1}
    assert summary["unit"] == "lines" and any("only after normalisation" in n for n in summary["notes"])
    assert summary["changed_by_repair"] == {"normalize-line-endings": 1}  # line 8, the other CRLF line, is dropped


def test_selection_limits_the_repairs(messy, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_fix(messy, "-o", out, "--select", "normalize-line-endings") == 0
    assert out.read_bytes() == messy.read_bytes().replace(b"\r\n", b"\n")
    assert run_fix(messy, "-o", out, "--select", "drop-everything") == 2
    assert run_fix(messy, "-o", out, "--ignore", "ALL") == 0
    assert out.read_bytes() == messy.read_bytes()


def test_failure_while_writing_leaves_no_file(messy, tmp_path, monkeypatch):
    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fixing, "_write_rejection", broken)
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(messy, "-o", out, "--rejects", rej) == 2
    assert sorted(os.listdir(tmp_path)) == ["messy.jsonl"]  # no output, no rejects, no temporary file


def test_over_long_line_is_rejected_whole(tmp_path):
    long_line = line(chat("question " * 300, "answer " * 300))
    src = tmp_path / "in.jsonl"
    src.write_bytes(line(varied(1)) + long_line + line(varied(2)))
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    summary = fixing.fix_file(str(src), str(out), str(rej), settings=Settings(max_line_bytes=1024))
    assert summary.removed == {"line-too-long": 1}
    wrapper = json.loads(rej.read_bytes())
    assert wrapper["line"] == 2 and base64.b64decode(wrapper["raw_base64"]) == long_line
    assert rebuild(out, rej) == src.read_bytes()


def test_over_limit_first_copy_does_not_cost_the_group_its_kept_member(tmp_path):
    huge = chat("long question " + "word " * 9000, "Fine.")
    src = tmp_path / "in.jsonl"
    # line 1 is over llama-3-8b's 8,192-token limit; lines 2 and 3 are short duplicates of each other
    src.write_bytes(line(huge) + line(varied(1)) + line(varied(1)) + line(varied(2)))
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", out, "--rejects", rej, "--model", "llama-3-8b") == 0
    assert {n: w["reason"] for n, w in rejected(rej).items()} == {3: "exact-duplicate"}  # over-limit is opt-in
    assert run_fix(src, "-o", out, "--rejects", rej, "--model", "llama-3-8b", "--extend-select", "drop-over-limit") == 0
    reasons = {n: w["reason"] for n, w in rejected(rej).items()}
    assert reasons == {1: "over-limit", 3: "exact-duplicate"}
    assert out.read_bytes() == line(varied(1)) + line(varied(2))
    assert "FT401" not in {f.code for f in lint(str(out), model="llama-3-8b").findings}


def test_gzip_input_and_output(messy, tmp_path):
    gz_in = tmp_path / "in.jsonl.gz"
    gz_in.write_bytes(gzip.compress(messy.read_bytes()))
    plain, packed = tmp_path / "plain.jsonl", tmp_path / "out.jsonl.gz"
    assert run_fix(messy, "-o", plain) == 0
    assert run_fix(gz_in, "-o", packed) == 0
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_stdin_and_missing_inputs_are_refused(tmp_path):
    assert run_fix("-", "-o", tmp_path / "out.jsonl") == 2
    assert run_fix(tmp_path / "missing.jsonl", "-o", tmp_path / "out.jsonl") == 2
    assert not (tmp_path / "out.jsonl").exists()


def test_output_folder_missing_is_an_io_error(messy, tmp_path, capsys):
    assert run_fix(messy, "-o", tmp_path / "nowhere" / "out.jsonl") == 2
    assert "cannot write" in capsys.readouterr().err


def test_input_changing_between_the_passes_writes_nothing(messy, tmp_path, monkeypatch, capsys):
    real_plan = fixing.plan_fix

    def plan_then_append(view, repairs, *more):
        plan = real_plan(view, repairs, *more)
        with open(messy, "ab") as fh:
            fh.write(b"\n" + line(varied(9)))
        return plan

    monkeypatch.setattr(fixing, "plan_fix", plan_then_append)
    assert run_fix(messy, "-o", tmp_path / "out.jsonl", "--rejects", tmp_path / "rej.jsonl") == 2
    assert "changed while fixing" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["messy.jsonl"]


def long_answer(i: int) -> str:
    rng = random.Random(i)
    words = ("refund order parcel courier invoice account password delivery warranty receipt billing plan "
             "upgrade device browser ticket agent coupon stock size colour exchange return tracking").split()
    return " ".join(rng.choice(words) for _ in range(40)) + "."


def test_near_duplicates_keep_the_first_of_each_group(tmp_path):
    records = [chat(f"Topic {i}: what about {long_answer(i)[:60]}?", long_answer(i)) for i in range(12)]
    near = json.loads(json.dumps(records[2]))
    near["messages"][1]["content"] = near["messages"][1]["content"] + " Thanks"
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(line(r) for r in records[:5]) + line(near) + b"".join(line(r) for r in records[5:]))
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(src, "-o", out, "--rejects", rej) == 0
    assert rejected(rej) == {}  # opt-in: a near duplicate may be a distinct example
    assert run_fix(src, "-o", out, "--rejects", rej, "--extend-select", "drop-near-duplicates") == 0
    assert {n: (w["reason"], w["detail"]) for n, w in rejected(rej).items()} == \
        {6: ("near-duplicate", "near duplicate of line 3")}
    from ftlint.features.duplicates import near_duplicate_groups

    assert near_duplicate_groups(load_view(str(out), "train", Settings(), RunSettings())) == []
    # a stricter configured FT302 threshold keeps the pair
    (tmp_path / "ftlint.toml").write_text("[checks.FT302]\nthreshold = 1.0\n")
    assert run_fix(src, "-o", out, "--rejects", rej, "--fix-select", "drop-near-duplicates") == 0
    assert rejected(rej) == {}


def test_token_prefilter_agrees_with_the_full_count(tmp_path):
    """drop-over-limit counts only examples that could be over the limit; it must find exactly
    the examples the token feature (and FT401) finds, including ones just over the limit."""
    from ftlint.features.tokens import example_tokens

    rng = random.Random(7)
    vocab = ["refund", "ok", "é", "naïve", "日本語", "🙂", "x", "the order", "\n", "123", "{\"a\": 1}"]
    records = []
    for i in range(120):
        size = rng.choice([10, 1000, 2000, 3000, 4000, 6000, 8000, 9000])
        text = " ".join(rng.choice(vocab) for _ in range(size))
        records.append(chat(f"q{i} " + text[: len(text) // 3], text, system="Be exact." if i % 2 else None))
    src = write_jsonl(tmp_path / "in.jsonl", records)
    view = load_view(str(src), "train", Settings(), RunSettings(model="llama-3-8b"))
    counts = view.feature(example_tokens)
    expected = sorted(int(i) for i in (counts.total > counts.limit).nonzero()[0])
    assert 10 < len(expected) < 110  # the data straddles the limit
    assert [row[0] for row in fixing.over_limit_examples(view)] == expected
    assert all(n == int(counts.total[i]) for i, n, _, _ in fixing.over_limit_examples(view))


def test_training_examples_leaking_into_eval_are_dropped(tmp_path, capsys):
    records = [chat(f"Topic {i}: tell me about {long_answer(i + 100)[:50]}", long_answer(i)) for i in range(15)]
    near = json.loads(json.dumps(records[6]))
    near["messages"][1]["content"] += " Thanks"
    train = write_jsonl(tmp_path / "train.jsonl", records)
    ev = write_jsonl(tmp_path / "eval.jsonl", [chat("unrelated question", "unrelated answer"), records[3], near])
    before = {f.code for f in lint(str(train), eval=str(ev)).findings}
    assert {"FT601", "FT603"} <= before
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert run_fix(train, "-o", out, "--rejects", rej, "--eval", ev) == 0
    assert rejected(rej) == {}  # opt-in
    assert run_fix(train, "-o", out, "--rejects", rej, "--eval", ev, "--extend-select", "drop-leaked") == 0
    assert {n: (w["reason"], w["detail"]) for n, w in rejected(rej).items()} == {
        4: ("leaked", f"also in {ev} line 2"), 7: ("leaked", f"also in {ev} line 3")}
    after = {f.code for f in lint(str(out), eval=str(ev)).findings}
    assert not after & {"FT601", "FT603"}
    assert ev.read_bytes().count(b"\n") == 3  # the eval file is only read
    # without --eval nothing leaks; asking for drop-leaked without it is a usage error
    assert run_fix(train, "-o", out, "--rejects", rej) == 0 and rejected(rej) == {}
    assert run_fix(train, "-o", out, "--select", "drop-leaked") == 2
    assert run_fix(train, "-o", out, "--extend-select", "drop-leaked") == 2
    assert run_fix(train, "-o", ev, "--eval", ev) == 2  # never writes over the eval file either


@pytest.mark.parametrize("make, get", [
    (lambda i, a: {"instruction": f"Task {i}", "input": "", "output": a}, lambda r: r["output"]),
    (lambda i, a: {"prompt": f"Task {i}", "completion": a}, lambda r: r["completion"]),
    (lambda i, a: {"conversations": [{"from": "human", "value": f"Task {i}"}, {"from": "gpt", "value": a}]},
     lambda r: r["conversations"][1]["value"]),
    (lambda i, a: {"instruction": f"Task {i}", "output": "Done.", "history": [[f"Earlier {i}", a]]},
     lambda r: r["history"][0][1]),
])
def test_trim_targets_in_other_formats(tmp_path, make, get):
    records = [make(i, f"Answer {i}.") for i in range(6)] + [make(6, "\n Answer 6.  ")]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    assert run_fix(src, "-o", out) == 0
    fixed = [json.loads(x) for x in split_lines(out.read_bytes())]
    assert [get(r) for r in fixed] == [f"Answer {i}." for i in range(7)]
    assert [list(r) for r in fixed] == [list(r) for r in records]  # key order kept


def test_leaks_and_duplicates_removed_in_one_run(tmp_path):
    """`--select ALL` with an eval file: the leak repair used to shadow the duplicate repair's line
    formatter with a string, and the duplicate repair then crashed (TypeError)."""
    rows = [chat(f"question number {i} about topic {i * 7}", f"answer {i} with detail {i * 3}") for i in range(30)]
    src = write_jsonl(tmp_path / "train.jsonl", rows + [rows[0]])
    ev = write_jsonl(tmp_path / "eval.jsonl", [rows[5]])
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    assert run_fix(str(src), "--eval", str(ev), "--select", "ALL", "-o", str(out), "--rejects", str(rej)) == 0
    reasons = {json.loads(line)["line"]: json.loads(line)["reason"] for line in rej.read_text().splitlines()}
    assert reasons == {6: "leaked", 31: "exact-duplicate"}
    assert len(out.read_text().splitlines()) == 29
