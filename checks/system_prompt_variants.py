"""What it does:
    Groups the distinct system prompts into near-identical variants (same text up to case,
    whitespace and small edits, at least `similarity` percent alike to a prompt used at least
    twice) and warns once per group of two or more variants, listing each variant with its
    count and first line. When the file uses several genuinely different system prompts, one
    file-level info finding gives their distribution.

Why it matters:
    Fine-tuning is meant to make behaviour consistent. Near-identical system prompts (a typo
    fix, stray whitespace, an edited sentence) split what should be one instruction into
    several, and the model learns to depend on incidental wording.

Example:
    950 examples with "You are a helpful assistant." and 40 with "You are a helpfull assistant. ".

Fix:
    Pick one wording per intended instruction and rewrite the variants to it.

Options:
    similarity: two prompts at least this similar (rapidfuzz ratio, 0-100) are variants (default 95).
    max_compared: only the most frequent this many distinct prompts are checked for being a variant
        (default 300); rarer ones join a group only when equal up to case and whitespace.
    max_anchors: a variant is matched against the most frequent this many prompts that are used
        at least twice (default 30).
    report_distribution: give the info summary when several distinct prompts are used (default true).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, label_key, pct, preview, system_prompts
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions
from ftlint.secrets import redact


def difference(main: str, variant: str, context: int = 12) -> str:
    """The part of `variant` that differs from `main`, with a little context, quoted (secrets masked first)."""
    main, variant = redact(main), redact(variant)
    start = 0
    while start < min(len(main), len(variant)) and main[start] == variant[start]:
        start += 1
    end = 0
    while end < min(len(main), len(variant)) - start and main[-1 - end] == variant[-1 - end]:
        end += 1
    lo, hi = max(0, start - context), min(len(variant), len(variant) - end + context)
    return ("\u2026" if lo else "") + repr(variant[lo:hi]) + ("\u2026" if hi < len(variant) else "")


class SystemPromptVariants(Check):
    code = "FT501"
    name = "system-prompt-variants"
    severity = Severity.WARNING
    features = (system_prompts,)

    class Options(CheckOptions):
        similarity: float = Field(default=95, ge=50, le=100, description="rapidfuzz ratio (0-100) at which two prompts are variants")
        max_compared: int = Field(default=300, ge=2, description="most frequent distinct prompts checked for being variants")
        max_anchors: int = Field(default=30, ge=1, description="most frequent prompts (used twice or more) variants are matched to")
        report_distribution: bool = Field(default=True, description="info summary when several distinct prompts are used")

    def run(self, view) -> Iterable[Problem]:
        prompts = view.feature(system_prompts)
        counts: Counter = Counter(p for p in prompts if p is not None)
        if len(counts) < 2:
            return
        from rapidfuzz import fuzz  # imported once there are prompts to compare
        first_line: dict[str, int] = {}
        for ex, p in zip(view.examples, prompts):
            if p is not None and p not in first_line:
                first_line[p] = ex.line
        distinct = [p for p, _ in counts.most_common()]
        parent = list(range(len(distinct)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        by_key: dict[str, int] = {}
        for i, p in enumerate(distinct):  # the rare tail only by surrounding whitespace: cheap on long texts
            j = by_key.setdefault(label_key(p) if i < self.options.max_compared else p.strip(), i)
            parent[find(i)] = find(j)
        # a variant is a near copy of a prompt used more than once (the most used ones),
        # so unique per-example prompts (documents, personas) cost no pairwise work
        anchors = [i for i, p in enumerate(distinct[: self.options.max_anchors]) if counts[p] > 1]
        for j in range(1, min(len(distinct), self.options.max_compared)):
            for i in anchors:
                if i >= j:
                    break
                if find(i) != find(j) and fuzz.ratio(distinct[i], distinct[j], score_cutoff=self.options.similarity):
                    parent[find(j)] = find(i)
                    break
        groups: dict[int, list[str]] = {}
        for i, p in enumerate(distinct):
            groups.setdefault(find(i), []).append(p)
        total = sum(counts.values())
        for members in groups.values():
            if len(members) < 2:
                continue
            group_total = sum(counts[p] for p in members)
            main = members[0]
            listing = "; ".join(f"{preview(main) if p is main else difference(main, p)} \u00d7{counts[p]:,} "
                                f"(line {first_line[p]})" for p in members[:6])
            more = f"; and {len(members) - 6} more" if len(members) > 6 else ""
            lines = sorted(first_line[p] for p in members[1:])
            yield Problem(
                f"{len(members)} near-identical variants of one system prompt ({group_total:,} examples, "
                f"{pct(group_total, total)}): {listing}{more}",
                line=lines[0], related=[(view.path, n) for n in [first_line[members[0]], *lines[1:]]],
                data=distribution(Counter({f"#{i + 1} {difference(main, p) if i else preview(p)}": counts[p]
                                           for i, p in enumerate(members)})))
        if self.options.report_distribution and len(groups) > 1:
            sizes = sorted(((sum(counts[p] for p in m), m[0]) for m in groups.values()), key=lambda x: -x[0])
            shown = {f"#{i + 1} {preview(p)}": n for i, (n, p) in enumerate(sizes[:12])}
            if len(sizes) > 12:
                shown[f"({len(sizes) - 12:,} others)"] = total - sum(shown.values())
            top = ", ".join(f"{preview(p)} {pct(n, total)}" for n, p in sizes[:3])
            yield Problem(f"{len(groups):,} distinct system prompts over {total:,} examples: {top}", line=None,
                          severity=Severity.INFO, data={"distribution": shown})
