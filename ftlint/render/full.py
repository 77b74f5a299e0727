"""The human terminal report (rich): verdict first, then findings by family, then statistics.

Findings are capped per check ("… and 4,812 more"); the JSON output is always complete.
Readable at 80 columns and without colour (NO_COLOR is honoured by rich itself).
"""
from __future__ import annotations

import io
from collections import defaultdict
from typing import Optional

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ftlint.model import Report, Severity

FAMILIES = {
    "FT0": "File and parsing", "FT1": "Schema and structure", "FT2": "Size", "FT3": "Duplicates and conflicts",
    "FT4": "Tokens and cost", "FT5": "Consistency", "FT6": "Leakage", "FT7": "Knowledge stuffing",
    "FT8": "Sensitive content", "FT9": "Readiness declarations",
}
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_STYLE = {"READY": "bold green", "READY WITH WARNINGS": "bold yellow", "NOT READY": "bold red"}


def render(report: Report, width: int = 100, color: bool = False, max_per_check: int = 10,
           sections: Optional[list] = None, **_: object) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, soft_wrap=False)
    _verdict(console, report)
    for section in sections or ():
        section(console, report)
    _findings(console, report, max_per_check)
    from ftlint.render.histogram import token_section  # token-length histogram and cost (issue 3)
    token_section(console, report)
    _totals(console, report)
    return buf.getvalue()


def _verdict(console: Console, report: Report) -> None:
    if report.readiness is None:
        return
    r = report.readiness
    console.print(Text(f"Verdict: {r.verdict}", style=VERDICT_STYLE.get(r.verdict, "bold")))
    for reason in r.reasons:
        console.print(f"  - {reason}")
    if r.checklist:
        table = Table(title="Readiness checklist", show_lines=False, expand=False)
        table.add_column("prerequisite", overflow="fold")
        table.add_column("status")
        table.add_column("evidence", overflow="fold")
        for item in r.checklist:
            table.add_row(item.title, item.status, item.evidence)
        console.print(table)
    console.print()


def _findings(console: Console, report: Report, max_per_check: int) -> None:
    by_family: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_family[f.code[:3]][f.code].append(f)
    for family in sorted(by_family):
        console.print(Text(f"{FAMILIES.get(family, family + 'xx')}", style="bold underline"))
        for code in sorted(by_family[family]):
            items = by_family[family][code]
            for f in items[:max_per_check]:
                where = f"{f.file}:{f.line}" if f.line is not None else f.file
                line = Text()
                line.append(f"  {f.code} ", style="bold")
                line.append(f"[{f.severity.value}] ", style=STYLE[f.severity])
                line.append(f"{where}", style="dim")
                if f.path and f.path != "$":
                    line.append(f" {f.path}", style="dim")
                line.append(f"  {f.message}")
                console.print(line)
            if len(items) > max_per_check:
                console.print(f"  … and {len(items) - max_per_check:,} more {code} ({items[0].name}) findings "
                              f"(complete in --output-format json)", style="dim")
        console.print()


def _totals(console: Console, report: Report) -> None:
    for f in report.files:
        console.print(f"{f.path} ({f.role}): {f.format or 'unknown format'}, {f.records:,} records, "
                      f"{f.valid_examples:,} valid examples, {f.invalid_records:,} invalid")
    counts = {s: report.count(s) for s in Severity}
    console.print(f"{counts[Severity.ERROR]:,} errors, {counts[Severity.WARNING]:,} warnings, "
                  f"{counts[Severity.INFO]:,} info")
