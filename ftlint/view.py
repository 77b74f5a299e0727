"""The dataset view: what checks read. Features are computed once and shared.

A feature is a plain function `fn(view) -> value`; `view.feature(fn)` computes it the first
time anyone asks and returns the cached value afterwards. Feature functions live in
`ftlint/features/`; checks import the ones they need and list them in `Check.features`.

A feature declares the features it reads with the `feature` decorator::

    @feature(needs=(exact_index, on_eval(example_keys)))
    def exact_leaks(view): ...

(`on_eval(fn)`: the evaluation view's `fn`, read as `view.eval.feature(fn)`; a callable object
used as a feature declares them in a `needs` attribute). From these declarations the engine
builds the plan of a run (`feature_plan`): every feature the selected checks declare, and what
those need, in dependency order, each computed once before the checks run, independent ones in
parallel (`ftlint.parallel.compute_features`). A feature read but not declared still works: it
is computed on demand, where it is read.
"""
from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar

from ftlint.formats import SchemaError
from ftlint.model import Example
from ftlint.reading import ReadProblem

T = TypeVar("T")
Feature = Callable[["DatasetView"], Any]


@dataclass(frozen=True)
class OnEval:
    """A declared need on the evaluation view's feature (`view.eval.feature(fn)`); nothing without
    an eval file."""

    fn: Feature


def on_eval(fn: Feature) -> OnEval:
    return OnEval(fn)


def feature(*, needs: "tuple | Callable[[], tuple]" = (), inline: bool = False,
            isolated: "bool | Callable[[DatasetView], bool]" = False) -> Callable[[T], T]:
    """Decorator declaring what a feature function reads: `needs`, the features it reads (`fn` or
    `on_eval(fn)` each; or a function returning them, for features defined further down);
    `inline`: a cheap projection of the examples (references to their turns, say) that costs more
    to send between processes than to compute, so it is computed in the process that reads it;
    `isolated` (or a function of the view saying so): computing it leaves memory behind that no
    process gives back before it ends (a library's process-wide cache), so with workers it is
    computed first, in a worker that ends once its value has arrived."""
    def declare(fn: T) -> T:
        fn.needs = needs  # type: ignore[attr-defined]
        fn.inline = inline  # type: ignore[attr-defined]
        fn.isolated = isolated  # type: ignore[attr-defined]
        return fn
    return declare


def needs_of(fn: Feature) -> tuple:
    """The features `fn` declares it reads (none when undeclared)."""
    needs = getattr(fn, "needs", ())
    if callable(needs) and not isinstance(needs, (tuple, list)):
        needs = needs()
    return tuple(needs) if isinstance(needs, (tuple, list)) else ()


def is_inline(fn: Feature) -> bool:
    return getattr(fn, "inline", False) is True


def is_isolated(fn: Feature, view: "DatasetView") -> bool:
    """Whether `fn` is computed in a worker of its own on `view` (a predicate that fails: no)."""
    isolated = getattr(fn, "isolated", False)
    if callable(isolated):
        try:
            isolated = isolated(view)
        except Exception:
            return False
    return isolated is True


def feature_label(fn: Feature) -> str:
    """`module.name` of a feature, as timings and progress name it."""
    return f"{getattr(fn, '__module__', '?').rsplit('.', 1)[-1]}.{getattr(fn, '__name__', type(fn).__name__)}"


@dataclass(slots=True)
class InvalidRecord:
    """A record that parsed as a JSON object but breaks its format's contract."""

    line: int
    format: Optional[str]  # the format the record itself looks like (None: none)
    errors: list[SchemaError]


@dataclass
class RunSettings:
    """Run-wide settings a check or feature may need (model, tokenizer choice, parallelism)."""

    model: Optional[str] = None
    epochs: Optional[int] = None
    price_per_mtok: Optional[float] = None
    jobs: int = 1
    jobs_given: bool = False  # --jobs (or `jobs` in the config) set explicitly, not the number of cores
    strict: bool = False
    declarations: Optional[Any] = None  # config.ReadinessDeclarations
    target: Optional[Any] = None  # ftlint.providers.Target whose rules apply, or None (tolerant)
    tokenizer_dir: Optional[str] = None  # --tokenizer DIR: a local Hugging Face tokenizer folder
    chat_template: Optional[str] = None  # --chat-template FILE.jinja
    train_on: Optional[str] = None  # loss mask: assistant, last-assistant, completion, all
    max_seq_length: Optional[int] = None  # the trainer's sequence length (default: the model's context)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class DatasetView:
    path: str  # as shown in findings
    role: str  # "train" or "eval"
    format: Optional[str]  # the file's format (detected or forced)
    format_forced: bool
    examples: list[Example]
    problems: list[ReadProblem]
    invalid: list[InvalidRecord]
    formats_seen: dict[str, int]  # format -> first line where a record of that format appears
    records: int  # JSON objects read (valid or not)
    unit: str = "line"  # what example.line counts: line, row (Parquet, in-memory records) or element (minified array)
    table: bool = False  # records are table rows (Parquet, CSV, a DataFrame): a JSON path's first key is a column
    record_columns: dict[int, int] = field(default_factory=dict, repr=False)  # line -> byte column, when not 1
    parts: list[tuple[int, str]] = field(default_factory=list, repr=False)  # (line offset, file) of each shard
    record_hashes: dict[int, str] = field(default_factory=dict, repr=False)  # line -> content hash (baselines)
    deferred_texts: int = 0  # turns whose text stays in the file until read (`ftlint.file_texts`)
    settings: RunSettings = field(default_factory=RunSettings)
    eval: Optional["DatasetView"] = None
    # valid records that break the run target's strict schema (still normalised into examples)
    target_invalid: list[InvalidRecord] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict, repr=False)  # stage or feature -> own seconds
    feature_seconds: float = field(default=0.0, repr=False)  # sum of the features' own seconds so far
    _cache: dict = field(default_factory=dict, repr=False)

    def feature(self, fn: Callable[["DatasetView"], T]) -> T:
        try:
            return self._cache[fn]
        except KeyError:
            before, started = self.feature_seconds, time.perf_counter()
            value = self._cache[fn] = fn(self)
            own = time.perf_counter() - started - (self.feature_seconds - before)  # minus nested features
            self.timings[f"feature {feature_label(fn)}"] = own
            self.feature_seconds += own
            return value



Node = tuple[DatasetView, Feature]


def feature_plan(wanted: list[Node]) -> tuple[list[Node], list[list[int]]]:
    """The features to compute for `wanted` (view, feature) pairs and everything they declare they
    need, each once, in dependency order (a feature after what it needs; otherwise in the order
    first wanted), with each one's direct needs as indexes into that list.

    A need on the eval view of a view without one is dropped (the feature reads nothing there);
    a declared cycle is broken where it closes (that need is computed on demand)."""
    order: list[Node] = []
    index: dict[tuple[int, Feature], int] = {}
    needs: list[list[int]] = []
    open_: set[tuple[int, Feature]] = set()

    def visit(view: DatasetView, fn: Feature) -> Optional[int]:
        key = (id(view), fn)
        if key in index:
            return index[key]
        if key in open_:
            return None
        open_.add(key)
        direct = []
        for need in needs_of(fn):
            target, need_fn = (view.eval, need.fn) if isinstance(need, OnEval) else (view, need)
            if target is not None and _usable(need_fn):
                i = visit(target, need_fn)
                if i is not None and i not in direct:
                    direct.append(i)
        open_.discard(key)
        index[key] = len(order)
        order.append((view, fn))
        needs.append(direct)
        return index[key]

    for view, fn in wanted:
        if view is not None and _usable(fn):
            visit(view, fn)
    return order, needs


def _usable(fn) -> bool:
    """A callable the view can cache by (a declaration that is not is left to run on demand)."""
    try:
        hash(fn)
    except TypeError:
        return False
    return callable(fn)


def place(view: "DatasetView", file: str, line: Optional[int]) -> tuple[str, Optional[int]]:
    """A position of a view made of shards, as the shard's file and its own line."""
    for v in (view, view.eval):
        if v is not None and v.parts and file == v.path and line is not None:
            i = bisect.bisect_left([off for off, _ in v.parts], line) - 1
            offset, part = v.parts[max(i, 0)]
            return part, line - offset
    return file, line
