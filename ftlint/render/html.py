"""One self-contained HTML page: verdict, checklist, charts (inline SVG), summaries and findings.

Nothing is loaded from anywhere: styles are inline, charts are SVG drawn here, there are no
scripts, links to other sites or web fonts. The page is well-formed XML too (every element
closed, every text escaped), so it can be parsed and checked strictly.
"""
from __future__ import annotations

from html import escape

from ftlint.model import Report
from ftlint.render.summary import (VERDICT_MARK, by_code, distributions, family, family_summary, location,
                                   severity_counts, xml_safe)
from ftlint.render.trainer_view import HTML_CSS as TOKEN_VIEW_CSS, html_block

MAX_FINDINGS = 1000
COLORS = {"met": "#1a7f37", "not met": "#cf222e", "not declared": "#9a6700", "not checked": "#57606a"}
VERDICT_COLOR = {"READY": "#1a7f37", "READY WITH WARNINGS": "#9a6700", "NOT READY": "#cf222e"}
CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #1f2328; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
.verdict { padding: 0.8em 1em; border-radius: 6px; color: white; font-size: 1.3em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { text-align: left; padding: 0.3em 0.6em; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.status { font-weight: bold; white-space: nowrap; }
.sev-error { color: #cf222e; font-weight: bold; } .sev-warning { color: #9a6700; } .sev-info { color: #0969da; }
code { font-size: 0.9em; } figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #57606a; }
svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #1f2328; }
"""


def _e(text: object) -> str:
    return escape(xml_safe(str(text)), quote=True)


def render(report: Report, **_: object) -> str:
    parts = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8"/>',
             '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
             "<title>ftlint report</title>", f"<style>{CSS}{TOKEN_VIEW_CSS if report.stats.get('trainer_view') else ''}</style>", "</head>", "<body>",
             "<h1>ftlint: is this dataset ready to fine-tune?</h1>"]
    parts += _verdict(report)
    parts += _checklist(report)
    parts += _tokens(report)
    parts += _trainer_view(report)
    ran = report.stats.get("checks_run") or []
    ran_any = (lambda prefix: any(c.startswith(prefix) for c in ran))
    parts += _family_table(report, "FT3", "Duplicates and conflicts",
                           "no duplicates found" if ran_any("FT3") else "not checked (no FT3xx check ran)")
    parts += _family_table(report, "FT6", "Leakage between eval and training",
                           "no --eval file given" if not report.stats.get("eval") else
                           "no leakage found" if ran_any("FT6") else "not checked (no FT6xx check ran)")
    parts += _distributions(report)
    parts += _cost(report)
    parts += _findings(report)
    parts += _files(report)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _verdict(report: Report) -> list[str]:
    r = report.readiness
    if r is None:
        return []
    out = [f'<p class="verdict" style="background: {VERDICT_COLOR.get(r.verdict, "#57606a")}">'
           f"{_e(VERDICT_MARK.get(r.verdict, ''))} {_e(r.verdict)}</p>"]
    if r.reasons:
        out.append("<ul>" + "".join(f"<li>{_e(reason)}</li>" for reason in r.reasons) + "</ul>")
    counts = severity_counts(report)
    out.append("<p>" + ", ".join(f"{n:,} {_e(s.value)}" for s, n in counts.items()) + " findings</p>")
    return out


def _checklist(report: Report) -> list[str]:
    r = report.readiness
    if r is None or not r.checklist:
        return []
    out = ["<h2>Readiness checklist</h2>", "<table>", "<tr><th>prerequisite</th><th>status</th><th>evidence</th></tr>"]
    for item in r.checklist:
        out.append(f'<tr><td>{_e(item.title)}</td><td class="status" style="color: {COLORS.get(item.status, "#000")}">'
                   f"{_e(item.status)}</td><td>{_e(item.evidence)}</td></tr>")
    out.append("</table>")
    return out


def histogram_svg(edges: list[int], counts: list[int], limit: int, width: int = 640, height: int = 220) -> str:
    """Bars of examples per token-length bin, with the model's limit as a red dashed line."""
    left, right, top, bottom = 48, 12, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts) or 1
    lo, hi = edges[0], edges[-1]
    span = (hi - lo) or 1

    def x(value: float) -> float:
        return left + plot_w * (value - lo) / span

    out = [f'<svg role="img" aria-label="token length histogram" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#57606a"/>',
           f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak:,}</text>',
           f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>']
    for k, n in enumerate(counts):
        x0, x1 = x(edges[k]), x(edges[k + 1])
        h = plot_h * n / peak
        fill = "#cf222e" if edges[k] > limit else "#0969da"
        out.append(f'<rect class="bar" x="{x0 + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(1.0, x1 - x0 - 1):.1f}" '
                   f'height="{h:.1f}" fill="{fill}"><title>{edges[k]:,}-{edges[k + 1]:,} tokens: {n:,} examples'
                   f"</title></rect>")
    for value in sorted({lo, (lo + hi) // 2, hi}):
        out.append(f'<text x="{x(value):.1f}" y="{top + plot_h + 14}" text-anchor="middle">{value:,}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">tokens per example</text>')
    if lo <= limit <= hi:
        lx = x(limit)
        out.append(f'<line class="limit" x1="{lx:.1f}" y1="{top}" x2="{lx:.1f}" y2="{top + plot_h}" stroke="#cf222e" '
                   f'stroke-width="2" stroke-dasharray="5,3"/>')
        out.append(f'<text x="{lx - 4:.1f}" y="{top + 10}" text-anchor="end" fill="#cf222e">limit {limit:,}</text>')
    else:
        out.append(f'<text x="{left + plot_w:.1f}" y="{top + 10}" text-anchor="end">model limit {limit:,} tokens '
                   f"is beyond the longest example</text>")
    out.append("</svg>")
    return "".join(out)


def bars_svg(values: dict[str, float], width: int = 640, max_rows: int = 20, unit: str = "") -> str:
    """Horizontal bars, one a label, largest first (at most `max_rows`, the rest summed as "other")."""
    items = list(values.items())
    if len(items) > max_rows:
        rest = sum(v for _, v in items[max_rows - 1:])
        items = items[:max_rows - 1] + [(f"other ({len(values) - max_rows + 1})", rest)]
    row, label_w = 20, 180
    height = row * len(items) + 8
    peak = max((v for _, v in items), default=0) or 1
    total = sum(v for _, v in items) or 1
    plot_w = width - label_w - 120
    out = [f'<svg role="img" aria-label="bar chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        shown = label if len(label) <= 28 else label[:27] + "…"
        w = plot_w * value / peak
        amount = f"{unit}{value:,.2f}" if unit else f"{value:,.0f} ({100 * value / total:.1f}%)"
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{_e(shown)}<title>{_e(label)}</title></text>'
                   f'<rect class="bar" x="{label_w}" y="{y + 2}" width="{max(1.0, w):.1f}" height="{row - 6}" '
                   f'fill="#0969da"/><text x="{label_w + w + 6:.1f}" y="{y + 13}">{_e(amount)}</text>')
    out.append("</svg>")
    return "".join(out)


def _tokens(report: Report) -> list[str]:
    tokens = report.stats.get("tokens")
    hist = (tokens or {}).get("histogram") if isinstance(tokens, dict) else None
    if not hist or not hist.get("counts"):
        return []
    limit = int(hist.get("limit") or tokens.get("limit") or 0)
    caption = (f"{tokens.get('examples', sum(hist['counts'])):,} examples for {tokens.get('model')} "
               f"({tokens.get('encoding')}): median {tokens.get('median', 0):,}, p90 {tokens.get('p90', 0):,}, "
               f"max {tokens.get('max', 0):,} tokens; limit {limit:,}; {tokens.get('over_limit', 0):,} over the limit")
    return ["<h2>Token length per example</h2>", "<figure>", histogram_svg(hist["edges"], hist["counts"], limit),
            f"<figcaption>{_e(caption)}</figcaption>", "</figure>"]


def _trainer_view(report: Report) -> list[str]:
    """The longest and shortest training examples token by token, as the trainer sees them (open models)."""
    shown = report.stats.get("trainer_view")
    if not isinstance(shown, list) or not shown:
        return []
    out = ["<h2>As the trainer sees it</h2>",
           f"<p>{_e(shown[0].get('model'))}, template {_e(shown[0].get('template'))}, "
           f"train_on {_e(shown[0].get('train_on'))}: the rendered conversation and the tokens its loss mask trains. "
           f"<code>ftlint tokens FILE --show LINE</code> shows any other example.</p>"]
    for view in shown:
        out += html_block(view)
    return out


def _family_table(report: Report, prefix: str, title: str, empty: str) -> list[str]:
    rows = family_summary(report, prefix)
    out = [f"<h2>{_e(title)}</h2>"]
    if not rows:
        return out + [f"<p>{_e(empty)}.</p>"]
    out += ["<table>", "<tr><th>check</th><th>findings</th><th>most serious</th></tr>"]
    out += [f"<tr><td><code>{_e(code)}</code> {_e(name)}</td><td>{n:,}</td><td>{_e(msg)}</td></tr>"
            for code, name, n, msg in rows]
    return out + ["</table>"]


def _distributions(report: Report) -> list[str]:
    found = distributions(report)
    if not found:
        return []
    out = ["<h2>Label and format distribution</h2>"]
    for _code, title, dist in found:
        out += ["<figure>", bars_svg(dist), f"<figcaption>{_e(title)}</figcaption>", "</figure>"]
    return out


def _cost(report: Report) -> list[str]:
    cost, cb = report.stats.get("cost"), report.stats.get("cost_benefit")
    out = []
    if isinstance(cost, dict) and "cost_per_run_usd" in cost:
        from ftlint.cost import cost_summary

        out += ["<h2>Cost</h2>", f"<p>{_e(cost_summary(cost))}.</p>"]
    if isinstance(cb, dict):
        from ftlint.costbenefit import summary_lines

        if not out:
            out.append("<h2>Cost</h2>")
        monthly = {f"{cb['base_model']} (prompted)": cb["base_monthly_usd"],
                   f"fine-tuned {cb['target_model']}": cb["target_monthly_usd"]}
        out += ["<figure>", bars_svg(monthly, unit="$"), "<figcaption>monthly inference cost</figcaption>", "</figure>",
                "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in summary_lines(cb)) + "</ul>"]
    return out


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return ["<h2>Findings</h2>", "<p>No findings.</p>"]
    out = [f"<h2>Findings ({len(report.findings):,})</h2>"]
    shown = 0
    for code, items in by_code(report.findings).items():
        out.append(f"<details><summary><code>{_e(code)}</code> {_e(items[0].name)} ({_e(family(code))}): "
                   f"{len(items):,}</summary><table>")
        for f in items:
            if shown >= MAX_FINDINGS:
                break
            out.append(f'<tr><td><code>{_e(location(f))}</code></td><td class="sev-{f.severity.value}">'
                       f"{f.severity.value}</td><td>{_e(f.message)}</td></tr>")
            shown += 1
        out.append("</table></details>")
    if shown < len(report.findings):
        out.append(f"<p>… and {len(report.findings) - shown:,} more (complete in the JSON output).</p>")
    return out


def _files(report: Report) -> list[str]:
    out = ["<h2>Files</h2>", "<table>",
           "<tr><th>file</th><th>role</th><th>format</th><th>records</th><th>valid</th><th>invalid</th></tr>"]
    out += [f"<tr><td><code>{_e(f.path)}</code></td><td>{_e(f.role)}</td><td>{_e(f.format or 'unknown')}</td>"
            f"<td>{f.records:,}</td><td>{f.valid_examples:,}</td><td>{f.invalid_records:,}</td></tr>"
            for f in report.files]
    return out + ["</table>"]
