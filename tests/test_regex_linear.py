"""Regular expressions that may meet data cannot be made to backtrack for ever.

Every module-level compiled `re.Pattern` in the `ftlint` package and in `ftlint.checks` (also
inside module-level lists, tuples, sets and dicts) is found by introspection, so patterns added
later are tested too. Each is fed 1 MB inputs built from its own syntax tree: long runs of the
characters it repeats, pairs of them alternating, runs of its literal fragments ("eyJ", "sk-",
"-----BEGIN "), and near misses (a fragment followed by a long run, then a character that breaks
the match). `finditer` must go through each input in time linear in its length: 8x the input
(1 MB against its first 125 KB) may cost at most GROWTH_LIMIT times the CPU time (a linear scan
costs about 8x, a quadratic one 64x); both are timed back to back in one process, so the load
of the machine cancels out.

Matching runs in a forked child, so a catastrophic pattern is killed and named instead of
hanging the suite.
"""
from __future__ import annotations

import importlib
import itertools
import multiprocessing
import pkgutil
import re
import time

import pytest

import ftlint
import ftlint.checks

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

SIZE = 1_000_000  # characters per input
PARTS = 8  # the short input is the first 1/PARTS of each input
GROWTH_LIMIT = 24  # CPU(1 MB) / CPU(125 KB): linear is ~8, quadratic ~64
MIN_SHORT_S = 0.002  # shorter timings are rounded up to this (a clock tick is not a measurement)
WALL_LIMIT_S = 30  # per pattern, all inputs, before the child is killed
MAX_CHARS = 6
MAX_FRAGMENTS = 3

# Patterns the code only ever applies anchored, with .match() at a bounded number of positions:
# the test times .match() at the start of each input instead of a scan of the whole input.
ANCHORED_ONLY = {
    "ftlint.secrets.ASSIGNMENT_TAIL": "applied with .match(text, at) after at most MAX_KEY_WORDS keywords",
}
# Super-linear patterns found by this test in code its author owns; fixed there, not here.
KNOWN_SUPERLINEAR: dict[str, str] = {}  # pattern name -> why it is slow (none known)

CATEGORY_SAMPLES = {
    "CATEGORY_DIGIT": "7", "CATEGORY_NOT_DIGIT": "a", "CATEGORY_SPACE": " ", "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": "!", "CATEGORY_LINEBREAK": "\n", "CATEGORY_NOT_LINEBREAK": "a",
    "CATEGORY_UNI_DIGIT": "7", "CATEGORY_UNI_NOT_DIGIT": "a", "CATEGORY_UNI_SPACE": " ",
    "CATEGORY_UNI_NOT_SPACE": "a", "CATEGORY_UNI_WORD": "a", "CATEGORY_UNI_NOT_WORD": "!",
    "CATEGORY_UNI_LINEBREAK": "\n", "CATEGORY_UNI_NOT_LINEBREAK": "a",
}


def _modules() -> list[str]:
    names = set()
    for package in (ftlint, ftlint.checks):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):  # running it would start the CLI
                names.add(info.name)
    return sorted(names)


def _patterns_in(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield "", value
    elif depth < 2 and isinstance(value, (list, tuple, set, frozenset, dict)):
        items = value.items() if isinstance(value, dict) else enumerate(sorted(value, key=repr)
                                                                        if isinstance(value, (set, frozenset))
                                                                        else value)
        for key, item in items:
            for suffix, pattern in _patterns_in(item, depth + 1):
                yield f"[{key!r}]{suffix}", pattern


def discover() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            if attr.startswith("__"):
                continue
            for suffix, pattern in _patterns_in(value):
                if isinstance(pattern.pattern, str):
                    found.setdefault(f"{name}.{attr}{suffix}", pattern)
    # the same object re-exported from another module is tested once, under its first name
    unique: dict[int, str] = {}
    for key, pattern in found.items():
        unique.setdefault(id(pattern), key)
    return {key: found[key] for key in unique.values()}


PATTERNS = discover()


# --- inputs derived from the pattern's syntax tree --------------------------------------------------


def _class_samples(items) -> list[str]:
    out, negate = [], False
    for op, arg in items:
        op = str(op)
        if op == "NEGATE":
            negate = True
        elif op == "LITERAL":
            out.append(chr(arg))
        elif op == "RANGE":
            out += [chr(arg[0]), chr(arg[1])]
        elif op == "CATEGORY":
            out.append(CATEGORY_SAMPLES.get(str(arg), "a"))
    return ["\x01", "a", " "] if negate else out


def analyse(pattern: re.Pattern) -> tuple[list[str], list[str]]:
    """(characters the pattern mentions, literal fragments of two or more characters)."""
    chars: list[str] = []
    fragments: list[str] = []

    def walk(seq):
        run = []
        for op, arg in seq:
            op_name = str(op)
            if op_name == "LITERAL":
                run.append(chr(arg))
                chars.append(chr(arg))
                continue
            if len(run) >= 2:
                fragments.append("".join(run))
            run = []
            if op_name == "NOT_LITERAL":
                chars.append("a" if chr(arg) != "a" else "b")
            elif op_name == "IN":
                chars.extend(_class_samples(arg))
            elif op_name == "ANY":
                chars.extend(["a", "\n"])
            elif op_name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif op_name == "SUBPATTERN":
                walk(arg[-1])
            elif op_name in ("ASSERT", "ASSERT_NOT"):
                walk(arg[1])
            elif op_name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif op_name == "ATOMIC_GROUP":
                walk(arg)
            elif op_name == "GROUPREF_EXISTS":
                walk(arg[1])
                if arg[2] is not None:
                    walk(arg[2])
        if len(run) >= 2:
            fragments.append("".join(run))

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    uniq_chars = list(dict.fromkeys(chars + ["a", " ", "7"]))[:MAX_CHARS]
    uniq_frags = sorted(dict.fromkeys(fragments), key=len, reverse=True)[:MAX_FRAGMENTS]
    return uniq_chars, uniq_frags


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def pathological_inputs(pattern: re.Pattern) -> dict[str, str]:
    chars, fragments = analyse(pattern)
    inputs: dict[str, str] = {}
    for c in chars:
        inputs[f"run of {c!r} then a break"] = _fill(c, SIZE - 1) + "\x00"
    for a, b in itertools.combinations(chars[:4], 2):
        inputs[f"alternating {a!r}{b!r}"] = _fill(a + b)
    for frag in fragments:
        inputs[f"repeated {frag!r}"] = _fill(frag)
        inputs[f"{frag!r} then a long run"] = frag + _fill(chars[0], SIZE - len(frag) - 1) + "\x00"
        inputs[f"repeated {frag!r}+' '*40"] = _fill(frag + " " * 40)
    return inputs


# --- timing in a child that can be killed ----------------------------------------------------------


def _cpu(pattern: re.Pattern, text: str, anchored: bool) -> float:
    started = time.process_time()
    if anchored:
        pattern.match(text)
    else:
        pattern.findall(text)  # the same scan as finditer/sub, without a Python loop per match
    return time.process_time() - started


def _time_inputs(pattern: re.Pattern, inputs: dict[str, str], anchored: bool, conn) -> None:
    for label, text in inputs.items():
        conn.send(("start", label, 0.0))
        long = _cpu(pattern, text, anchored)
        head = text[:len(text) // PARTS]
        short = max(min(_cpu(pattern, head, anchored) for _ in range(3)), MIN_SHORT_S)
        for _ in range(3):  # measure again before it counts: a loaded machine inflates one timing now and then
            if long / short <= GROWTH_LIMIT:
                break
            long = min(long, _cpu(pattern, text, anchored))
        conn.send(("done", label, long / short))
    conn.send(("end", "", 0.0))
    conn.close()


def linear_failure(name: str, pattern: re.Pattern, wall_limit: float = WALL_LIMIT_S, anchored: bool = False) -> str:
    """Empty when every pathological input is matched in time; otherwise what went wrong."""
    inputs = pathological_inputs(pattern)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    worker = context.Process(target=_time_inputs, args=(pattern, inputs, anchored, child), daemon=True)
    worker.start()
    child.close()
    slow, current, deadline = [], None, time.monotonic() + wall_limit
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not parent.poll(remaining):
                return (f"{name} = re.compile({pattern.pattern!r}) did not finish on {current} (1 MB) "
                        f"within {wall_limit}s: catastrophic backtracking")
            try:
                kind, label, growth = parent.recv()
            except EOFError:
                return f"matching {name} crashed the child process on {current}"
            if kind == "start":
                current = label
            elif kind == "done" and growth > GROWTH_LIMIT:
                slow.append(f"{label}: {growth:.0f}x the CPU time of its first 1/{PARTS}")
            elif kind == "end":
                break
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    if slow:
        return f"{name} = re.compile({pattern.pattern!r}) is slow (super-linear) on 1 MB inputs: " + "; ".join(slow)
    return ""


needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="needs fork to kill a runaway match")


def _cases():
    for name in PATTERNS:
        if name in KNOWN_SUPERLINEAR:
            yield pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_SUPERLINEAR[name], strict=False))
        else:
            yield name


@needs_fork
@pytest.mark.parametrize("name", list(_cases()))
def test_pattern_is_linear_on_pathological_input(name):
    wall = 5 if name in KNOWN_SUPERLINEAR else WALL_LIMIT_S  # do not spend CI minutes on a known hang
    failure = linear_failure(name, PATTERNS[name], wall_limit=wall, anchored=name in ANCHORED_ONLY)
    assert not failure, failure


def test_discovery_finds_the_known_patterns():
    """The introspection sees module-level patterns and patterns inside module-level containers."""
    assert "ftlint.text._WORD" in PATTERNS
    assert "ftlint.plugins.CODE_RE" in PATTERNS
    assert all(isinstance(p, re.Pattern) for p in PATTERNS.values())


@needs_fork
def test_a_quadratic_pattern_is_caught():
    """The harness trips on the classic e-mail-shaped pattern that rescans a long run from every start."""
    failure = linear_failure("example", re.compile(r"[a-z0-9._%+-]+@[a-z]+\.com"), wall_limit=3)
    assert "catastrophic backtracking" in failure or "is slow" in failure
