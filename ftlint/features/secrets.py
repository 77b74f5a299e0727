"""Sensitive content found in a view's turns: every turn's text scanned once for all FT8xx checks.

`sensitive_content(view)` maps each family of `ftlint.secrets.FAMILIES` to its occurrences,
in file order, each at the JSON path and line of the field holding it. An occurrence carries only a masked excerpt; `problems(...)` turns
occurrences into the findings every FT8xx check reports, the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from ftlint.features.locations import field_locator
from ftlint.model import Problem
from ftlint.secrets import FAMILIES, KIND_LABELS, Hit, scan_sparse
from ftlint.view import feature


@dataclass(frozen=True, slots=True)
class Occurrence:
    line: int  # the line of the field holding it (a pretty-printed JSON array record spans lines)
    path: str  # JSON path of the field holding it (`$.input`, `$.messages[1].content`, or the tool calls)
    role: str
    hit: Hit


SCAN_PARTS = 4  # the scan is split into this many features, each over a slice of the examples


@dataclass(frozen=True)
class ScanPart:
    """The scan of the `k`-th of `SCAN_PARTS` equal slices of the examples: occurrences in file order,
    each at its record's line. The scan is the largest stage a check reads that nothing else needs
    (~25 us per turn with digits in it), so it comes in parts that idle cores share instead of one
    that runs last and alone; the parts together find exactly what one scan of every text finds."""

    k: int
    needs = ()

    @property
    def __name__(self) -> str:  # as timings and progress name it
        return f"sensitive_content_part{self.k + 1}"

    def __call__(self, view) -> list[Occurrence]:
        n = len(view.examples)
        return scan_examples(view.examples[self.k * n // SCAN_PARTS:(self.k + 1) * n // SCAN_PARTS])


SCAN_PARTS_OF_VIEW = tuple(ScanPart(k) for k in range(SCAN_PARTS))


@feature(needs=(field_locator, *SCAN_PARTS_OF_VIEW))
def sensitive_content(view) -> dict[str, list[Occurrence]]:
    """Every turn's text (tool-call and reasoning text too) scanned once (`ScanPart`), each
    occurrence at the line of the field holding it."""
    found: dict[str, list[Occurrence]] = {family: [] for family in FAMILIES}
    for part in SCAN_PARTS_OF_VIEW:
        for o in view.feature(part):
            found[o.hit.family].append(o)
    if any(found.values()):
        line_of = view.feature(field_locator).line
        for family, occurrences in found.items():
            found[family] = [Occurrence(line_of(o.line, o.path), o.path, o.role, o.hit) for o in occurrences]
    return found


SCAN_BATCH_CHARS = 8_000_000  # texts scanned at a time: a large file's texts are not all held at once


def scan_examples(examples) -> list[Occurrence]:
    """The occurrences in `examples`' turns, in file order, at each record's line: the texts scanned
    in batches of about SCAN_BATCH_CHARS characters (`scan_sparse`), a system prompt repeated in many
    examples once. A batch, not every text: texts that stay in their file (`ftlint.file_texts`) are
    read back a batch at a time instead of all held while the scan runs. Where each text came from is
    worked out again only when there are hits (most data holds none): a list of the sources of
    400,000 turns would take ~35 MB while the scan runs."""
    texts: list[str] = []
    hits: dict[int, list] = {}
    base, size = 0, 0  # index of texts[0] among all the texts scanned; characters in texts
    system_index: dict[str, int] = {}  # one system prompt is often repeated in every example
    add_text = texts.append  # (the loop below runs for every turn)
    for ex in examples:
        for turn in ex.turns:
            text, extra, reasoning = turn.text, turn.extra_text, turn.reasoning
            if turn.role == "system":
                for field in (text, extra, reasoning):
                    if field and field not in system_index:
                        system_index[field] = base + len(texts)
                        add_text(field)
                continue
            if text:
                add_text(text)
                size += len(text)
            if extra:
                add_text(extra)
                size += len(extra)
            if reasoning:
                add_text(reasoning)
                size += len(reasoning)
        if size >= SCAN_BATCH_CHARS:
            hits.update((base + i, found) for i, found in scan_sparse(texts).items())
            base += len(texts)
            texts.clear()
            size = 0
    hits.update((base + i, found) for i, found in scan_sparse(texts).items())
    del texts
    found: list[Occurrence] = []
    if hits:
        for line, turn, extra_path, at in _sources(examples, system_index):
            for hit in hits.get(at, ()):
                found.append(Occurrence(line, extra_path or turn.field_path(hit.start), turn.role, hit))
    return found


def _sources(examples, system_index: dict[str, int]) -> Iterator[tuple[int, object, object, int]]:
    """(line, turn, path of a non-text field or None, index of its text in the scanned batch) of each
    text field, in the order `scan_examples` put them in the batch (a system prompt at its first)."""
    at = 0
    for ex in examples:
        for turn in ex.turns:
            extra_path = (f"{turn.path}.tool_calls" if turn.tool_calls else turn.path) if turn.extra_text else None
            for text, path in ((turn.text, None), (turn.extra_text, extra_path),
                               (turn.reasoning, turn.reasoning_path or turn.path)):
                if not text:
                    continue
                if turn.role == "system":
                    if system_index[text] == at:
                        at += 1
                    yield ex.line, turn, path, system_index[text]
                else:
                    yield ex.line, turn, path, at
                    at += 1


def problems(occurrences: list[Occurrence], max_reported: int,
             keep: Callable[[Occurrence], bool] = lambda o: True) -> Iterator[Problem]:
    """One problem per occurrence (masked), up to `max_reported`, then one summary of the rest."""
    kept = [o for o in occurrences if keep(o)]
    for o in kept[:max_reported]:
        label = KIND_LABELS[o.hit.kind]
        yield Problem(f"{label} in {o.role} turn: {o.hit.masked}", line=o.line, path=o.path,
                      data={"kind": o.hit.kind, "masked": o.hit.masked, "role": o.role})
    rest = kept[max_reported:]
    if rest:
        lines = sorted({o.line for o in rest})
        yield Problem(f"{len(rest)} more occurrence(s) in {len(lines)} more example(s), not listed "
                      f"(max_reported={max_reported}); first at line {lines[0]}",
                      data={"more": len(rest), "lines": lines[:1000]})
