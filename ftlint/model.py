"""ftlint's own data: examples as checks see them, findings, and the report.

`Example` and `Turn` are plain slotted dataclasses (hundreds of thousands live at
once); everything that crosses the boundary to users (findings, the report) is a
pydantic model with a stable JSON shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

REPORT_VERSION = "1.0"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(slots=True)
class ToolCall:
    """One call an assistant turn makes. `arguments` is kept as given (should be a JSON string)."""

    id: Optional[str]
    name: Optional[str]
    arguments: Any
    path: str


@dataclass(slots=True)
class Turn:
    """One message of an example, in the canonical shape every check reads.

    `text` is the message's text (text parts joined with newlines); `extra_text`
    is text that is billed but is not prose (serialised tool calls). `reasoning` is
    the message's reasoning (a `reasoning`/`reasoning_content`/`thinking` field or
    part, or the `<think>...</think>` blocks of its content, which are then not in
    `text`), kept apart so a check can see what a chat template would drop;
    `reasoning_path` locates it. `path` is the JSON path of the message in the
    source record, for locating findings.
    """

    role: str
    text: str
    target: bool = False
    path: str = "$"
    weight: Optional[Any] = None
    name: Optional[str] = None
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: Optional[str] = None
    extra_text: str = ""
    # where `text` sits in the record when that is not `path` itself: a suffix of `path` (".content",
    # ".value"), or, for a text joined from several fields, ((offset in text, JSON path), ...) in order
    source: Any = ""
    reasoning: str = ""
    reasoning_path: Optional[str] = None
    # the message's text as written when `<think>...</think>` was split out of it (what a chat
    # template receives as `content`); None otherwise
    raw_text: Optional[str] = None

    def field_path(self, offset: int = 0) -> str:
        """JSON path of the field holding the character at `offset` of `text`."""
        source = self.source
        if not source:
            return self.path
        if isinstance(source, str):
            return self.path + source
        found = source[0][1]
        for start, path in source:
            if start > offset:
                break
            found = path
        return found


@dataclass(slots=True)
class Example:
    """A valid record normalised: ordered turns plus which of them are training targets.

    For a preference pair the turns are the prompt and the chosen answer (the target);
    `rejected` holds the rejected answer's turns (targets of the rejected side), so both
    sides can be counted and compared.
    """

    line: int
    turns: tuple[Turn, ...]
    format: str
    tools_text: str = ""  # JSON text of a top-level tools list (billed as prompt tokens)
    media: str = ""  # JSON text of the images/audio/video the model also sees (part of the prompt's identity)
    rejected: tuple[Turn, ...] = ()  # preference pairs: the rejected answer's turns
    _final: int = field(default=-2, init=False, repr=False, compare=False)  # final_target_index, once known

    @property
    def text_chars(self) -> int:
        """Characters of its turns' text and tool-call text (what sizes its work, not its bytes)."""
        return sum(len(t.text) + len(t.extra_text) for t in self.turns)

    @property
    def target_turns(self) -> tuple[Turn, ...]:
        return tuple(t for t in self.turns if t.target)

    @property
    def final_target_index(self) -> int:
        """Index of the last target turn, or -1 when the example has none (found once: many features
        ask, and an example's turns never change)."""
        found = self._final
        if found == -2:
            found = next((i for i in range(len(self.turns) - 1, -1, -1) if self.turns[i].target), -1)
            self._final = found
        return found


class Related(BaseModel):
    model_config = ConfigDict(frozen=True)
    file: str
    line: Optional[int] = None


class Finding(BaseModel):
    """One located problem. The engine stamps code, name and severity."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    line: Optional[int] = None
    path: Optional[str] = None
    related: list[Related] = Field(default_factory=list)
    column: Optional[int] = Field(default=None, exclude=True)
    unit: str = Field(default="line", exclude=True)  # what `line` counts (the file summary says it in JSON)
    table: bool = Field(default=False, exclude=True)  # a table row: the path's first key is a column
    data: Optional[dict[str, Any]] = None

    def sort_key(self) -> tuple:
        return (self.file, self.line if self.line is not None else -1, self.code, self.path or "", self.message)


@dataclass(slots=True)
class Problem:
    """What a check yields: location and message. The engine turns it into a Finding."""

    message: str
    line: Optional[int] = None
    path: Optional[str] = None
    related: list[tuple[str, Optional[int]]] = field(default_factory=list)
    file: Optional[str] = None  # defaults to the file of the view being checked
    severity: Optional[Severity] = None  # a check may raise or lower its default for one problem
    column: Optional[int] = None
    data: Optional[dict[str, Any]] = None


class FileSummary(BaseModel):
    path: str
    role: str  # "train" or "eval"
    format: Optional[str]
    records: int
    valid_examples: int
    invalid_records: int  # records that break their format's contract and lines no record could be read from
    unit: str = "line"  # what a finding's line counts in this file: line, row (Parquet, in-memory) or element
    table: bool = False  # records are table rows: a finding's JSON path starts with its column
    parts: list[str] = Field(default_factory=list)  # the shards read as this one dataset


class ChecklistItem(BaseModel):
    key: str
    title: str
    status: str  # met / not met / not declared / not checked
    evidence: str


class Readiness(BaseModel):
    verdict: str  # READY / READY WITH WARNINGS / NOT READY
    reasons: list[str] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)


class Report(BaseModel):
    version: str = REPORT_VERSION
    files: list[FileSummary] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    stats: dict[str, Any] = Field(default_factory=dict)
    readiness: Optional[Readiness] = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
