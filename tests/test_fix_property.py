"""Property: `ftlint fix` accounts for every input line exactly once, in order.

Each input line is either in OUT (identical, or changed only by a named repair: BOM strip,
CRLF -> LF, trimmed target strings) or in REJECTS (unchanged, with a reason), never both,
and OUT and REJECTS keep the input's order.
"""
from __future__ import annotations

import base64
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ftlint.config import Settings
from ftlint.errors import UsageError
from ftlint.fixing import DEFAULT_REPAIRS, fix_file

BOM = b"\xef\xbb\xbf"
MAX_LINE = 1024
QUESTIONS = ["How do I reset my password?", "Where is my order?", "Can I get a refund?", "Wie geht's?"]
ANSWERS = ["Use the reset link.", "It ships today.", "Yes, within 30 days.", "Gut, danke — und dir?"]
SPACE = st.sampled_from([""] * 8 + [" ", "\n", "  \t"])  # mostly trimmed: the convention varies by file


@st.composite
def valid_line(draw) -> bytes:
    question = f"{draw(st.sampled_from(QUESTIONS))} #{draw(st.integers(0, 5))}"  # duplicates happen, not always
    record = {"messages": [{"role": "user", "content": question},
                           {"role": "assistant",
                            "content": draw(SPACE) + draw(st.sampled_from(ANSWERS)) + draw(SPACE)}]}
    if draw(st.booleans()):
        record["messages"].insert(0, {"role": "system", "content": "Be brief."})
    compact = draw(st.booleans())
    text = json.dumps(record, ensure_ascii=draw(st.booleans()), separators=(",", ":") if compact else None)
    return text.encode("utf-8")


def broken_from(body: bytes, cut: int) -> bytes:
    return body[: max(1, len(body) - cut)]


LINE = st.one_of(
    valid_line(), valid_line(), valid_line(), valid_line(),
    st.builds(broken_from, valid_line(), st.integers(1, 40)),  # invalid JSON
    st.sampled_from([b"", b" ", b"\t", b"\r"]),  # blank
    st.sampled_from([b"[1, 2]", b"42", b'"text"', b"null", b"true"]),  # not an object
    st.sampled_from([b'{"messages": "\xff\xfe"}', b"\xc3\x28", b'{"a\r": 1']),  # invalid UTF-8, stray CR
    st.sampled_from([b'{"messages": [{"role": "user", "content": 5}]}', b'{"foo": 1}']),  # schema-invalid
    st.builds(lambda n: json.dumps({"messages": [{"role": "user", "content": "x" * n},
                                                 {"role": "assistant", "content": "ok"}]}).encode(),
              st.integers(MAX_LINE, 3 * MAX_LINE)),  # over max_line_bytes
)


@st.composite
def dataset(draw) -> bytes:
    bodies = draw(st.lists(LINE, min_size=0, max_size=25))
    endings = [draw(st.sampled_from([b"\n", b"\n", b"\r\n"])) for _ in bodies]
    if bodies and draw(st.booleans()):
        endings[-1] = b""  # no final newline
    data = b"".join(b + e for b, e in zip(bodies, endings))
    return (BOM + data) if draw(st.booleans()) else data


def split_lines(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    return [p + b"\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def same_but_trimmed(before, after) -> bool:
    """`after` equals `before` except for strings whose surrounding whitespace was stripped (key order too)."""
    if isinstance(before, dict):
        return (isinstance(after, dict) and list(before) == list(after)
                and all(same_but_trimmed(before[k], after[k]) for k in before))
    if isinstance(before, list):
        return isinstance(after, list) and len(before) == len(after) and all(map(same_but_trimmed, before, after))
    if isinstance(before, str):
        return after == before or (isinstance(after, str) and after == before.strip() and after != "")
    return type(before) is type(after) and before == after


def body_and_ending(line: bytes) -> tuple[bytes, bytes]:
    body = line.rstrip(b"\r\n")
    return body, line[len(body):]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=dataset(), selection=st.sampled_from([DEFAULT_REPAIRS, ("drop-invalid", "drop-exact-duplicates")]))
def test_every_line_is_kept_or_rejected_exactly_once_in_order(data: bytes, selection):
    with tempfile.TemporaryDirectory() as tmp:
        src, out, rej = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl"), Path(tmp, "rej.jsonl")
        src.write_bytes(data)
        try:
            summary = fix_file(str(src), str(out), str(rej), repairs=selection, settings=Settings(max_line_bytes=MAX_LINE))
        except UsageError as exc:  # the only refusal allowed: no line matches any format
            event("refused: no known format")
            assert "no record matches a known format" in str(exc)
            assert not out.exists() and not rej.exists()
            return
        inputs = split_lines(data)
        kept = split_lines(out.read_bytes())
        wrappers = [json.loads(w) for w in split_lines(rej.read_bytes())]

        # rejects: increasing line numbers, a reason each, the input line unchanged
        numbers = [w["line"] for w in wrappers]
        assert numbers == sorted(set(numbers))
        for w in wrappers:
            assert w["reason"] and w["repair"] in selection
            raw = base64.b64decode(w["raw_base64"]) if "raw_base64" in w else w["raw"].encode("utf-8")
            assert raw == inputs[w["line"] - 1]

        # kept: every other input line, in order, identical or changed only by a selected repair
        survivors = [(n, line) for n, line in enumerate(inputs, 1) if n not in set(numbers)]
        assert len(survivors) == len(kept)
        assert len(kept) + len(wrappers) == len(inputs) == summary.lines_in
        event(f"rejected lines: {min(len(wrappers), 3)}+, kept lines: {min(len(kept), 3)}+")
        changed = 0
        for (n, before), after in zip(survivors, kept):
            expected = before
            if n == 1 and expected.startswith(BOM) and "strip-bom" in selection:
                expected = expected[len(BOM):]
            if expected.endswith(b"\r\n") and "normalize-line-endings" in selection:
                expected = expected[:-2] + b"\n"
            changed += after != before
            if after == expected:
                continue
            assert "trim-targets" in selection
            (b_body, b_end), (a_body, a_end) = body_and_ending(expected), body_and_ending(after)
            assert a_end == b_end and a_body.startswith(BOM) == b_body.startswith(BOM)
            assert same_but_trimmed(json.loads(b_body.removeprefix(BOM)), json.loads(a_body.removeprefix(BOM)))
        assert changed == summary.changed_lines
        event(f"changed by trim-targets: {bool(summary.changed['trim-targets'])}")
        assert summary.kept == len(kept) and sum(summary.removed.values()) == len(wrappers)
        if not set(selection) & {"strip-bom", "normalize-line-endings", "trim-targets"}:
            assert kept == [line for _, line in survivors]  # pure drops: kept lines are byte-for-byte
