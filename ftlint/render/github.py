"""GitHub Actions workflow commands: one `::error|warning|notice file=...,line=...,title=...::message` a finding.

The runner shows them as annotations on the pull request's files. Values are escaped as the
runner expects (`%`, CR, LF; and `:` `,` inside properties). A last line states the verdict.
"""
from __future__ import annotations

from ftlint.model import Report, Severity
from ftlint.render.positions import path_note, position

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        props = [f"file={escape_property(f.file)}"]
        if f.line is not None and f.unit == "line":
            props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
        props.append(f"title={escape_property(f'{f.code} {f.name}')}")
        notes = [n for n in (position(f) if f.unit != "line" else "", path_note(f)) if n]
        where = f" ({', '.join(notes)})" if notes else ""
        out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{escape_data(f.message + where)}")
    if report.readiness is not None:
        r = report.readiness
        level = {"NOT READY": "error", "READY WITH WARNINGS": "warning"}.get(r.verdict, "notice")
        reasons = "; ".join(r.reasons) or "every prerequisite met"
        out.append(f"::{level} title={escape_property('ftlint verdict: ' + r.verdict)}::{escape_data(reasons)}")
    return "\n".join(out) + ("\n" if out else "")
