"""A text histogram of token lengths per example, with the model's limit marked.

Reads `report.stats["tokens"]` (see `ftlint.stats`); plain text, so it reads the same with or
without colour, at 80 columns.
"""
from __future__ import annotations

from typing import Optional

BAR = "█"
MAX_BAR = 40


def histogram_lines(tokens: dict, bar_width: int = MAX_BAR) -> list[str]:
    """Lines of the histogram for `stats["tokens"]`; empty when there is nothing to draw."""
    hist = tokens.get("histogram") or {}
    edges, counts = hist.get("edges") or [], hist.get("counts") or []
    if not counts:
        return []
    limit = int(hist.get("limit") or tokens.get("limit") or 0)
    peak = max(counts) or 1
    label_width = len(f"{edges[-1]:,}")
    count_width = len(f"{peak:,}")
    lines = [f"Token lengths per example ({tokens.get('model')}, {tokens.get('encoding')}; "
             f"{tokens.get('examples', sum(counts)):,} examples; limit {limit:,})"]
    marked = False
    for k, n in enumerate(counts):
        lo, hi = edges[k], edges[k + 1]
        if not marked and lo > limit:
            lines.append(f"  {'-' * (2 * label_width + 3)} limit {limit:,} tokens: longer examples are truncated")
            marked = True
        bar = BAR * (max(1, round(bar_width * n / peak)) if n else 0)
        flag = "  over limit" if lo > limit and n else ""
        lines.append(f"  {lo:>{label_width},}-{hi - 1:<{label_width},}  {n:>{count_width},} {bar}{flag}")
    if not marked:
        longest = int(tokens.get("max") or 0)
        share = 100 * longest / limit if limit else 0
        lines.append(f"  limit {limit:,} tokens is beyond the longest example ({longest:,} tokens, {share:.1f}% of it)")
    return lines


def cost_line(cost: Optional[dict]) -> Optional[str]:
    if not cost:
        return None
    from ftlint.cost import cost_summary

    return cost_summary(cost)


def token_section(console, report) -> None:
    """Print the histogram and the cost line of a report on a rich console (nothing if no token stats)."""
    from rich.text import Text

    lines = histogram_lines(report.stats.get("tokens") or {})
    if not lines:
        return
    console.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        console.print(Text(line, style="red" if "limit" in line and "beyond" not in line else ""))
    extra = cost_line(report.stats.get("cost"))
    if extra:
        console.print(Text(extra))
    console.print()
