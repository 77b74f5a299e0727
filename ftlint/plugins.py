"""The check plugin API and the entry-point registry.

A check is a subclass of `Check` registered in the `ftlint.checks` entry-point group
(built-in checks use the same group). It declares:

- `code` (e.g. ``FT301``) and `name` (kebab-case, names the problem),
- `severity` (default level) and `scope` (``"each"``: run on every file;
  ``"train"``: run once per training file, with `view.eval` set when given),
- an `Options` pydantic model (unknown options are a configuration error),
- a docstring with the sections *What it does / Why it matters / Example / Fix / Options*,
- `run(view)`, yielding `Problem`s. The engine stamps code, name and severity.
"""
from __future__ import annotations

import inspect
import re
import sys
from abc import ABC, abstractmethod
from functools import lru_cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, ClassVar, Iterable

from pydantic import BaseModel, ConfigDict

from ftlint.model import Problem, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ftlint.view import DatasetView

ENTRY_POINT_GROUP = "ftlint.checks"
CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def is_kebab_case(name: str) -> bool:
    """Words of lower-case ASCII letters and digits joined by single hyphens, a letter first
    (`select-me`, `ft3-near`; not `Select`, `a--b`, `-a`, `a-`, `a\\n`). A scan, not a regular
    expression: `^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$` backtracks over a long run before a bad end."""
    return (name[:1] in _NAME_CHARS and not name[0].isdigit() and all(name.split("-"))
            and _NAME_CHARS.issuperset(name.replace("-", "")))


DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Fix", "Options")


class PluginError(Exception):
    """A plugin cannot be loaded or breaks the registry's rules (exit code 2)."""


class CheckOptions(BaseModel):
    """Base of every check's options: unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Check(ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    scope: ClassVar[str] = "each"
    enabled_by_default: ClassVar[bool] = True
    # feature functions (see ftlint.view) that run() reads through view.feature(fn); the engine
    # computes the declared features of the selected checks before running them
    features: ClassVar[tuple] = ()

    class Options(CheckOptions):
        pass

    def __init__(self, options: "CheckOptions | None" = None):
        self.options = options if options is not None else self.Options()

    @abstractmethod
    def run(self, view: "DatasetView") -> Iterable[Problem]:
        """Yield a Problem for each defect found in the view (the engine stamps code, name, severity)."""

    @classmethod
    def documentation(cls) -> str:
        """The class docstring, or (yamllint style) the docstring of the check's module."""
        doc = cls.__doc__ or getattr(sys.modules.get(cls.__module__), "__doc__", None) or ""
        return inspect.cleandoc(doc)

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        after = doc.split("What it does", 1)[-1].strip().lstrip("#:- \n")
        first = (after or doc).strip().split("\n\n")[0]
        return " ".join(first.split())


def _validate_class(obj: object, origin: str) -> type[Check]:
    if not (inspect.isclass(obj) and issubclass(obj, Check)):
        raise PluginError(f"plugin {origin}: {obj!r} is not a subclass of ftlint.plugins.Check")
    code, name = getattr(obj, "code", None), getattr(obj, "name", None)
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise PluginError(f"plugin {origin}: code {code!r} must look like FT123")
    if not isinstance(name, str) or not is_kebab_case(name):
        raise PluginError(f"plugin {origin}: name {name!r} must be kebab-case")
    if obj.scope not in ("each", "train"):
        raise PluginError(f"plugin {origin}: scope must be 'each' or 'train', not {obj.scope!r}")
    if not (isinstance(obj.Options, type) and issubclass(obj.Options, CheckOptions)):
        raise PluginError(f"plugin {origin}: Options must subclass ftlint.plugins.CheckOptions")
    return obj


def load_registry() -> dict[str, type[Check]]:
    """Every registered check by code, sorted. Raises PluginError naming the culprit."""
    return dict(_load_registry())


@lru_cache(maxsize=1)
def _load_registry() -> dict[str, type[Check]]:
    found: dict[str, type[Check]] = {}
    origins: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"{ep.name} = {ep.value}"
        try:
            obj = ep.load()
        except Exception as exc:  # any import-time failure of a plugin
            raise PluginError(f"plugin {origin} failed to import: {type(exc).__name__}: {exc}") from None
        cls = _validate_class(obj, origin)
        if cls.code in found and found[cls.code] is not cls:
            raise PluginError(f"two checks claim code {cls.code}: {origins[cls.code]} and {origin}")
        found[cls.code] = cls
        origins[cls.code] = origin
    names: dict[str, str] = {}
    for code, cls in found.items():
        if cls.name in names:
            raise PluginError(f"two checks share the name {cls.name!r}: {names[cls.name]} and {code}")
        names[cls.name] = code
    return dict(sorted(found.items()))


def matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def select_codes(codes: Iterable[str], select: list[str], extend_select: list[str], ignore: list[str],
                 default_on: dict[str, bool]) -> list[str]:
    """Ruff-style selection: the longest matching selector wins between select and ignore."""
    chosen = []
    for code in codes:
        best_on = max((len(s) if s != "ALL" else 0 for s in [*select, *extend_select] if matches(code, [s])), default=-1)
        best_off = max((len(s) if s != "ALL" else 0 for s in ignore if matches(code, [s])), default=-1)
        if best_on < 0 or best_off >= best_on:
            continue
        if best_on == 0 and not default_on.get(code, True) and "ALL" not in extend_select:
            continue  # opt-in checks need naming; plain ALL from defaults does not turn them on
        chosen.append(code)
    return chosen


class ReadProblemCheck(Check):
    """Base for checks that report one kind of reading problem (see `ftlint.reading.ReadProblem`)."""

    kind: ClassVar[str]

    def run(self, view: "DatasetView") -> Iterable[Problem]:
        for p in view.problems:
            if p.kind == self.kind:
                yield Problem(p.message, line=p.line, column=p.column)
