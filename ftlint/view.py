"""The dataset view: what checks read. Features are computed once, on demand, and shared.

A feature is a plain function `feature(view) -> value`; `view.feature(fn)` computes it
the first time any check asks and returns the cached value afterwards. Feature
functions live in `ftlint/features/`; checks import the ones they need.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar

from ftlint.formats import SchemaError
from ftlint.model import Example
from ftlint.reading import ReadProblem

T = TypeVar("T")


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
    strict: bool = False
    declarations: Optional[Any] = None  # config.ReadinessDeclarations
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
    settings: RunSettings = field(default_factory=RunSettings)
    eval: Optional["DatasetView"] = None
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
            self.timings[f"feature {fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"] = own
            self.feature_seconds += own
            return value

