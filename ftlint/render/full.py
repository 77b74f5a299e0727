"""The human terminal report (rich): verdict and checklist first, then findings by family, then statistics.

Findings are capped per check ("… and 4,812 more"); the JSON output is always complete.
Readable at 80 columns and without colour (NO_COLOR is honoured by rich itself): every status
is a word, never only a colour, and text from the data is never read as rich markup.
"""
from __future__ import annotations

import io
from collections import defaultdict
from typing import Optional

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ftlint.model import Report, Severity
from ftlint.render.positions import path_note
from ftlint.render.summary import FAMILIES, location

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_STYLE = {"READY": "bold green", "READY WITH WARNINGS": "bold yellow", "NOT READY": "bold red"}
STATUS_STYLE = {"met": "green", "not met": "bold red", "not declared": "yellow", "not checked": "dim"}

__all__ = ["render", "FAMILIES"]


def render(report: Report, width: int = 100, color: bool = False, max_per_check: int = 10,
           sections: Optional[list] = None, **_: object) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, soft_wrap=False, markup=False)
    _verdict(console, report)
    for section in sections or ():
        section(console, report)
    _findings(console, report, max_per_check)
    _statistics(console, report)
    return buf.getvalue()


def _verdict(console: Console, report: Report) -> None:
    if report.readiness is None:
        return
    r = report.readiness
    console.print(Text(f"Verdict: {r.verdict}", style=VERDICT_STYLE.get(r.verdict, "bold")))
    for reason in r.reasons:
        console.print(Text(f"  - {reason}"))
    if r.checklist:
        console.print()
        table = Table(title="Readiness checklist", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      expand=False, pad_edge=False)
        table.add_column("prerequisite", overflow="fold", ratio=3)
        table.add_column("status", no_wrap=True)
        table.add_column("evidence", overflow="fold", ratio=4)
        for item in r.checklist:
            table.add_row(Text(item.title), Text(item.status, style=STATUS_STYLE.get(item.status, "")),
                          Text(item.evidence))
        console.print(table)
    console.print()


def _findings(console: Console, report: Report, max_per_check: int) -> None:
    by_family: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_family[f.code[:3]][f.code].append(f)
    for family in sorted(by_family):
        count = sum(len(v) for v in by_family[family].values())
        console.print(Text(f"{FAMILIES.get(family, family + 'xx')} ({count:,})", style="bold underline"))
        for code in sorted(by_family[family]):
            items = by_family[family][code]
            for f in items[:max_per_check]:
                line = Text()
                line.append(f"  {f.code} ", style="bold")
                line.append(f"[{f.severity.value}] ", style=STYLE[f.severity])
                line.append(location(f), style="dim")
                if f.path and f.path != "$":
                    line.append(f" {path_note(f)}", style="dim")
                line.append(f"  {f.message}")
                console.print(line)
            if len(items) > max_per_check:
                console.print(Text(f"  … and {len(items) - max_per_check:,} more {code} ({items[0].name}) findings "
                                   f"(complete in --output-format json)", style="dim"))
        console.print()


def _statistics(console: Console, report: Report) -> None:
    try:  # the token-length histogram and cost line (ftlint.render.histogram)
        from ftlint.render.histogram import token_section
    except ImportError:
        token_section = None
    if token_section is not None:
        token_section(console, report)
    cb = report.stats.get("cost_benefit")
    if isinstance(cb, dict):
        from ftlint.costbenefit import summary_lines

        console.print(Text("Cost-benefit of fine-tuning", style="bold"))
        for line in summary_lines(cb):
            console.print(Text(f"  {line}"))
        console.print()
    from ftlint.providers import target_line

    if target_line(report.stats):
        console.print(Text(target_line(report.stats)))
    for f in report.files:
        console.print(Text(f"{f.path} ({f.role}): {f.format or 'unknown format'}, {f.records:,} records, "
                           f"{f.valid_examples:,} valid examples, {f.invalid_records:,} invalid"))
    counts = {s: report.count(s) for s in Severity}
    console.print(Text(f"{counts[Severity.ERROR]:,} errors, {counts[Severity.WARNING]:,} warnings, "
                       f"{counts[Severity.INFO]:,} info"))
