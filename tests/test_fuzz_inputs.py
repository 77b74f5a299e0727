"""Named hostile inputs, each among a dozen ordinary lines, through `ftlint.cli.main` with every
registered check: deep nesting (10,000 levels), huge numbers, NaN/Infinity, duplicate keys,
surrogates, NUL bytes, odd line endings, a file ending mid-line or mid-character, and lines of
tens of megabytes (run in a child process under a timeout, so a hang fails instead of blocking).

The contract is the one in test_fuzz.py; where the hostile line is plainly broken, a finding
must point at that line.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ftlint_subprocess import run_ftlint
from test_fuzz import Outcome, assert_contract, physical_lines, run_cli

GOOD = [json.dumps({"messages": [{"role": "user", "content": f"question {i} about the weather"},
                                 {"role": "assistant", "content": f"answer {i}: sunny"}]}).encode()
        for i in range(12)]
HOSTILE_LINE = len(GOOD) + 1  # the hostile line comes after the good ones


def chat_with(user: bytes = b'"q"', assistant: bytes = b'"a"', extra: bytes = b"") -> bytes:
    return (b'{"messages": [{"role": "user", "content": ' + user + b'}, {"role": "assistant", "content": '
            + assistant + b"}]" + extra + b"}")


def nested_arrays(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def nested_objects(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


def as_json_string(raw: bytes) -> bytes:
    return json.dumps(raw.decode()).encode()


# (hostile line, must a finding point at it?)
CASES: dict[str, tuple[bytes, bool]] = {
    "deep-array-10000": (nested_arrays(10_000), True),
    "deep-object-10000": (nested_objects(10_000), True),
    "deep-content-10000": (chat_with(user=nested_arrays(10_000)), True),
    "deep-tool-arguments-1000": (
        b'{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": [{"id": "c1", '
        b'"type": "function", "function": {"name": "f", "arguments": ' + nested_objects(1000) + b"}}]}]}", True),
    "deep-metadata-1000": (chat_with(extra=b', "meta": ' + nested_objects(1000)), False),
    "deep-weight-1000": (chat_with(extra=b"").replace(b'"a"}', b'"a", "weight": ' + nested_arrays(1000) + b"}"), True),
    "deep-json-in-answer-10000": (chat_with(assistant=as_json_string(nested_arrays(10_000))), False),
    "deep-json-in-prompt-10000": (chat_with(user=as_json_string(nested_objects(10_000))), False),
    "deep-text-format-1000": (b'{"text": ' + nested_objects(1000) + b"}", True),
    "huge-integer-literal": (chat_with(extra=b', "n": ' + b"9" * 5000), True),
    "huge-exponent": (chat_with().replace(b'"a"}', b'"a", "weight": 1e400}'), True),
    "negative-huge-exponent": (chat_with().replace(b'"a"}', b'"a", "weight": -1e400}'), True),
    "tiny-exponent": (chat_with().replace(b'"a"}', b'"a", "weight": 1e-400}'), False),
    "int-beyond-64-bits": (chat_with().replace(b'"a"}', b'"a", "weight": 18446744073709551617}'), True),
    "nan-literal": (chat_with().replace(b'"a"}', b'"a", "weight": NaN}'), True),
    "infinity-literal": (chat_with(assistant=b"Infinity"), True),
    "negative-infinity-literal": (chat_with(extra=b', "n": -Infinity'), True),
    "duplicate-key-invalid-last": (chat_with()[:-1] + b', "messages": 5}', True),
    "duplicate-key-valid-last": (b'{"messages": 5, ' + chat_with()[1:], False),
    "duplicate-role-key": (b'{"messages": [{"role": "user", "role": "assistant", "content": "q"}]}', False),
    "lone-high-surrogate-escape": (chat_with(user=b'"\\ud800"'), True),
    "lone-low-surrogate-escape": (chat_with(assistant=b'"x\\udfff"'), True),
    "surrogate-in-key": (chat_with(extra=b', "\\ud800": 1'), True),
    "surrogate-raw-cesu8": (chat_with(user=b'"\xed\xa0\x80"'), True),
    "surrogate-pair-valid": (chat_with(user=b'"\\ud83d\\ude00"'), False),
    "nul-raw-in-string": (chat_with(user=b'"a\x00b"'), True),
    "nul-raw-between-tokens": (chat_with().replace(b", ", b",\x00 ", 1), True),
    "nul-escaped-in-content": (chat_with(user=b'"a\\u0000b"'), False),
    "nul-escaped-as-role": (b'{"messages": [{"role": "\\u0000", "content": "q"}, {"role": "assistant", "content": "a"}]}',
                            True),
    "nul-only-line": (b"\x00" * 100, True),
    "line-separator-in-content": (chat_with(user=as_json_string("a\u2028b\u2029c\x85d".encode())), False),
    "cut-mid-string": (chat_with()[:30], True),
    "cut-after-backslash": (b'{"messages": [{"role": "user", "content": "abc\\', True),
    "invalid-utf8-overlong": (chat_with(user=b'"\xc0\xaf"'), True),
    "bom-in-the-middle": (b"\xef\xbb\xbf" + chat_with(), True),
}


def _write(folder: Path, name: str, lines: list[bytes], ending: bytes = b"\n", final: bytes = b"\n") -> Path:
    path = folder / name
    path.write_bytes(ending.join(lines) + final)
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_line_in_jsonl(tmp_path, case):
    line, must_report = CASES[case]
    path = _write(tmp_path, "data.jsonl", [*GOOD, line, *GOOD[:2]])
    outcome = run_cli(str(path), "--output-format", "json", "--extend-select", "ALL", "--jobs", "1")
    report = assert_contract(outcome, {str(path): physical_lines(path.read_bytes(), path.name)})
    if must_report:
        assert outcome.code == 1
        assert HOSTILE_LINE in {f["line"] for f in report["findings"]}, report["findings"]


@pytest.mark.parametrize("case", [c for c in CASES if b"\n" not in CASES[c][0]][::3])
@pytest.mark.parametrize("container", ["json-array", "gzip"])
def test_hostile_line_in_other_containers(tmp_path, case, container):
    line, _ = CASES[case]
    if container == "gzip":
        path = tmp_path / "data.jsonl.gz"
        path.write_bytes(gzip.compress(b"\n".join([*GOOD, line]) + b"\n"))
        lines = HOSTILE_LINE + 1
    else:
        path = _write(tmp_path, "data.json", [b"[" + GOOD[0], *GOOD[1:], line + b"]"], ending=b",\n")
        lines = HOSTILE_LINE + 1
    outcome = run_cli(str(path), "--output-format", "json", "--extend-select", "ALL", "--jobs", "1")
    assert_contract(outcome, {str(path): lines})


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r", b"\n\r"])
def test_line_endings(tmp_path, ending):
    path = _write(tmp_path, "data.jsonl", GOOD, ending=ending, final=ending)
    outcome = run_cli(str(path), "--output-format", "json", "--extend-select", "ALL", "--jobs", "1")
    assert_contract(outcome, {str(path): physical_lines(path.read_bytes(), path.name)})


def test_mixed_line_endings_are_reported(tmp_path):
    data = b"".join(line + (b"\r\n" if i % 3 == 0 else b"\n") for i, line in enumerate(GOOD))
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    outcome = run_cli(str(path), "--output-format", "json", "--jobs", "1")
    report = assert_contract(outcome, {str(path): len(GOOD) + 1})
    assert any("line endings" in f["message"] for f in report["findings"]), report["findings"]


@pytest.mark.parametrize("tail", [b'{"messages": [{"role": "us', b"{", chat_with(user=b'"caf\xc3')],
                         ids=["mid-key", "open-brace", "mid-utf8-character"])
def test_file_ending_mid_line(tmp_path, tail):
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b"\n".join([*GOOD, tail]))  # no newline after the cut
    outcome = run_cli(str(path), "--output-format", "json", "--jobs", "1")
    report = assert_contract(outcome, {str(path): HOSTILE_LINE})
    assert outcome.code == 1
    assert HOSTILE_LINE in {f["line"] for f in report["findings"] if f["severity"] == "error"}


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"   ", b"\n\n\n", b"\r\n", b"[]", b"[", b"]", b"{}", b"\x00"],
                         ids=["empty", "bom-only", "spaces", "newlines", "crlf", "empty-array", "open-array",
                              "close-bracket", "empty-object", "nul"])
@pytest.mark.parametrize("name", ["data.jsonl", "data.json"])
def test_degenerate_files(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    outcome = run_cli(str(path), "--output-format", "json", "--extend-select", "ALL", "--jobs", "1")
    assert_contract(outcome, {str(path): physical_lines(data, name)})
    assert outcome.code in (1, 2)  # nothing to train on is never "ready"


def test_json_array_with_trailing_garbage(tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(b"[" + b",\n".join(GOOD) + b"]\n garbage {")
    outcome = run_cli(str(path), "--output-format", "json", "--jobs", "1")
    assert_contract(outcome, {str(path): len(GOOD) + 1})


# --- huge lines: bounded work, in a child process with a timeout ---------------------------------


def _run_big(tmp_path, path: Path, lines: int) -> dict:
    proc = run_ftlint(str(path), "--output-format", "json", "--extend-select", "ALL", "--jobs", "1",
                      cwd=tmp_path, timeout=180)
    return assert_contract(Outcome(proc.returncode, proc.stdout, proc.stderr), {str(path): lines})


def test_fifty_megabyte_single_line(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as fh:
        fh.write(chat_with(assistant=b'"' + b"x" * (50 * 1024 * 1024) + b'"') + b"\n")
        fh.write(b"\n".join(GOOD) + b"\n")
    report = _run_big(tmp_path, path, len(GOOD) + 2)
    too_long = [f for f in report["findings"] if f["line"] == 1]
    assert too_long and "longer than" in too_long[0]["message"], report["findings"]
    assert report["files"][0]["valid_examples"] == len(GOOD)


def test_fifty_megabyte_line_without_newline_at_end_of_gzip(tmp_path):
    path = tmp_path / "huge.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(GOOD) + b"\n" + b"[" * (50 * 1024 * 1024), compresslevel=1))
    report = _run_big(tmp_path, path, len(GOOD) + 1)
    assert HOSTILE_LINE in {f["line"] for f in report["findings"]}


def test_fifty_megabyte_element_in_json_array(tmp_path):
    path = tmp_path / "huge.json"
    big = chat_with(assistant=b'"' + b"y" * (50 * 1024 * 1024) + b'"')
    path.write_bytes(b"[" + b",\n".join([*GOOD, big]) + b"]\n")
    report = _run_big(tmp_path, path, len(GOOD) + 1)
    assert HOSTILE_LINE in {f["line"] for f in report["findings"]}


@pytest.mark.parametrize("payload", ["1" * 12_000_000, "\U0001F600" * 1_000_000, " \n\t" * 3_000_000],
                         ids=["digits", "emoji", "whitespace"])
def test_long_line_under_the_limit_is_checked_in_bounded_time(tmp_path, payload):
    """Just under the per-line limit the line is parsed and every check reads it; the run still ends."""
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"\n".join([chat_with(assistant=as_json_string(payload.encode())), *GOOD]) + b"\n")
    report = _run_big(tmp_path, path, len(GOOD) + 2)
    assert report["files"][0]["valid_examples"] == len(GOOD) + 1


def test_findings_per_check_are_capped_and_the_rest_counted(tmp_path):
    """A tiny file of many broken lines must not blow up into millions of findings (memory grew
    by ~1.6 KB per input byte): each check lists at most MAX_FINDINGS_PER_CHECK per file and one
    more finding counts the rest."""
    from ftlint.engine import MAX_FINDINGS_PER_CHECK

    extra = 2_345
    path = tmp_path / "blanks.jsonl"
    path.write_bytes(b"\n".join(GOOD) + b"\n" + b"\n" * (MAX_FINDINGS_PER_CHECK + extra))
    outcome = run_cli(str(path), "--output-format", "json", "--select", "FT004", "--jobs", "1")
    report = assert_contract(outcome, {str(path): physical_lines(path.read_bytes(), path.name)})
    listed = [f for f in report["findings"] if f["line"] is not None]
    summary = [f for f in report["findings"] if f["line"] is None]
    assert len(listed) == MAX_FINDINGS_PER_CHECK
    assert len(summary) == 1 and f"{extra:,} more FT004" in summary[0]["message"]
    assert summary[0]["severity"] == listed[0]["severity"]
