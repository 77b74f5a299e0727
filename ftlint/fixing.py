"""The repair engine behind `ftlint fix`: decide per line, then copy the file once.

Two streaming passes over the input:

1. `plan_fix` reads it through the normal engine path (`load_view`) and decides, per
   physical line, one of: keep, keep changed by a named repair, or reject with a reason.
   Only the exceptions are remembered (rejected lines and lines to re-serialise).
2. `apply_fix` reads the raw physical lines again and writes each one to OUT (byte for
   byte, unless a named repair changed it) or to REJECTS (unchanged, wrapped as
   ``{"line", "reason", "repair", "detail", "raw"}``; ``raw_base64`` instead of ``raw``
   when the bytes are not UTF-8). ``raw`` is the whole physical line *including* its line
   ending, so kept + rejected lines, ordered by line number, rebuild the input exactly.

Repairs (each selectable by name). By default only what is certainly redundant or unusable
is removed (`DEFAULT_REPAIRS`); the rest is opt-in (`OPT_IN_REPAIRS`), because a near
duplicate, a leak or a long example may be data the user wants:

- ``drop-invalid``: lines that are not valid examples (invalid JSON or UTF-8, blank, not an
  object, too long, schema-invalid for the file's format).
- ``drop-exact-duplicates``: all but the first kept copy of each example that is identical in
  every field a trainer reads (roles, texts, weights, tool calls, tools, media). Examples that
  are equal only after normalisation (case, whitespace: FT301's groups) are kept, and counted
  in a note.
- ``strip-bom``, ``normalize-line-endings`` (CRLF to LF).
- ``trim-targets``: strip leading/trailing whitespace of target answers, when most target
  answers of the file are already trimmed (the file's own convention). Changed lines are
  re-serialised with their key order kept and non-ASCII text unescaped.
- opt-in ``drop-leaked``: training examples that also appear (equal or near-equal) in ``--eval``.
- opt-in ``drop-over-limit``: examples over the target model's token limit.
- opt-in ``drop-normalized-duplicates``: examples equal to a kept one after normalisation.
- opt-in ``drop-near-duplicates``: all but the first kept member of each near-duplicate group.
  Groups are judged among the examples that survive the repairs above, so an over-limit or
  leaked first copy does not cost the group its only kept member.

A JSON array file is read element by element (as `ftlint check` reads it) and written as
JSONL, one element per line (`json.dumps`, key order kept, non-ASCII unescaped); the summary
counts elements, and REJECTS names each removed element's index and the line where it starts.

No click here: the command lives in `ftlint.commands.fix`.
"""
from __future__ import annotations

import base64
import gzip
import json
import os
import re
import sys
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterator, Optional

import orjson

from ftlint.atomic import atomic_writer
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.errors import UsageError
from ftlint.reading import BOM, ReadError, Record, RecordStream, _open_binary, display_name, resolved_kind
from ftlint.view import DatasetView, RunSettings

REPAIRS: dict[str, str] = {
    "drop-invalid": "drop lines that are not valid examples",
    "drop-leaked": "drop training examples found in the --eval file",
    "drop-over-limit": "drop examples over the model's token limit",
    "drop-exact-duplicates": "drop exact copies (keep the first)",
    "drop-normalized-duplicates": "drop examples equal to a kept one after normalisation (case, whitespace)",
    "drop-near-duplicates": "drop near duplicates (keep the first)",
    "strip-bom": "strip a byte-order mark",
    "normalize-line-endings": "turn CRLF line endings into LF",
    "trim-targets": "trim whitespace around answers (if most are trimmed)",
}
OPT_IN_REPAIRS = ("drop-leaked", "drop-over-limit", "drop-normalized-duplicates", "drop-near-duplicates")
DEFAULT_REPAIRS = tuple(r for r in REPAIRS if r not in OPT_IN_REPAIRS)

# ReadProblem kinds that make a physical line not an example (the others are file-level).
LINE_PROBLEMS = frozenset({"invalid-json", "invalid-utf8", "blank-line", "not-an-object", "line-too-long"})
BOUND_SLACK = 16  # tokens allowed per turn (and per example) beyond the bytes of its text
TRIMMED_CONVENTION = 0.5  # trim only when more than this share of target answers is already trimmed
_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: str  # e.g. invalid-json, exact-duplicate
    repair: str  # the repair that removed the line
    detail: str  # human-readable, e.g. "duplicate of line 12"


@dataclass
class FixPlan:
    """What pass 1 decided: the exceptions to "keep unchanged", by 1-based physical line."""

    repairs: tuple[str, ...]
    lines: int = 0  # physical lines pass 1 saw (pass 2 must see as many)
    rejects: dict[int, Rejection] = field(default_factory=dict)
    trims: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # line -> (JSON path, text)
    notes: list[str] = field(default_factory=list)


@dataclass
class FixSummary:
    input: str
    output: Optional[str]
    rejects_path: Optional[str]
    dry_run: bool
    repairs: tuple[str, ...]
    lines_in: int = 0
    kept: int = 0
    removed: Counter = field(default_factory=Counter)  # reason -> lines
    removed_by_repair: Counter = field(default_factory=Counter)  # repair -> lines
    changed: Counter = field(default_factory=Counter)  # repair -> lines changed
    changed_lines: int = 0  # kept lines that differ from the input (by one repair or more)
    notes: list[str] = field(default_factory=list)
    unit: str = "lines"  # "elements" for a JSON array input

    def to_dict(self) -> dict:
        return {
            "unit": self.unit, "input": self.input, "output": self.output, "rejects": self.rejects_path, "dry_run": self.dry_run,
            "repairs": list(self.repairs), "lines_in": self.lines_in, "kept": self.kept,
            "removed": sum(self.removed.values()), "removed_by_reason": dict(sorted(self.removed.items())),
            "removed_by_repair": dict(sorted(self.removed_by_repair.items())), "changed": self.changed_lines,
            "changed_by_repair": {r: self.changed[r] for r in self.repairs if self.changed[r]},
            "notes": list(self.notes),
        }


def resolve_repairs(select: Optional[list[str]] = None, ignore: Optional[list[str]] = None,
                    extend_select: Optional[list[str]] = None) -> tuple[str, ...]:
    """The repairs to run, in engine order: `select` (default: DEFAULT_REPAIRS) plus `extend_select`,
    minus `ignore`. `ALL` selects every repair; unknown names are a UsageError."""
    chosen: list[str] = []
    for name in [*(select or DEFAULT_REPAIRS), *(extend_select or [])]:
        if name.upper() == "ALL":
            chosen.extend(REPAIRS)
        elif name in REPAIRS:
            chosen.append(name)
        else:
            raise UsageError(f"unknown repair {name!r}; known repairs: {', '.join(REPAIRS)}")
    for name in ignore or []:
        if name not in REPAIRS and name.upper() != "ALL":
            raise UsageError(f"unknown repair {name!r}; known repairs: {', '.join(REPAIRS)}")
    dropped = set(REPAIRS) if any(n.upper() == "ALL" for n in ignore or []) else set(ignore or [])
    return tuple(r for r in REPAIRS if r in chosen and r not in dropped)


# ---------------------------------------------------------------------------------------------
# pass 1: decide


def plan_fix(view: DatasetView, repairs: tuple[str, ...], near_threshold: Optional[float] = None,
             leak_threshold: Optional[float] = None, stage: Optional[Callable[[str], None]] = None,
             where: Callable[[int], str] = lambda line: f"line {line}") -> FixPlan:
    """Decide per line from a loaded view (with `view.eval` set when an eval file is given).

    `near_threshold` and `leak_threshold` are the similarities above which two examples are
    near duplicates or a near leak (default: those of FT302 and FT603). `stage(name)` is told
    which repair is being decided; `where(line)` names a kept copy in a rejection's detail."""
    stage = stage or (lambda name: None)
    plan = FixPlan(repairs)
    plan.lines = len(view.examples) + len(view.invalid) + sum(p.kind in LINE_PROBLEMS for p in view.problems)
    rejects = plan.rejects
    if "drop-invalid" in repairs:
        for p in view.problems:
            if p.kind in LINE_PROBLEMS and p.line is not None:
                rejects[p.line] = Rejection(p.kind, "drop-invalid", p.message)
        for rec in view.invalid:
            detail = "; ".join(f"{e.path}: {e.message}" for e in rec.errors)
            rejects[rec.line] = Rejection("schema-invalid", "drop-invalid", detail)

    examples = view.examples
    alive = [True] * len(examples)
    if "drop-leaked" in repairs and view.eval is not None:
        stage("deciding drop-leaked")
        from ftlint.features.leakage import leaked_training_indexes

        eval_name = view.eval.path
        leaked = view.feature(leaked_training_indexes) if leak_threshold is None else \
            leaked_training_indexes(view, leak_threshold)
        for i, eval_lines in sorted(leaked.items()):
            if alive[i]:
                alive[i] = False
                listed = ", ".join(str(n) for n in eval_lines[:5]) + (" ..." if len(eval_lines) > 5 else "")
                lines = "line" if len(eval_lines) == 1 else "lines"
                rejects[examples[i].line] = Rejection("leaked", "drop-leaked", f"also in {eval_name} {lines} {listed}")
    if "drop-over-limit" in repairs and examples:
        stage("deciding drop-over-limit")
        for i, tokens, limit, model in over_limit_examples(view):
            if alive[i]:
                alive[i] = False
                rejects[examples[i].line] = Rejection(
                    "over-limit", "drop-over-limit", f"{tokens:,} tokens, over the {limit:,}-token limit of {model}")
    if "drop-exact-duplicates" in repairs:
        stage("deciding drop-exact-duplicates")
        from ftlint.features.duplicates import exact_duplicate_groups

        groups, normalised_only = identical_groups(examples, view.feature(exact_duplicate_groups))
        _drop_group_members(groups, examples, alive, rejects,
                            "exact-duplicate", "drop-exact-duplicates", "duplicate of", where)
        if normalised_only and "drop-normalized-duplicates" not in repairs:
            plan.notes.append(f"{normalised_only:,} example(s) equal to another only after normalisation (case, "
                              "whitespace) were kept; --extend-select drop-normalized-duplicates removes them")
    if "drop-normalized-duplicates" in repairs:
        stage("deciding drop-normalized-duplicates")
        from ftlint.features.duplicates import exact_duplicate_groups

        _drop_group_members(view.feature(exact_duplicate_groups), examples, alive, rejects,
                            "normalized-duplicate", "drop-normalized-duplicates", "equal after normalisation to", where)
    if "drop-near-duplicates" in repairs:
        stage("deciding drop-near-duplicates")
        from ftlint.features.duplicates import near_duplicate_groups

        groups = view.feature(near_duplicate_groups) if near_threshold is None else \
            near_duplicate_groups(view, near_threshold)
        _drop_group_members(groups, examples, alive, rejects,
                            "near-duplicate", "drop-near-duplicates", "near duplicate of", where)
    if "trim-targets" in repairs:
        stage("deciding trim-targets")
        _plan_trims(plan, examples, alive)
    return plan


def _utf8_len(text) -> int:
    if not isinstance(text, str):
        return 0
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def token_upper_bound(ex) -> int:
    """More tokens than `example_tokens` can count for `ex`: every token is at least one byte of
    text, and each turn's framing (role, separators, name) is given a generous allowance."""
    bound = _utf8_len(ex.tools_text) + BOUND_SLACK
    for t in ex.turns:
        bound += (_utf8_len(t.text) + _utf8_len(t.extra_text) + _utf8_len(t.role) + _utf8_len(t.name)
                  + _utf8_len(t.tool_call_id) + BOUND_SLACK)
    return bound


def over_limit_examples(view) -> list[tuple[int, int, int, str]]:
    """(example index, tokens, limit, model name) of the examples over the model's limit.

    Only examples whose byte-length bound exceeds the limit are counted (with the same
    `count_examples` the `example_tokens` feature uses): the rest cannot be over it.
    """
    from ftlint.features.tokens import count_examples, token_model

    model = view.feature(token_model)
    limit = model.max_tokens
    candidates = [i for i, ex in enumerate(view.examples) if token_upper_bound(ex) > limit]
    if not candidates:
        return []
    counts = count_examples([view.examples[i] for i in candidates], model, threads=max(1, view.settings.jobs),
                            backend=view.settings.extra.get("tokenizer"))
    return [(i, int(n), limit, model.name) for i, n in zip(candidates, counts.total.tolist()) if n > limit]


def _drop_group_members(groups, examples, alive, rejects, reason, repair, wording, where) -> None:
    for group in groups:
        survivors = [i for i in group if alive[i]]
        for i in survivors[1:]:
            alive[i] = False
            rejects[examples[i].line] = Rejection(reason, repair, f"{wording} {where(examples[survivors[0]].line)}")


def copy_key(ex) -> tuple:
    """Everything a trainer reads of an example, exactly (no normalisation)."""
    return (ex.format, ex.tools_text, getattr(ex, "media", ""),
            tuple((t.role, t.text, t.extra_text, t.target, repr(t.weight), t.name, t.tool_call_id) for t in ex.turns))


def identical_groups(examples, groups: list[list[int]]) -> tuple[list[list[int]], int]:
    """Each normalised-equal group split into groups of exact copies (`copy_key`), and how many
    members are equal to another only after normalisation (kept by drop-exact-duplicates)."""
    out, normalised_only = [], 0
    for group in groups:
        by_key: dict[tuple, list[int]] = {}
        for i in group:
            by_key.setdefault(copy_key(examples[i]), []).append(i)
        normalised_only += len(by_key) - 1
        out.extend(g for g in by_key.values() if len(g) > 1)
    out.sort()
    return out, normalised_only


def _plan_trims(plan: FixPlan, examples, alive) -> None:
    targets = trimmed = 0
    for ex in examples:
        for turn in ex.turns:
            if turn.target and turn.text.strip():
                targets += 1
                trimmed += turn.text == turn.text.strip()
    if not targets:
        return
    share = trimmed / targets
    if share <= TRIMMED_CONVENTION:
        plan.notes.append(f"trim-targets: skipped, only {share:.0%} of target answers are trimmed "
                          "(the file's convention keeps surrounding whitespace)")
        return
    for i, ex in enumerate(examples):
        if not alive[i]:
            continue
        paths = tuple((t.path, t.text) for t in ex.turns
                      if t.target and t.text.strip() and t.text != t.text.strip())
        if paths:
            plan.trims[ex.line] = paths


def trim_record(record: dict, paths: tuple[tuple[str, str], ...]) -> bool:
    """Trim the target texts at `paths` (JSON path, expected text) in place; True when one changed.

    A path names a string, or a message whose `content` (chat) or `value` (ShareGPT) is the
    string. Anything else (multimodal content parts) is left alone.
    """
    changed = False
    for path, text in paths:
        parent, key = _locate(record, path)
        if parent is None:
            continue
        node = parent[key]
        if isinstance(node, dict):
            for name in ("content", "value"):
                if isinstance(node.get(name), str):
                    parent, key, node = node, name, node[name]
                    break
        if isinstance(node, str) and node == text and node.strip() and node != node.strip():
            parent[key] = node.strip()
            changed = True
    return changed


def _locate(record, path: str):
    steps = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _PATH_STEP.finditer(path)]
    if not path.startswith("$") or not steps:
        return None, None
    node = record
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None, None
    last = steps[-1]
    if isinstance(node, dict) and isinstance(last, str) and last in node:
        return node, last
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        return node, last
    return None, None


# ---------------------------------------------------------------------------------------------
# pass 2: copy


@dataclass(slots=True)
class _Line:
    number: int
    data: bytes  # the whole line, or its first max_line_bytes + 1 bytes when `rest` is set
    rest: Optional[Iterator[bytes]] = None  # the remaining chunks of an over-long line


def physical_lines(path: str, max_line_bytes: int) -> Iterator[_Line]:
    """Every physical line with its ending, numbered as `ftlint.reading` numbers them.

    Like `reading.iter_raw_lines`, memory is bounded per line; unlike it, the rest of an
    over-long line is not discarded but offered as a stream of chunks (REJECTS keeps it).
    """
    fh = _open_binary(path)
    try:
        number = 0
        while True:
            data = _read(fh, path, max_line_bytes + 1)
            if not data:
                return
            number += 1
            if len(data) > max_line_bytes and not data.endswith(b"\n"):
                rest = _rest_of_line(fh, path)
                yield _Line(number, data, rest)
                for _ in rest:  # skip whatever the consumer did not read
                    pass
                continue
            yield _Line(number, data)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _rest_of_line(fh, path: str) -> Iterator[bytes]:
    while True:
        more = _read(fh, path, _CHUNK)
        if not more:
            return
        yield more
        if more.endswith(b"\n"):
            return


def _read(fh, path: str, size: int) -> bytes:
    try:
        return fh.readline(size)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ReadError(f"{display_name(path)}: compressed data is corrupt or truncated ({exc})") from None
    except OSError as exc:
        raise ReadError(f"{display_name(path)}: read failed ({exc.strerror or exc})") from None


def apply_fix(path: str, plan: FixPlan, summary: FixSummary, out: Optional[BinaryIO],
              rejects: Optional[BinaryIO], max_line_bytes: int,
              sources: Optional[list[tuple[int, int]]] = None) -> FixSummary:
    """Copy `path` line by line into `out` and `rejects` (either may be None: count only). With
    `sources` (a JSON array read as JSONL), line k holds the element and source line sources[k-1]."""
    strip_bom = "strip-bom" in plan.repairs
    crlf_to_lf = "normalize-line-endings" in plan.repairs
    write_out = out.write if out is not None else None
    for line in physical_lines(path, max_line_bytes):
        summary.lines_in += 1
        rejection = plan.rejects.get(line.number)
        if rejection is not None:
            summary.removed[rejection.reason] += 1
            summary.removed_by_repair[rejection.repair] += 1
            if rejects is not None:
                _write_rejection(rejects, line, rejection, sources)
            continue
        if line.rest is not None:  # pass 1 read it as a valid example: the file changed under us
            raise ReadError(f"{display_name(path)}: line {line.number} changed while fixing; try again")
        data = line.data
        summary.kept += 1
        if line.number == 1 and data.startswith(BOM) and strip_bom:
            data = data[len(BOM):]
            summary.changed["strip-bom"] += 1
        trims = plan.trims.get(line.number)
        if trims is not None:
            data = _trimmed_line(data, trims, path, line.number, summary)
        if crlf_to_lf and data.endswith(b"\r\n"):
            data = data[:-2] + b"\n"
            summary.changed["normalize-line-endings"] += 1
        if data is not line.data:
            summary.changed_lines += 1
        if write_out is not None:
            write_out(data)
    if summary.lines_in != plan.lines:
        raise ReadError(f"{display_name(path)}: the file changed while fixing ({plan.lines:,} lines, then "
                        f"{summary.lines_in:,}); nothing written, try again")
    return summary


def _trimmed_line(data: bytes, trims, path: str, number: int, summary: FixSummary) -> bytes:
    has_bom = number == 1 and data.startswith(BOM)
    body = data[len(BOM):] if has_bom else data
    stripped = body.rstrip(b"\r\n")
    ending = body[len(stripped):]
    try:
        record = orjson.loads(stripped)
    except orjson.JSONDecodeError:
        raise ReadError(f"{display_name(path)}: line {number} changed while fixing; try again") from None
    if not isinstance(record, dict) or not trim_record(record, trims):
        return data
    summary.changed["trim-targets"] += 1
    compact = b'":' in stripped and b'": ' not in stripped
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":") if compact else None)
    return (BOM if has_bom else b"") + text.encode("utf-8") + ending


def _write_rejection(fh: BinaryIO, line: _Line, rejection: Rejection,
                     sources: Optional[list[tuple[int, int]]] = None) -> None:
    head = {"line": line.number, "reason": rejection.reason, "repair": rejection.repair, "detail": rejection.detail}
    if sources is not None:
        element, source_line = sources[line.number - 1]
        head = {"element": element, **({"line": source_line} if source_line is not None else {}),
                **{k: head[k] for k in list(head)[1:]}}
    if line.rest is None:
        try:
            head["raw"] = line.data.decode("utf-8")
        except UnicodeDecodeError:
            head["raw_base64"] = base64.b64encode(line.data).decode("ascii")
        fh.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")
        return
    # an over-long line: stream it as base64, never holding it whole
    fh.write(json.dumps(head, ensure_ascii=False).encode("utf-8")[:-1] + b', "raw_base64": "')
    pending = line.data
    for chunk in line.rest:
        pending += chunk
        cut = len(pending) - len(pending) % 3
        fh.write(base64.b64encode(pending[:cut]))
        pending = pending[cut:]
    fh.write(base64.b64encode(pending) + b'"}\n')


# ---------------------------------------------------------------------------------------------
# the whole job


def _same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return False
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def fix_file(in_path: str, out_path: Optional[str], rejects_path: Optional[str] = None,
             eval_path: Optional[str] = None, repairs: tuple[str, ...] = DEFAULT_REPAIRS,
             settings: Optional[Settings] = None, jobs: int = 1, dry_run: bool = False,
             stage=None) -> FixSummary:
    """Fix `in_path` into `out_path` (and `rejects_path`); with dry_run, only count.

    A JSON array file is read element by element and written as JSONL (see `ArrayElements`).
    Raises UsageError (bad paths or selection) or ReadError (I/O); the input is never written.
    """
    settings = settings or Settings()
    stage = stage or (lambda name: None)
    if in_path == "-":
        raise UsageError("ftlint fix reads its input twice: give a file path, not '-'")
    if not dry_run and not out_path:
        raise UsageError("give the output file with -o/--output (or use --dry-run)")
    inputs = [in_path] + ([eval_path] if eval_path else [])
    for target in filter(None, [out_path, rejects_path]):
        for source in inputs:
            if _same_file(target, source):
                raise UsageError(f"refusing to write {target}: it is the input file {source}")
    if out_path and rejects_path and _same_file(out_path, rejects_path):
        raise UsageError("the output and the rejects file must differ")
    container = resolved_kind(in_path).container if in_path != "-" else "jsonl"
    if container not in ("jsonl", "json-array"):  # rows of a table are no lines to keep byte for byte
        raise UsageError(f"{in_path}: ftlint fix repairs JSONL and JSON array files, not {container.upper() if container != 'parquet' else 'Parquet'}; "
                         f"`ftlint check {in_path}` lists the findings")
    if container != "json-array":
        return _fix(in_path, in_path, None, out_path, rejects_path, eval_path, repairs, settings, jobs, dry_run, stage)
    with tempfile.TemporaryDirectory(prefix="ftlint-fix-") as tmp:
        stage(f"reading {in_path}")
        elements = ArrayElements.read(in_path, os.path.join(tmp, "elements.jsonl"), repairs, settings.max_line_bytes)
        return _fix(in_path, elements.jsonl, elements, out_path, rejects_path, eval_path, repairs, settings, jobs,
                    dry_run, stage)


@dataclass
class ArrayElements:
    """A JSON array file as JSONL: element k (1-based) of the array is line k of `jsonl`, written with
    `json.dumps` (key order kept, non-ASCII unescaped). Elements the reader reports instead of
    returning (not an object, too long) are in `unusable`: they cannot become JSONL lines and are
    removed by drop-invalid. An array with a broken part (invalid JSON or UTF-8) is refused: the
    damage is no element JSONL could hold, nor one whose bounds are certain, so it is fixed by hand.
    In a minified array (elements share lines) an element is named by its index alone."""

    jsonl: str
    sources: list[tuple[int, Optional[int]]]  # (element index, line where it starts or None) per JSONL line
    unusable: list[tuple[int, object]]  # (element index, ReadProblem) of elements that are not records
    bom: bool = False
    by_line: bool = True  # elements are located by line (False: a minified array, by index)

    @classmethod
    def read(cls, path: str, jsonl: str, repairs: tuple[str, ...], max_line_bytes: int) -> "ArrayElements":
        sources, unusable, bom = [], [], False
        stream = RecordStream(path, max_line_bytes)
        with open(jsonl, "w", encoding="utf-8", newline="\n") as out:
            for item in stream:
                if isinstance(item, Record):
                    out.write(json.dumps(item.value, ensure_ascii=False) + "\n")
                    sources.append((len(sources) + len(unusable) + 1, item.line if stream.unit == "line" else None))
                elif item.kind == "bom":
                    bom = True
                elif item.kind in ("not-an-object", "line-too-long"):
                    if "drop-invalid" not in repairs:
                        raise UsageError(f"{path}: line {item.line}: {item.message}; JSONL cannot hold it: "
                                         "select drop-invalid, or fix it by hand; nothing written")
                    unusable.append((len(sources) + len(unusable) + 1, item))
                elif item.kind in ("invalid-json", "invalid-utf8"):
                    raise UsageError(f"{path}: line {item.line}: {item.message}; the JSON array cannot be read "
                                     "element by element past it, so no line is written (fix it by hand, or "
                                     "see `ftlint check` for its position)")
        return cls(jsonl, sources, unusable, bom, stream.unit == "line")

    def where(self, k: int) -> str:
        """A JSONL line named as the element it holds."""
        element, line = self.sources[k - 1]
        return f"element {element}" + (f" (line {line})" if line is not None else "")


def _fix(in_path, read_path, elements: Optional[ArrayElements], out_path, rejects_path, eval_path, repairs,
         settings: Settings, jobs: int, dry_run: bool, stage) -> FixSummary:
    run = RunSettings(model=settings.model, jobs=jobs)
    if elements is None:
        stage(f"reading {in_path}")
    view = load_view(read_path, "train", settings, run)
    if view.format is None and view.records and "drop-invalid" in repairs:
        raise UsageError(f"{in_path}: no record matches a known format, so every line would be dropped; "
                         "nothing written (force one with --format)")
    if eval_path:
        stage(f"reading {eval_path}")
        view.eval = load_view(eval_path, "eval", settings, run)
    plan = plan_fix(view, repairs, _configured(settings, "FT302", "near-duplicates", "threshold"),
                    _configured(settings, "FT603", "near-leakage", "threshold"), stage,
                    **({"where": elements.where} if elements else {}))
    summary = FixSummary(in_path, None if dry_run else out_path, None if dry_run else rejects_path, dry_run,
                         repairs, notes=list(plan.notes))
    if elements is not None:
        summary.unit = "elements"
        summary.notes.insert(0, f"{in_path} is a JSON array: read element by element "
                                f"({len(elements.sources) + len(elements.unusable):,} elements) and written as "
                                "JSONL, one element per line" + (" (its byte-order mark dropped)" if elements.bom else ""))
        if out_path and not dry_run and out_path.endswith(".json"):
            summary.notes.append(f"{out_path} holds JSONL, not a JSON array: consider naming it .jsonl")
    stage("writing" if not dry_run else "counting")
    sources = elements.sources if elements else None

    def copy(out, rej):
        apply_fix(read_path, plan, summary, out, rej, settings.max_line_bytes, sources)
        if elements is not None:
            _account_unusable(elements, summary, rej)

    if dry_run:
        copy(None, None)
        return summary
    try:
        with atomic_writer(out_path) as raw_out:
            out = _maybe_gzip(raw_out, out_path)
            if rejects_path:
                with atomic_writer(rejects_path) as raw_rej:
                    rej = _maybe_gzip(raw_rej, rejects_path)
                    copy(out, rej)
                    rej.close()
            else:
                copy(out, None)
            out.close()
    except OSError as exc:
        raise ReadError(f"cannot write {exc.filename or out_path}: {exc.strerror or exc}") from None
    return summary


def _account_unusable(elements: ArrayElements, summary: FixSummary, rejects: Optional[BinaryIO]) -> None:
    """Count (and write to REJECTS, without raw bytes: the reader keeps none) the array elements that
    are not records."""
    for element, p in elements.unusable:
        summary.lines_in += 1
        summary.removed[p.kind] += 1
        summary.removed_by_repair["drop-invalid"] += 1
        if rejects is not None:
            head = {"element": element, **({"line": p.line} if elements.by_line else {}),
                    "reason": p.kind, "repair": "drop-invalid", "detail": p.message}
            rejects.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")


def _configured(settings: Settings, code: str, name: str, option: str):
    """A check option from the configuration, so fix removes what that check would report."""
    return settings.checks.get(code, settings.checks.get(name, {})).get(option)


def _maybe_gzip(fh: BinaryIO, path: str):
    """Compress when the name ends in .gz; close() of the result never closes `fh` (atomic_writer does)."""
    if path.endswith(".gz"):
        return gzip.GzipFile(fileobj=fh, mode="wb", mtime=0)  # type: ignore[return-value]
    return _NoClose(fh)


class _NoClose:
    def __init__(self, fh: BinaryIO):
        self.write = fh.write

    def close(self) -> None:
        pass
