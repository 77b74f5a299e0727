"""Hostile input never crashes or hangs ftlint.

Random bytes, random JSON and format-shaped records with hostile values (NaN/Infinity literals,
huge numbers, duplicate keys, lone surrogates, NUL bytes, mixed line endings, a cut-off last
line, BOMs, gzip and JSON-array containers) go through `ftlint.cli.main` with every registered
check enabled (`--extend-select ALL`, so checks added later are fuzzed too) and through every
registered renderer. The contract, for every input:

- exit 0 or 1 with a JSON report whose findings are located inside the files given, or
- exit 2 with one `ftlint: error: ...` line on stderr,
- never a traceback, never an "internal error in check" finding.

CI runs a fixed, derandomized budget (well under a minute). The longer, randomized run is one command:

    FTLINT_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint import formats as fmt
from ftlint.cli import main
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.formats.quick import QUICK_VALIDATORS
from ftlint.model import Example, Severity
from ftlint.reading import RecordStream, ReadError, ReadProblem, Record, read_records
from ftlint.render import RENDERERS, render

LONG_RUN = int(os.environ.get("FTLINT_FUZZ_EXAMPLES", "0") or 0)
FUZZ = settings(
    max_examples=LONG_RUN or 25,
    derandomize=not LONG_RUN,  # CI: the same examples every run; long run: fresh random ones
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
FAST = settings(FUZZ, max_examples=LONG_RUN or 150)  # the cheap, in-memory properties

# --- strategies ----------------------------------------------------------------------------------

NASTY_TEXT = [
    "", " ", "\n", "\x00", "a\x00b", "\u2028", "\ufeff", "\ud83d\ude00", "e\u0301", "ǅ", "ﬁ", "İ",
    '{"answer": 1}', "```json\n{\"a\": [1, 2]}\n```", "[" * 50, "null", "NaN", "-Infinity", "1e400",
    "sk-proj-" + "A1b2C3d4" * 6, "AKIA" + "ABCDEFGHIJKLMNOP", "ghp_" + "x" * 36, "bob@example.com",
    "+1 (555) 010-9999", "4111 1111 1111 1111", "<|endoftext|>", "<|im_start|>user", "### Response:",
    "The capital of France is Paris.", "Positive", "positive", " Positive.", "A" * 3000, "word " * 400,
]
texts = st.one_of(st.text(max_size=40), st.sampled_from(NASTY_TEXT))
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0, 1, -1, 0.5, 2**63, -(2**63) - 1]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)
roles = st.one_of(st.sampled_from(["user", "assistant", "system", "tool", "developer", "function", "USER",
                                   "human", "gpt", "bot", ""]), texts)
weights = st.one_of(st.sampled_from([0, 1, 0.0, 1.0, 0.5, 2, -1, "1", None, True]), numbers)


def maybe(strategy, other=json_values):
    """Mostly the well-typed value, sometimes any JSON at all."""
    return st.one_of(strategy, strategy, strategy, other)


content_parts = st.lists(
    st.fixed_dictionaries({"type": maybe(st.sampled_from(["text", "image_url", "input_text", "reasoning"]))},
                          optional={"text": maybe(texts), "image_url": json_values}),
    max_size=3,
)
tool_calls = st.lists(
    st.fixed_dictionaries({}, optional={
        "id": maybe(st.sampled_from(["call_1", "call_2", ""])),
        "type": maybe(st.just("function")),
        "function": maybe(st.fixed_dictionaries({}, optional={
            "name": maybe(texts), "arguments": maybe(st.one_of(texts, st.just('{"city": "Paris"}'))),
        })),
    }),
    max_size=2,
)
messages = st.lists(
    st.fixed_dictionaries({"role": maybe(roles)}, optional={
        "content": maybe(st.one_of(texts, st.none(), content_parts)),
        "weight": weights, "name": maybe(texts), "tool_calls": maybe(tool_calls),
        "tool_call_id": maybe(st.sampled_from(["call_1", "call_2", "x"])),
    }),
    max_size=6,
)
records = st.one_of(
    st.fixed_dictionaries({"messages": maybe(messages)},
                          optional={"tools": json_values, "parallel_tool_calls": json_values, "meta": json_values}),
    st.fixed_dictionaries({"prompt": maybe(texts), "completion": maybe(texts)}),
    st.fixed_dictionaries({"instruction": maybe(texts), "output": maybe(texts)},
                          optional={"input": maybe(texts), "system": maybe(texts),
                                    "history": maybe(st.lists(st.lists(texts, min_size=2, max_size=2), max_size=2))}),
    st.fixed_dictionaries({"conversations": maybe(st.lists(
        st.fixed_dictionaries({"from": maybe(st.sampled_from(["human", "gpt", "system", "function_call",
                                                              "observation", "user"])),
                               "value": maybe(texts)}), max_size=5))},
        optional={"system": maybe(texts), "tools": json_values}),
    st.fixed_dictionaries({"prompt": maybe(st.one_of(texts, messages)), "chosen": maybe(st.one_of(texts, messages)),
                           "rejected": maybe(st.one_of(texts, messages))}),
    st.fixed_dictionaries({"input": maybe(st.fixed_dictionaries({"messages": messages})),
                           "preferred_output": maybe(messages), "non_preferred_output": maybe(messages)}),
    st.fixed_dictionaries({"text": maybe(texts)}),
    st.dictionaries(texts, json_values, max_size=4),
)


def dump(value, ensure_ascii: bool) -> bytes:
    """JSON text as a careless producer writes it: NaN/Infinity literals pass, lone surrogates are
    written as escapes (ensure_ascii) or as raw CESU-8 bytes."""
    text = json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def record_lines(draw) -> bytes:
    value = draw(st.one_of(records, records, records, json_values))
    line = dump(value, draw(st.booleans()))
    mutation = draw(st.sampled_from(["none"] * 6 + ["nul", "surrogate", "dup-key", "huge", "cut", "bytes"]))
    if mutation == "none" or not line:
        return line
    at = draw(st.integers(0, len(line)))
    if mutation == "nul":
        return line[:at] + b"\x00" + line[at:]
    if mutation == "surrogate":
        return line[:at] + draw(st.sampled_from([b"\\ud800", b"\\udfff", b"\xed\xa0\x80", b"\\ud83d\\ude00"])) + line[at:]
    if mutation == "dup-key" and isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        return line[:-1] + b", " + dump(key, True) + b": " + dump(draw(json_values), True) + b"}"
    if mutation == "huge" and line.endswith(b"}"):
        literal = draw(st.sampled_from([b"1e400", b"-1e400", b"9" * 400, b"NaN", b"Infinity", b"-Infinity", b"1e-400"]))
        return line[:-1] + (b", " if len(line) > 2 else b"") + b'"n": ' + literal + b"}"
    if mutation == "cut":
        return line[:at]
    if mutation == "bytes":
        return line[:at] + draw(st.binary(min_size=1, max_size=8)) + line[at:]
    return line


@st.composite
def dataset_files(draw) -> tuple[str, bytes]:
    """(file name, file bytes): JSONL with hostile lines and endings, a JSON array, or gzip."""
    lines = draw(st.lists(record_lines(), max_size=30))
    if lines and draw(st.booleans()):  # repeat some lines: duplicates, conflicts, leakage
        lines += draw(st.lists(st.sampled_from(lines), max_size=10))
    kind = draw(st.sampled_from(["jsonl"] * 5 + ["json", "gz", "bytes"]))
    if kind == "bytes":
        return "random.jsonl", draw(st.binary(max_size=3000))
    if kind == "json":
        return "data.json", b"[" + b",\n".join(lines) + draw(st.sampled_from([b"]\n", b"]", b""]))
    endings = draw(st.lists(st.sampled_from([b"\n", b"\n", b"\n", b"\r\n", b"\r", b"\n\n"]),
                            min_size=len(lines), max_size=len(lines)))
    data = b"".join(line + end for line, end in zip(lines, endings))
    if draw(st.booleans()) and data.endswith(b"\n"):  # the file ends mid-line, or just without a newline
        data = data[: -draw(st.integers(1, min(len(data), 40)))]
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    if kind == "gz":
        packed = gzip.compress(data)
        if draw(st.integers(0, 3)) == 0:
            packed = packed[: draw(st.integers(0, len(packed)))]
        return "data.jsonl.gz", packed
    return "data.jsonl", data


# --- running ftlint and judging the outcome --------------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_cli(*argv: str, stdin: Optional[bytes] = None) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(stdin)))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        sys.stdin = saved_stdin
    return Outcome(code, out.getvalue(), err.getvalue())


def physical_lines(data: bytes, name: str) -> int:
    """Lines a finding may point at. ftlint sniffs gzip by its magic bytes, not by the name."""
    if data.startswith(b"\x1f\x8b"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return 0  # corrupt: the whole file is an I/O error, no line findings
    return data.count(b"\n") + 1


def internal_errors(report: dict) -> list[str]:
    return [f["message"] for f in report["findings"]
            if (f.get("data") or {}).get("internal_error") or "internal error in check" in f["message"]]


def assert_contract(outcome: Outcome, files: dict[str, int]) -> Optional[dict]:
    """files maps each path as shown in findings to its number of physical lines."""
    assert "Traceback" not in outcome.err, outcome.err
    assert outcome.code in (0, 1, 2), outcome
    if outcome.code == 2 and not outcome.out:
        lines = outcome.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ftlint: error: "), outcome.err
        return None
    report = json.loads(outcome.out)
    crashed = internal_errors(report)
    assert not crashed, "a check crashed on fuzzed input:\n" + "\n".join(crashed)
    assert outcome.code != 2, outcome.err
    for finding in report["findings"]:
        assert finding["file"] in files, finding
        assert Severity(finding["severity"])
        assert finding["message"].strip(), finding
        if finding["line"] is not None:
            assert 1 <= finding["line"] <= files[finding["file"]], (finding, files)
        for rel in finding["related"]:
            if rel["line"] is not None and rel["file"] in files:
                assert 1 <= rel["line"] <= files[rel["file"]], (finding, files)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert outcome.code == (1 if errors else 0), (outcome.code, errors)
    return report


def render_everywhere(paths: list[str], eval_path: Optional[str] = None) -> None:
    """The same input through the Python API and every registered renderer."""
    engine = Engine(Settings(extend_select=["ALL"], jobs=1))
    try:
        report = engine.lint(paths, eval_path)
    except ReadError:
        return
    for name in RENDERERS:
        text = render(report, name, color=False, width=100)
        assert isinstance(text, str), name
        if name == "json":
            json.loads(text)


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="ftlint-fuzz-")


# --- fuzzing the whole program --------------------------------------------------------------------


@FUZZ
@given(dataset_files(), st.sampled_from([None, None, None, *fmt.FORMATS]))
def test_fuzzed_file_through_cli(file, forced_format):
    name, data = file
    with scratch() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(data)
        argv = [path, "--output-format", "json", "--extend-select", "ALL", "--jobs", "1"]
        if forced_format:
            argv += ["--format", forced_format]
        assert_contract(run_cli(*argv), {path: physical_lines(data, name)})
        render_everywhere([path])


@FUZZ
@given(dataset_files(), dataset_files())
def test_fuzzed_train_and_eval_through_cli(train, evals):
    with scratch() as folder:
        train_path = os.path.join(folder, "train-" + train[0])
        eval_path = os.path.join(folder, "eval-" + evals[0])
        Path(train_path).write_bytes(train[1])
        Path(eval_path).write_bytes(evals[1])
        outcome = run_cli(train_path, "--eval", eval_path, "--output-format", "json", "--extend-select", "ALL",
                          "--jobs", "1")
        assert_contract(outcome, {train_path: physical_lines(train[1], train[0]),
                                  eval_path: physical_lines(evals[1], evals[0])})


@FUZZ
@given(st.lists(record_lines(), max_size=20))
def test_fuzzed_stdin(lines):
    data = b"\n".join(lines)
    outcome = run_cli("-", "--output-format", "json", "--extend-select", "ALL", "--jobs", "1", stdin=data)
    assert_contract(outcome, {"<stdin>": data.count(b"\n") + 1})


@FUZZ
@given(st.lists(st.one_of(records, st.sampled_from([{}, {"messages": []}, {"text": ""}])), max_size=40))
def test_fuzzed_valid_json_records_through_cli(values):
    """Well-formed JSON lines only: every record reaches detection, validation and the checks."""
    with scratch() as folder:
        path = os.path.join(folder, "data.jsonl")
        Path(path).write_bytes(b"".join(json.dumps(v, allow_nan=False, ensure_ascii=False, default=str)
                                        .encode("utf-8", "surrogatepass") + b"\n"
                                        for v in values if _finite(v)))
        assert_contract(run_cli(path, "--output-format", "json", "--extend-select", "ALL", "--jobs", "1"),
                        {path: len(values) + 1})


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


# --- fuzzing the parts: reader, detection, validators, normalisers ---------------------------------


@FAST
@given(st.binary(max_size=4000), st.sampled_from(["data.jsonl", "data.json", "data.jsonl.gz"]))
def test_reader_on_random_bytes(data, name):
    with scratch() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        last = 0
        stream = RecordStream(path, max_line_bytes=1024)
        try:
            items = list(stream)
        except ReadError as exc:  # only a file that cannot be read as a whole: corrupt compressed data,
            # or bytes of a type that is no dataset format (an image, UTF-16 text, ...), named as such
            assert ("corrupt" in str(exc) or "not a dataset format" in str(exc)
                    or "zstd" in str(exc) or "Parquet" in str(exc)), str(exc)
            return
        if stream.unit == "element":  # a minified array: positions are element indices
            items = [i for i in items if isinstance(i, Record)]
        for item in items:
            assert isinstance(item, (Record, ReadProblem))
            if isinstance(item, Record):
                assert isinstance(item.value, dict)
            if item.line is not None:
                assert last <= item.line <= data.count(b"\n") + 1
                last = item.line
            else:
                assert isinstance(item, ReadProblem) and item.message


@FAST
@given(st.lists(record_lines(), max_size=15), st.sampled_from([b"\n", b"\r\n"]))
def test_reader_locates_every_line(lines, ending):
    """Each non-empty physical line yields exactly one record or one located problem."""
    lines = [line for line in lines if b"\n" not in line and b"\r" not in line]
    with scratch() as folder:
        path = os.path.join(folder, "data.jsonl")
        Path(path).write_bytes(b"".join(line + ending for line in lines))
        stream = RecordStream(path)
        located = [item.line for item in stream if item.line is not None and getattr(item, "kind", "") != "bom"]
        if stream.kind.container == "json-array":  # '[' ... ']' over several lines: a JSON array saved as .jsonl
            return
        assert located == list(range(1, len(lines) + 1))


@FAST
@given(st.one_of(records, st.dictionaries(texts, json_values, max_size=5)))
def test_detection_validation_normalisation(value):
    """Detection never raises; each format's validator returns located errors or accepts; the
    fast path never accepts what the JSON Schema rejects; accepted records normalise."""
    detected = fmt.detect(value)
    assert detected is None or detected in fmt.FORMATS
    for name, form in fmt.FORMATS.items():
        errors = form.validate(value)
        assert all(e.path.startswith("$") and e.message for e in errors)
        quick = QUICK_VALIDATORS.get(name)
        if quick is not None and quick(value):
            assert not list(form._validator.iter_errors(value)), (name, value)
        if not errors:
            example = form.normalise(value, 7)
            assert isinstance(example, Example) and example.line == 7
            assert all(isinstance(t.text, str) and isinstance(t.role, str) for t in example.turns)
