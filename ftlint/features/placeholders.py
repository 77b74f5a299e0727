"""Template placeholders and TODO markers in each example's text, outside code (FT111 reads them).

`placeholder_hits(view)` lists, per example that has any, the candidate placeholders of each
turn's text, in order, with their offset (so a finding names the field holding it) and kind:

- ``variable``: `{{name}}`, `{{ user.name }}` (Jinja, Mustache, LLaMA-Factory's identity data);
- ``field``: `{name}` (a `str.format` field), not after a letter, `\\`, `$` or `{` (LaTeX
  `\\textbf{x}`, `begin{enumerate}`, JavaScript `${x}`), and not on a line that reads as code
  (`f"`, `f'`, `.format(`, `print(`, `=`, `%`);
- ``angle``: `<NAME>`, `<YOUR_API_KEY>` (upper case, at least two letters; tokenizer special
  tokens such as `<MASK>` or `<EOS>` are not placeholders);
- ``bracket``: `[NAME]`, `[CUSTOMER_NAME]` (upper case, at least two letters, not a Roman
  numeral such as `[II]`), and ``fill-in``: `[Your Name]`, `[Insert date]`, `[Recipient's Name]`;
  neither when followed by `(` (a markdown link), `:` or `[` (a label such as `[QUESTION]:`);
- ``todo``: `TODO` or `FIXME` as a word (not "TODO list"), not in a code comment.

Fenced code blocks (``` or ~~~, to their closing fence or the end of the text) and `inline
code` are skipped: braces in code are code. All scans are single regular-expression passes,
linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ftlint.view import feature

_CODE = re.compile(r"(?ms)^[ \t]*(```|~~~).*?(?:^[ \t]*\1|\Z)|`[^`\n]+`")
_PLACEHOLDER = re.compile(  # the lookahead names every alternative's first character: re skips to those (5x faster)
    r"(?=[{<\[TF])(?:"
    r"(?P<variable>\{\{\s*[A-Za-z_][\w.\-]{0,60}\s*\}\})"
    r"|(?<![\w\\${])(?P<field>\{[A-Za-z_]\w{0,40}\})(?!\})"
    r"|(?P<angle><[A-Z][A-Z0-9_]*(?: [A-Z0-9_]+){0,4}>)"
    r"|(?P<bracket>\[[A-Z][A-Z0-9_]*(?: [A-Z0-9_]+){0,4}\])(?![(:\[])"
    r"|(?P<fillin>\[(?:Your|Insert|Enter|Recipient|Add)\b[^\[\]\n]{0,40}\])(?![(:\[])"
    r"|(?<![\w/.-])(?P<todo>TODO|FIXME)(?![\w-])(?!\s*(?:lists?|apps?|items?)\b)"
    r")"
)
SPECIAL_TOKENS = frozenset({"MASK", "PAD", "UNK", "SEP", "CLS", "EOS", "BOS", "EOT", "NL", "BR"})
_ROMAN = re.compile(r"[IVXLCDM]+")
_CODE_LINE = ("f\"", "f'", ".format(", "print(", "=", "%")
_COMMENT = ("#", "//", "/*", "--")
LINE_WINDOW = 200  # characters of the line around a match looked at (bounded: linear in the text)


@dataclass(frozen=True, slots=True)
class Hit:
    offset: int  # in the turn's text
    token: str  # as written, e.g. "{{name}}"
    kind: str  # variable, field, angle, bracket, fill-in, todo


def _letters(token: str) -> int:
    return sum(c.isalpha() for c in token)


def find_placeholders(text: str) -> list[Hit]:
    """Candidate placeholders in `text`, outside code, in order (see the module docstring)."""
    if not any(c in text for c in "{<[") and "TODO" not in text and "FIXME" not in text:
        return []
    code = [m.span() for m in _CODE.finditer(text)] if "`" in text or "~~~" in text else []
    hits, c = [], 0
    for m in _PLACEHOLDER.finditer(text):
        start = m.start()
        while c < len(code) and code[c][1] <= start:
            c += 1
        if c < len(code) and code[c][0] <= start:
            continue
        kind = m.lastgroup
        token = m.group()
        lo = max(0, start - LINE_WINDOW)
        line = text[text.rfind("\n", lo, start) + 1 or lo:start]  # the line before it, at most LINE_WINDOW chars
        if kind == "field":
            end = text.find("\n", m.end(), m.end() + LINE_WINDOW)
            whole = line + text[m.end():end if end >= 0 else m.end() + LINE_WINDOW]
            if any(s in whole for s in _CODE_LINE):
                continue
        if kind in ("angle", "bracket"):
            inner = token[1:-1]
            if _letters(inner) < 2 or inner in SPECIAL_TOKENS or _ROMAN.fullmatch(inner):
                continue
        if kind == "todo" and any(s in line for s in _COMMENT):
            continue
        hits.append(Hit(start, token, "fill-in" if kind == "fillin" else kind))
    return hits


@dataclass(frozen=True, slots=True)
class TurnHits:
    turn: int  # index into the example's turns
    hits: tuple[Hit, ...]


@feature()
def placeholder_hits(view) -> dict[int, list[TurnHits]]:
    """Example index -> the turns of that example holding candidate placeholders (others absent).
    A repeated system prompt is scanned once."""
    out: dict[int, list[TurnHits]] = {}
    shared: dict[str, list[Hit]] = {}
    for i, ex in enumerate(view.examples):
        found = []
        for j, turn in enumerate(ex.turns):
            if not turn.text:
                continue
            if turn.role in ("system", "developer"):
                hits = shared.get(turn.text)
                if hits is None:
                    hits = shared[turn.text] = find_placeholders(turn.text)
            else:
                hits = find_placeholders(turn.text)
            if hits:
                found.append(TurnHits(j, tuple(hits)))
        if found:
            out[i] = found
    return out
