"""Markdown for a pull-request comment: verdict, reasons, checklist, top findings, details folded away.

GitHub limits a comment to 65,536 characters, so the folded list of findings is capped
(`max_findings`, default 200); the JSON output is always complete.
"""
from __future__ import annotations

from ftlint.model import Report
from ftlint.render.summary import (STATUS_MARK, VERDICT_MARK, by_code, family, location, one_line,
                                   severity_counts, top_findings)


def _cell(text: object) -> str:
    return one_line(str(text)).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render(report: Report, max_findings: int = 200, top: int = 10, **_: object) -> str:
    out: list[str] = []
    r = report.readiness
    verdict = r.verdict if r else "NOT ASSESSED"
    out.append(f"## {VERDICT_MARK.get(verdict, '')} ftlint: {verdict}".replace("  ", " "))
    out.append("")
    if r and r.reasons:
        out += [f"- {_cell(reason)}" for reason in r.reasons] + [""]
    if r and r.checklist:
        out += ["| | prerequisite | status | evidence |", "|---|---|---|---|"]
        out += [f"| {STATUS_MARK.get(i.status, '')} | {_cell(i.title)} | {i.status} | {_cell(i.evidence)} |"
                for i in r.checklist]
        out.append("")
    counts = severity_counts(report)
    out.append(f"**{len(report.findings):,} findings**: " + ", ".join(f"{n:,} {s.value}" for s, n in counts.items()))
    out.append("")
    if report.findings:
        out += ["### Top findings", "", "| code | severity | where | message |", "|---|---|---|---|"]
        for f in top_findings(report, top):
            out.append(f"| `{f.code}` {f.name} | {f.severity.value} | `{_cell(location(f))}` | {_cell(f.message)} |")
        out.append("")
        out += ["<details>", f"<summary>All findings by check ({len(report.findings):,})</summary>", ""]
        shown = 0
        for code, items in by_code(report.findings).items():
            out.append(f"**{code} {items[0].name}** ({family(code)}, {len(items):,})")
            out.append("")
            for f in items:
                if shown >= max_findings:
                    break
                out.append(f"- `{_cell(location(f))}` [{f.severity.value}] {_cell(f.message)}")
                shown += 1
            out.append("")
        if shown < len(report.findings):
            out += [f"… and {len(report.findings) - shown:,} more (complete in `--output-format json`)", ""]
        out += ["</details>", ""]
    out += _statistics(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _statistics(report: Report) -> list[str]:
    out = ["<details>", "<summary>Statistics</summary>", "", "| file | role | format | records | valid | invalid |",
           "|---|---|---|---|---|---|"]
    for f in report.files:
        out.append(f"| `{_cell(f.path)}` | {f.role} | {f.format or 'unknown'} | {f.records:,} | {f.valid_examples:,} "
                   f"| {f.invalid_records:,} |")
    out.append("")
    from ftlint.providers import target_line

    if target_line(report.stats):
        out.append(f"- {target_line(report.stats)}")
    tokens, cost = report.stats.get("tokens"), report.stats.get("cost")
    if isinstance(tokens, dict) and "median" in tokens:
        out.append(f"- tokens per example ({tokens.get('model')}): median {tokens['median']:,}, p90 "
                   f"{tokens.get('p90', 0):,}, max {tokens.get('max', 0):,} (limit {tokens.get('limit', 0):,}); "
                   f"{tokens.get('over_limit', 0):,} over the limit")
    if isinstance(cost, dict) and cost.get("cost_per_run_usd") is not None:
        from ftlint.cost import price_line

        out.append(f"- estimated training cost: ${cost['cost_per_run_usd']:,.2f} per run, "
                   f"${cost['cost_for_iterations_usd']:,.2f} for {cost['iterations']} iterations ({price_line(cost)})")
    elif isinstance(cost, dict) and cost.get("price_missing"):
        from ftlint.cost import price_line

        out.append(f"- estimated training cost: not estimated ({price_line(cost)})")
    cb = report.stats.get("cost_benefit")
    if isinstance(cb, dict):
        from ftlint.costbenefit import summary_lines

        out += [f"- {line}" for line in summary_lines(cb)]
    out += ["", "</details>"]
    return out
