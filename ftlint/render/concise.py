"""`path:line:col: CODE [severity] message`, one finding a line; file-level findings show line 0.

A table row shows as `path:row N: ... (column C)`, an element of a minified JSON array as
`path:element N, byte column C: ...`."""
from __future__ import annotations

from ftlint.model import Report
from ftlint.render.positions import path_note, position


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        note = path_note(f)
        where = f" ({note})" if note else ""
        if f.unit == "line" or f.line is None:
            head = f"{f.file}:{f.line if f.line is not None else 0}:{f.column or 1}"
        else:  # a table row or an element of a minified array: no text line to jump to
            head = f"{f.file}:{position(f)}"
        out.append(f"{head}: {f.code} [{f.severity.value}] {f.message}{where}")
    verdict = report.readiness.verdict if report.readiness else ""
    out.append(f"{len(report.findings)} finding(s); verdict: {verdict}")
    return "\n".join(out) + "\n"
