"""Per-example features the consistency checks (FT5xx) share, computed once per view.

Everything is indexed like `view.examples`. The *answer* of an example is its final
target turn; the *prompt turn* is the turn just before it. `answer_infos` classifies
each answer's shape (JSON object/array, code block, markdown list/table, prose, short
label, tool call, empty), parses JSON answers once (top-level key set, parse error),
and notes surrounding whitespace and how the answer ends.

The helpers at the bottom (`dominant`, `pct`, `distribution`, `looks_like_labels`)
turn those per-example values into the "one pattern dominates, these depart from it"
statements every FT5xx finding makes.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Iterable, Optional

import orjson

from ftlint.model import Turn
from ftlint.view import feature

SHAPE_NAMES = {
    "json_object": "JSON object", "json_array": "JSON array", "code_block": "code block",
    "markdown_list": "markdown list", "markdown_table": "markdown table", "prose": "prose",
    "label": "short label", "tool_call": "tool call", "empty": "empty",
}
LABEL_MAX_CHARS = 40
LABEL_MAX_WORDS = 4
_LIST_LINE = re.compile(r"^[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+\S", re.M)
_TABLE_CELL = re.compile(r":?-{3,}:?")


def is_table_separator(line: str) -> bool:
    """A markdown table's separator row (`| --- | :---: |`), at least two cells; linear time."""
    body = line.strip(" \t")
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = body.split("|")
    return len(cells) >= 2 and all(_TABLE_CELL.fullmatch(cell.strip(" \t")) for cell in cells)
_URL_STARTS = ("http://", "https://", "www.")
_SENTENCE_END = set(".!?\u2026\u3002\uff01\uff1f")
_CLOSERS = "\"')]}*_`\u201d\u2019\u00bb"
_JSON_OBJECT_START = re.compile(r"\{\s*[\"'}]")  # not "{{name}}" templates or "{x} is ..." prose


@dataclass(slots=True)
class AnswerInfo:
    """What the consistency checks need to know about one final answer."""

    shape: str  # a key of SHAPE_NAMES, or "none" for an example without a target
    keys: Optional[frozenset] = None  # top-level keys of a JSON-object answer
    json_error: Optional[str] = None  # the answer looks like JSON but does not parse
    untrimmed: str = ""  # "", "leading", "trailing" or "leading and trailing" whitespace
    ending: str = ""  # "sentence", "none" (letter/digit), "other", "" (not judged: not prose/label)


NO_ANSWER = AnswerInfo("none")


def _ending(stripped: str) -> str:
    last_word = stripped[-300:].rsplit(None, 1)[-1]
    if last_word.startswith(_URL_STARTS) or _LIST_LINE.match(stripped, stripped.rfind("\n") + 1):
        return "other"
    core = stripped.rstrip(_CLOSERS + " \t")
    if not core:
        return "other"
    ch = core[-1]
    if ch in _SENTENCE_END:
        return "sentence"
    if ch.isalnum():
        return "none"
    return "other"


def _json_error(exc: orjson.JSONDecodeError) -> str:
    where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
    return f"{exc.msg} at {where}"


def classify_answer(turn: Optional[Turn]) -> AnswerInfo:
    """Shape, JSON keys/error, whitespace and ending of one answer turn."""
    if turn is None:
        return NO_ANSWER
    text = turn.text
    stripped = text.strip()
    if not stripped:
        return AnswerInfo("tool_call" if turn.tool_calls or turn.extra_text else "empty")
    lead, trail = text[0].isspace(), text[-1].isspace()
    untrimmed = ("leading and trailing" if trail else "leading") if lead else ("trailing" if trail else "")
    first = stripped[0]
    if first == "[" or (first == "{" and _JSON_OBJECT_START.match(stripped)):
        try:
            value = orjson.loads(stripped)
        except orjson.JSONDecodeError as exc:
            if first == "{" or stripped[-1] == "]":
                return AnswerInfo("json_object" if first == "{" else "json_array",
                                  json_error=_json_error(exc), untrimmed=untrimmed)
        else:
            if isinstance(value, dict):
                return AnswerInfo("json_object", keys=frozenset(value), untrimmed=untrimmed)
            if isinstance(value, list):
                return AnswerInfo("json_array", untrimmed=untrimmed)
    if stripped.startswith("```") and stripped.endswith("```") and len(stripped) >= 6:
        return AnswerInfo("code_block", untrimmed=untrimmed)
    if "\n" not in stripped:
        if len(stripped) <= LABEL_MAX_CHARS and stripped.count(" ") < LABEL_MAX_WORDS:
            return AnswerInfo("label", untrimmed=untrimmed, ending=_ending(stripped))
        return AnswerInfo("prose", untrimmed=untrimmed, ending=_ending(stripped))
    if "|" in stripped and any(is_table_separator(line) for line in stripped.split("\n") if "-" in line):
        return AnswerInfo("markdown_table", untrimmed=untrimmed)
    items = len(_LIST_LINE.findall(stripped))
    if items >= 2:
        lines = sum(1 for line in stripped.split("\n") if line.strip())
        if items * 2 >= lines:
            return AnswerInfo("markdown_list", untrimmed=untrimmed)
    return AnswerInfo("prose", untrimmed=untrimmed, ending=_ending(stripped))


@feature(inline=True)
def answer_turns(view) -> list[Optional[Turn]]:
    """The final target turn of each example (None when it has none)."""
    return [ex.turns[i] if (i := ex.final_target_index) >= 0 else None for ex in view.examples]


@feature(inline=True)
def prompt_turns(view) -> list[Optional[Turn]]:
    """The turn just before each example's final target (None when there is none)."""
    return [ex.turns[i - 1] if (i := ex.final_target_index) >= 1 else None for ex in view.examples]


@feature(needs=(answer_turns,))
def answer_infos(view) -> list[AnswerInfo]:
    """`AnswerInfo` of each example's final answer."""
    return [classify_answer(t) for t in view.feature(answer_turns)]


@feature(inline=True)
def system_prompts(view) -> list[Optional[str]]:
    """Text of each example's leading system message, or None when it has none."""
    return [ex.turns[0].text if ex.turns and ex.turns[0].role == "system" else None for ex in view.examples]


@feature(inline=True)
def role_patterns(view) -> list[str]:
    """Role sequence of each example without a leading system message, e.g. "user > assistant"."""
    out = []
    for ex in view.examples:
        roles = [t.role for t in ex.turns]
        if roles and roles[0] == "system":
            roles = roles[1:]
        out.append(" > ".join(roles))
    return out


_SCRIPTS = [
    ("Latin", re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")),
    ("Cyrillic", re.compile(r"[\u0400-\u052f]")),
    ("Greek", re.compile(r"[\u0370-\u03ff]")),
    ("Arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("Hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("Devanagari", re.compile(r"[\u0900-\u097f]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("Hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("CJK", re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")),
]
SCRIPT_SAMPLE_CHARS = 2000


def text_script(text: str) -> Optional[str]:
    """The writing system most letters of `text` (its first 2,000 characters) use; None without letters."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    if sample.isascii():
        return "Latin" if any(c.isalpha() for c in sample) else None
    best, best_n = None, 0
    for name, pattern in _SCRIPTS:
        n = pattern.subn("", sample)[1]
        if n > best_n:
            best, best_n = name, n
    if best is None and any(c.isalpha() for c in sample):
        return unicodedata.name(next(c for c in sample if c.isalpha()), "other").split()[0].title()
    return best


@feature(needs=(prompt_turns,))
def prompt_scripts(view) -> list[Optional[str]]:
    """Script of each example's prompt turn (the turn before the final answer)."""
    return [text_script(t.text) if t is not None else None for t in view.feature(prompt_turns)]


# --- helpers shared by the checks ---------------------------------------------------------

def dominant(values: Iterable[Optional[Hashable]], dominance: float, min_examples: int):
    """(pattern, its count, total, Counter) when one pattern covers >= `dominance` of the
    non-None values and there are at least `min_examples` of them; otherwise None."""
    counts = Counter(v for v in values if v is not None)
    total = sum(counts.values())
    if total < min_examples or not counts:
        return None
    top, n = counts.most_common(1)[0]
    if n == total or n < dominance * total:
        return None
    return top, n, total, counts


def pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "0%"


def preview(text: str, limit: int = 40) -> str:
    """A short, quoted rendering of a text for messages (secrets masked before clipping)."""
    from ftlint.secrets import redact

    shown = redact(text)
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"
    return repr(shown)


def distribution(counts: Counter, name=str, top: int = 12) -> dict:
    """{"distribution": {label: count}} for a finding's data: the `top` largest, the rest summed."""
    out: dict[str, int] = {}
    for key, n in counts.most_common(top):
        out[name(key)] = out.get(name(key), 0) + n
    rest = sum(counts.values()) - sum(out.values())
    if rest > 0:
        out[f"({len(counts) - top} others)"] = rest
    return {"distribution": out}


@feature(needs=(answer_infos, answer_turns))
def label_counts(view) -> tuple[Counter, int]:
    """(Counter of the exact texts of label-shaped answers, number of examples with an answer)."""
    infos = view.feature(answer_infos)
    turns = view.feature(answer_turns)
    counts: Counter = Counter()
    answered = 0
    for info, turn in zip(infos, turns):
        if info.shape == "none":
            continue
        answered += 1
        if info.shape == "label":
            counts[turn.text] += 1
    return counts, answered


def looks_like_labels(view, max_labels: int, min_label_share: float = 0.95, min_examples: int = 20) -> Optional[Counter]:
    """The label Counter when the answers look like labels: at least `min_label_share` of the
    answers are short labels, there are at most `max_labels` distinct ones, and on average each
    label has at least 3 examples. None otherwise."""
    counts, answered = view.feature(label_counts)
    labelled = sum(counts.values())
    if answered < min_examples or labelled < min_label_share * answered:
        return None
    if len(counts) > max_labels or len(counts) * 3 > labelled:
        return None
    return counts


def label_key(label: str) -> str:
    """Labels that differ only by case or whitespace share this key."""
    return " ".join(label.split()).casefold()


def label_groups(counts: Counter) -> dict[str, Counter]:
    """Labels grouped by `label_key`: key -> Counter of the exact spellings in the group."""
    groups: dict[str, Counter] = {}
    for label, n in counts.items():
        groups.setdefault(label_key(label), Counter())[label] = n
    return groups


@feature(needs=(answer_infos, answer_turns))
def label_lines(view) -> dict[str, list[int]]:
    """Lines of the examples whose answer is each exact label text."""
    out: dict[str, list[int]] = {}
    for ex, info, turn in zip(view.examples, view.feature(answer_infos), view.feature(answer_turns)):
        if info.shape == "label":
            out.setdefault(turn.text, []).append(ex.line)
    return out
