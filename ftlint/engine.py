"""One run: read -> view -> checks -> findings -> readiness -> report.

The engine knows the plugin API, never an individual check.
"""
from __future__ import annotations

import os
import re
import time
import traceback
from collections import Counter
from typing import Callable, Iterable, Optional

from pydantic import ValidationError

from ftlint import cyclic_gc
from ftlint import formats as fmt
from ftlint.config import ConfigError, Settings, check_codes, config_start, load_settings
from ftlint.file_texts import FileChanged
from ftlint.model import FileSummary, Finding, Problem, Related, Report, Severity
from ftlint.parallel import WhileWaiting, compute_features
from ftlint.plugins import Check, PluginError, load_registry, select_codes
from ftlint.reading import UNREAD_KINDS, ReadProblem, Record, RecordStream, display_name
from ftlint.secrets import redact
from ftlint.suppress import record_hash, suppressed
from ftlint.view import DatasetView, InvalidRecord, Node, OnEval, RunSettings, feature_plan, place

DETECTION_WINDOW = 1000  # records buffered to decide a file's format by majority
MAX_FINDINGS_PER_CHECK = 10_000  # per check and file; the rest are counted in one summary finding

StageHook = Callable[[str, int, int], None]  # (stage name, stages done, stages in all)


def load_view(path, role: str, settings: Settings, run: RunSettings, name: Optional[str] = None) -> DatasetView:
    """Stream one dataset into a view: parsed, detected, validated and normalised examples.

    `path` is a file path (str or os.PathLike), a list of paths read as one dataset (the shards
    of a split: positions run on from one shard to the next and findings are mapped back to the
    shard and its own line), or an in-memory source (`ftlint.readers.memory`)."""
    from ftlint.readers.memory import is_source

    if is_source(path):
        sources = [(path.name, path)]
        name = name or path.name
    else:
        name = name or getattr(path, "name", None) if isinstance(path, list) else name
        paths = [os.fspath(p) for p in path] if isinstance(path, (list, tuple)) else [os.fspath(path)]
        sources = [(display_name(p), RecordStream(p, settings.max_line_bytes, settings.columns)) for p in paths]
    problems: list[ReadProblem] = []
    invalid: list[InvalidRecord] = []
    target_invalid: list[InvalidRecord] = []
    examples = []
    formats_seen: dict[str, int] = {}
    buffered: list[tuple[Record, Optional[str]]] = []
    file_format: Optional[str] = settings.format
    records = 0
    validate_s = 0.0

    def accept(record: Record, detected: Optional[str]) -> None:
        nonlocal validate_s
        started = time.perf_counter()
        try:
            _accept(record, detected)
        finally:
            validate_s += time.perf_counter() - started

    def _accept(record: Record, detected: Optional[str]) -> None:
        chosen = fmt.get_format(file_format) if file_format else None
        if chosen is None:
            invalid.append(InvalidRecord(record.line, detected, [fmt.SchemaError("$", "record matches no known format")]))
            return
        errors = chosen.validate(record.value)
        if not errors:
            try:
                example = chosen.normalise(record.value, record.line)
                if record.origin is not None:
                    texts, line, offset = record.origin
                    texts.defer(example, line, offset)
                examples.append(example)
                if run.target is not None:
                    strict = run.target.validate(chosen.name, record.value)
                    if strict:
                        target_invalid.append(InvalidRecord(record.line, detected, strict))
                return
            except RecursionError:  # e.g. tool-call arguments nested ~1000 deep (orjson allows 1024)
                errors = [fmt.SchemaError("$", "record nested too deeply to normalise")]
        invalid.append(InvalidRecord(record.line, detected, errors))

    load_started = time.perf_counter()
    parts: list[tuple[int, str]] = []
    record_columns: dict[int, int] = {}
    record_hashes: dict[int, str] = {}
    want_hashes = bool(settings.findings_baseline or settings.add_findings_baseline)
    offset, unit, table = 0, "line", False

    def items():
        nonlocal offset, unit, table
        for part_name, stream in sources:
            top = 0
            for item in stream:
                if item.line is not None:
                    top = max(top, item.line)
                    item.line += offset
                elif len(sources) > 1:
                    item.message = f"{part_name}: {item.message}"
                if isinstance(item, Record):
                    if item.column is not None:
                        record_columns[item.line] = item.column
                    if want_hashes:
                        record_hashes[item.line] = record_hash(item.value)
                yield item
            if not parts:
                unit = stream.unit
                kind = getattr(stream, "kind", None)
                table = getattr(stream, "table", False) or (kind is not None and kind.container in ("parquet", "csv", "tsv"))
            parts.append((offset, part_name))
            offset += top

    for item in items():
        if isinstance(item, ReadProblem):
            problems.append(item)
            continue
        records += 1
        detected = fmt.detect(item.value)
        if detected is not None and detected not in formats_seen:
            formats_seen[detected] = item.line
        if file_format is None:
            buffered.append((item, detected))
            if len(buffered) >= DETECTION_WINDOW:
                file_format = _majority(buffered)
                for rec, det in buffered:
                    accept(rec, det)
                buffered = []
        else:
            accept(item, detected)
    if buffered:
        file_format = _majority(buffered)
        for rec, det in buffered:
            accept(rec, det)
    total_s = time.perf_counter() - load_started
    view_name = name or (sources[0][0] if len(sources) == 1 else f"{sources[0][0]} (+{len(sources) - 1} more)")
    return DatasetView(
        path=view_name, role=role, format=file_format, format_forced=settings.format is not None,
        examples=examples, problems=problems, invalid=invalid, formats_seen=formats_seen, records=records,
        settings=run, timings={"read+parse": total_s - validate_s, "validate+normalise": validate_s},
        target_invalid=target_invalid, unit=unit, table=table, record_columns=record_columns,
        record_hashes=record_hashes, parts=parts if len(parts) > 1 or view_name != sources[0][0] else [],
        deferred_texts=sum(getattr(getattr(stream, "texts", None), "deferred", 0) for _, stream in sources),
    )


def _majority(buffered: list[tuple[Record, Optional[str]]]) -> Optional[str]:
    counts = Counter(det for _, det in buffered if det is not None)
    if not counts:
        return None
    order = list(fmt.FORMATS)
    return max(counts, key=lambda name: (counts[name], -order.index(name)))


class Engine:
    """Holds the selected, configured checks for one or more runs."""

    def __init__(self, settings: Settings):
        self.settings = settings
        registry = load_registry()
        self.registry = registry
        check_codes(settings, registry)  # a typo in --select / ignore / severity / checks.* is a usage error
        from ftlint.providers import resolve_target

        self.target = resolve_target(settings.target, settings.model)  # before the checks: it sets option defaults
        codes = select_codes(registry, settings.select, settings.extend_select, settings.ignore,
                             {c: cls.enabled_by_default for c, cls in registry.items()})
        self.checks: list[Check] = [self._instantiate(registry[c]) for c in codes]
        self.severity_overrides = self._severity_overrides()
        from ftlint.targets import resolve_model

        resolve_model(settings.model)  # an unknown --model is a usage error before any work

    def _instantiate(self, cls: type[Check]) -> Check:
        raw = self.settings.checks.get(cls.code, self.settings.checks.get(cls.name, {}))
        defaults = self.target.check_defaults().get(cls.code) if self.target is not None else None
        if defaults:
            raw = {**defaults, **raw}  # the user's options beat the target's
        try:
            return cls(cls.Options.model_validate(raw))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'options'}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"options of {cls.code} ({cls.name}): {problems}") from None
        except Exception as exc:  # a third-party check whose constructor fails: name it, no traceback
            raise PluginError(f"check {cls.code} ({cls.__module__}.{cls.__qualname__}) failed to start: "
                              f"{type(exc).__name__}: {exc}") from None

    def _severity_overrides(self) -> dict[str, Severity]:
        out = {}
        for key, value in self.settings.severity.items():
            try:
                sev = Severity(value)
            except ValueError:
                raise ConfigError(f"severity.{key}: {value!r} is not one of error, warning, info") from None
            for code, cls in self.registry.items():
                if code.startswith(key) or cls.name == key:
                    out[code] = sev
        return out

    def run_settings(self) -> RunSettings:
        s = self.settings
        run = RunSettings(model=s.model, epochs=s.epochs, price_per_mtok=s.price_per_mtok,
                          jobs=s.jobs or os.cpu_count() or 1, jobs_given=s.jobs is not None, strict=s.strict,
                          declarations=s.readiness, tokenizer_dir=s.tokenizer, chat_template=s.chat_template, train_on=s.train_on,
                          max_seq_length=s.max_seq_length, target=self.target)
        from ftlint.features.tokens import run_trainer_setup
        from ftlint.targets import resolve_model

        run_trainer_setup(run, resolve_model(s.model))  # a missing tokenizer or broken template: exit 2, before any check
        return run

    def lint(self, paths: Iterable[str], eval_path: Optional[str] = None, stage: Optional[StageHook] = None) -> Report:
        paths = list(paths)
        each = [c for c in self.checks if c.scope == "each"]
        total = len(paths) * (1 + len(self.checks)) + (1 + len(each) if eval_path is not None else 0) + 1
        total += self._plan_size(len(paths), eval_path is not None)
        done = 0

        def step(name: str) -> None:
            nonlocal done
            if stage is not None:
                stage(name, done, total)
            done += 1

        run = self.run_settings()
        eval_view = None
        views = []
        with cyclic_gc.frozen():  # the data is never garbage while the run holds it: kept out of the collector's view
            with cyclic_gc.paused():  # reading makes millions of objects and no garbage
                if eval_path is not None:
                    step(f"reading {display_name(eval_path)}")
                    eval_view = load_view(eval_path, "eval", self.settings, run)
                for path in paths:
                    step(f"reading {display_name(path)}")
                    view = load_view(path, "train", self.settings, run)
                    view.eval = eval_view
                    views.append(view)
                cyclic_gc.freeze_new()  # before the collector runs again (it would traverse them all)
            report = Report()
            targets = [(v, c) for v in views for c in self.checks]
            if eval_view is not None:
                targets += [(eval_view, c) for c in each]
            plan, needs = feature_plan(_wanted_features(targets, [*views, *([eval_view] if eval_view else [])]))
            jobs = run.jobs if _worth_workers([*views, *([eval_view] if eval_view else [])], run) else 1
            # the checks read features already computed: a forked worker would copy every page of the
            # data it touches (500 MB at 100k examples) to save about a second, so they run here, each
            # as soon as what it reads is computed when this process would otherwise wait for a worker
            checks = WhileWaiting(targets, _target_needs(targets, plan), self._timed_check, step)
            compute_features(plan, needs, jobs, step, idle=checks)
            findings = checks.findings()
            done = total - 1  # the workers' stages are done too
            findings.sort(key=Finding.sort_key)
            findings, suppression = suppressed(findings, [*views, eval_view], self.settings)
            report.findings = findings
            report.files = [_summary(v) for v in [*views, *([eval_view] if eval_view else [])]]
            from ftlint.stats import collect_stats  # stats and readiness are engine modules, not checks
            from ftlint.readiness import assess

            step("statistics")
            report.stats = _redacted(collect_stats(views, eval_view, self.settings))  # stats may quote data too
            if suppression:
                report.stats["suppressed"] = suppression
            from ftlint.providers import target_stats

            report.stats["target"] = target_stats(self.target)
            report.stats["timings_s"] = _merged_timings([*views, *([eval_view] if eval_view else [])])
            report.readiness = assess(report, self.settings)
            return report

    def _plan_size(self, trains: int, with_eval: bool) -> int:
        """How many features the plan of a run on these files holds (it depends on no data; the
        progress total is known before reading)."""
        from types import SimpleNamespace

        eval_view = SimpleNamespace(role="eval", eval=None) if with_eval else None
        views = [SimpleNamespace(role="train", eval=eval_view) for _ in range(trains)]
        targets = [(v, c) for v in views for c in self.checks]
        if eval_view is not None:
            targets += [(eval_view, c) for c in self.checks if c.scope == "each"]
        return len(feature_plan(_wanted_features(targets, [*views, *([eval_view] if eval_view else [])]))[0])

    def _timed_check(self, view: DatasetView, check: Check) -> list[Finding]:
        """Run one check on one view, recording its own seconds (features it computed excluded)."""
        features_before = _feature_seconds(view)
        started = time.perf_counter()
        findings = self._run_check(check, view)
        own = time.perf_counter() - started - (_feature_seconds(view) - features_before)
        key = f"check {check.code} {check.name}"
        view.timings[key] = view.timings.get(key, 0.0) + own
        return findings

    def _run_check(self, check: Check, view: DatasetView) -> list[Finding]:
        severity = self.severity_overrides.get(check.code, check.severity)
        try:
            findings: list[Finding] = []
            dropped, worst = 0, severity
            for p in check.run(view):
                if len(findings) < MAX_FINDINGS_PER_CHECK:
                    findings.append(self._stamp(check, severity, view, p))
                else:  # count the rest: a 1 MB file of blank lines must not become 1M findings (1.6 GB)
                    dropped += 1
                    if p.severity is not None and p.severity is not worst and p.severity.rank > worst.rank:
                        worst = p.severity
            if dropped:
                findings.append(Finding(
                    code=check.code, name=check.name, severity=worst, file=view.path,
                    message=(f"{dropped:,} more {check.code} {check.name} finding(s) in this file are not listed "
                             f"(at most {MAX_FINDINGS_PER_CHECK:,} per check and file)"),
                ))
            return findings
        except FileChanged:  # its texts cannot be read back: the run stops (exit code 2), not one check
            raise
        except (Exception, SystemExit) as exc:  # plugin isolation: one broken check must not stop the others
            where = traceback.extract_tb(exc.__traceback__)[-1]
            return [Finding(
                code=check.code, name=check.name, severity=Severity.ERROR, file=view.path,
                message=(f"internal error in check {check.code} ({type(check).__module__}.{type(check).__name__}): "
                         f"{type(exc).__name__}: {redact(str(exc))} (at {os.path.basename(where.filename)}:{where.lineno})"),
                data={"internal_error": True},
            )]

    @staticmethod
    def _stamp(check: Check, severity: Severity, view: DatasetView, p: Problem) -> Finding:
        file, line = place(view, p.file or view.path, p.line)
        layout = _layout(view, p.file)
        message = _reworded(p.message, layout["unit"]) if layout.get("unit", "line") != "line" else p.message
        column = p.column if p.column is not None else _column(view, p.file or view.path, p.line)
        return Finding(
            code=check.code, name=check.name, severity=p.severity or severity, message=redact(message),
            file=file, line=line, path=p.path, column=column, data=_redacted(p.data), **layout,
            related=[Related(file=f, line=ln) for f, ln in (place(view, f, ln) for f, ln in p.related)],
        )


_LINE_WORD = re.compile(r"\b(?:first at )?(line)(s?)(?= \d)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _reworded(message: str, unit: str) -> str:
    """A check's "line 4" / "lines 4, 8" said in the file's unit ("element 4", "rows 4, 8"),
    outside the quoted data a message may hold."""
    out, last = [], 0
    for m in _QUOTED.finditer(message):
        out.append(_LINE_WORD.sub(lambda w: w.group(0).replace("line", unit), message[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_LINE_WORD.sub(lambda w: w.group(0).replace("line", unit), message[last:]))
    return "".join(out)


def _layout(view: DatasetView, file: Optional[str]) -> dict:
    v = view.eval if view.eval is not None and file == view.eval.path else view
    return {"unit": v.unit, "table": v.table} if v.unit != "line" or v.table else {}


def _column(view: DatasetView, file: str, line: Optional[int]) -> Optional[int]:
    for v in (view, view.eval):
        if v is not None and file == v.path and v.record_columns and line is not None:
            return v.record_columns.get(line)
    return None


def _wanted_features(targets: list[tuple[DatasetView, Check]], views: list[DatasetView]) -> list[Node]:
    """(view, feature) for every feature the targets' checks declare, then those statistics read."""
    from ftlint.stats import planned_features

    wanted: list[Node] = []
    for view, check in targets:
        for need in getattr(check, "features", ()) or ():
            wanted.append((view.eval, need.fn) if isinstance(need, OnEval) else (view, need))
    for view in views:
        wanted.extend((view, fn) for fn in planned_features(view))
    return wanted


def _target_needs(targets: list[tuple[DatasetView, Check]], plan: list[Node]) -> list[Optional[set[int]]]:
    """Per target, the plan indexes of the features its check declares it reads, directly or not
    (None when one is not in the plan: it runs after every feature)."""
    index = {(id(view), fn): i for i, (view, fn) in enumerate(plan)}
    out: list[Optional[set[int]]] = []
    for view, check in targets:
        nodes = [(view.eval, need.fn) if isinstance(need, OnEval) else (view, need)
                 for need in getattr(check, "features", ()) or ()]
        found = {index.get((id(v), fn)) for v, fn in feature_plan([n for n in nodes if n[0] is not None])[0]}
        out.append(None if None in found else found)
    return out


PARALLEL_MIN_EXAMPLES = 2_000  # below this many examples in all, workers cost more than they save


def _worth_workers(views: list[DatasetView], run: RunSettings) -> bool:
    """Workers for this run: always when --jobs is given explicitly, else from a size where they pay."""
    return run.jobs > 1 and (run.jobs_given or sum(len(v.examples) for v in views) >= PARALLEL_MIN_EXAMPLES)


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {_redacted(k): _redacted(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_redacted(v) for v in value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple takes its fields as arguments
        return type(value)(*(_redacted(v) for v in value))
    return value


def _feature_seconds(view: DatasetView) -> float:
    """Seconds spent computing features (of this view and of its eval view) so far."""
    return view.feature_seconds + (view.eval.feature_seconds if view.eval is not None else 0.0)


def _merged_timings(views: list[DatasetView]) -> dict[str, float]:
    merged: dict[str, float] = {}
    for view in views:
        for key, seconds in view.timings.items():
            merged[key] = merged.get(key, 0.0) + seconds
    return {k: round(v, 4) for k, v in merged.items()}


def _summary(view: DatasetView) -> FileSummary:
    unreadable = sum(1 for p in view.problems if p.kind in UNREAD_KINDS)  # lines no record came from
    return FileSummary(path=view.path, role=view.role, format=view.format, records=view.records + unreadable,
                       valid_examples=len(view.examples), invalid_records=len(view.invalid) + unreadable,
                       unit=view.unit, table=view.table, parts=[f for _, f in view.parts])


def has_internal_errors(report: Report) -> bool:
    return any(f.data and f.data.get("internal_error") for f in report.findings)


def lint(path, eval=None, model: Optional[str] = None, settings: Optional[Settings] = None,
         **overrides) -> Report:
    """The Python API: lint a training set (and an eval set) and return the Report the CLI renders.

    `path` and `eval` each take a file path (str or os.PathLike), a dataset folder, a list of paths
    (each its own dataset; `as_one=True` reads them as one), an iterable of dicts, a pandas
    DataFrame, a `datasets.Dataset`, or (for `path`) a `datasets.DatasetDict` whose train split is
    linted with its test or validation split as eval. Without `settings`, configuration is found
    as the CLI finds it (`[tool.ftlint]` or `ftlint.toml` from the first file's folder upwards);
    keyword overrides beat it, as options do on the CLI."""
    from ftlint.readers import memory
    from ftlint.readers.folders import plan_inputs

    if memory.is_hf_dataset_dict(path):
        splits = path
        path = splits.get("train") or next(iter(splits.values()))
        if eval is None:
            eval = next((splits[s] for s in ("test", "validation") if s in splits and splits[s] is not path), None)
    paths = _api_sources(path, "path", many=True)
    eval_source = _api_sources(eval, "eval", many=False)[0] if eval is not None else None
    base = settings if settings is not None else load_settings(start=config_start(paths))[0]
    merged = base.merged(origin="lint()", model=model, **overrides)
    datasets, eval_source, _notes = plan_inputs(paths, eval_source, merged.as_one)
    return Engine(merged).lint(datasets, eval_source)


def _api_sources(value, argument: str, many: bool) -> list:
    """The API argument `argument` as a list of datasets (paths or in-memory sources)."""
    import itertools

    from ftlint.readers import memory

    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    if memory.is_dataframe(value) or memory.is_hf_dataset(value):
        return [memory.source_of(value, argument)]
    if isinstance(value, (dict, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"lint({argument}=...): expected a file path, a dataset folder, a list of paths, an "
                        f"iterable of dicts, a pandas DataFrame or a datasets.Dataset; got {type(value).__name__}")
    items = iter(value)
    first = next(items, None)
    rest = itertools.chain([] if first is None else [first], items)
    if isinstance(first, (str, os.PathLike)):
        paths = [os.fspath(p) if isinstance(p, (str, os.PathLike)) else p for p in rest]
        bad = next((p for p in paths if not isinstance(p, str)), None)
        if bad is not None:
            raise TypeError(f"lint({argument}=...): a list of paths holds a {type(bad).__name__}")
        if not many and len(paths) > 1:
            return [paths]  # several eval files: one eval set
        return paths
    return [memory.source_of(rest, argument)]
