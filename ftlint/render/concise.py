"""`path:line:col: CODE [severity] message`, one finding a line; file-level findings show line 0."""
from __future__ import annotations

from ftlint.model import Report


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        line = f.line if f.line is not None else 0
        col = f.column or 1
        where = f" ({f.path})" if f.path and f.path != "$" else ""
        out.append(f"{f.file}:{line}:{col}: {f.code} [{f.severity.value}] {f.message}{where}")
    verdict = report.readiness.verdict if report.readiness else ""
    out.append(f"{len(report.findings)} finding(s); verdict: {verdict}")
    return "\n".join(out) + "\n"
