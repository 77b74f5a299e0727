"""SARIF 2.1.0: one run of the `ftlint` tool; every check that ran is a rule with its documentation.

Results carry the finding's level (`error`, `warning`, `note`), message, and a physical
location (`artifactLocation.uri` relative to the working directory, `region.startLine` when the
finding has a line); related lines (the other copy of a duplicate, the leaked training line)
are `relatedLocations`. The readiness verdict and checklist are in the run's `properties`.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from ftlint import __version__
from ftlint.model import Finding, Report, Severity
from ftlint.render.summary import checks_run, documentation, registry_or_empty

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:@-._~")


def _location(file: str, line, path=None) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(file)}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": int(line)}
    loc: dict = {"physicalLocation": physical}
    if path and path != "$":
        loc["logicalLocations"] = [{"fullyQualifiedName": path, "kind": "object"}]
    return loc


def _row_path(f) -> str:
    """A table row or array element has no text region: its position goes in the logical location."""
    return f"{f.unit} {f.line}" + (f" {f.path}" if f.path and f.path != "$" else "") if f.line is not None else f.path


def _rule(code: str, name: str, default_level: str) -> dict:
    summary, doc = documentation(code)
    rule = {"id": code, "name": name, "shortDescription": {"text": summary or name},
            "defaultConfiguration": {"level": default_level}}
    if doc:
        rule["fullDescription"] = {"text": doc}
        rule["help"] = {"text": doc, "markdown": f"**{code} {name}**\n\n```text\n{doc}\n```\n\n"
                                                 f"`ftlint rule {code}` prints this page."}
    return rule


def _default_level(code: str, findings: list[Finding]) -> str:
    cls = registry_or_empty().get(code)
    if cls is not None:
        return LEVEL[cls.severity]
    return LEVEL[findings[0].severity] if findings else "warning"


def render(report: Report, **_: object) -> str:
    rules, index = [], {}
    for code, name in checks_run(report):
        index[code] = len(rules)
        rules.append(_rule(code, name, _default_level(code, [f for f in report.findings if f.code == code])))
    results = []
    for f in report.findings:
        result = {"ruleId": f.code, "ruleIndex": index[f.code], "level": LEVEL[f.severity],
                  "message": {"text": f.message}, "locations": [_location(f.file, f.line if f.unit == "line" else None,
                                          f.path if f.unit == "line" else _row_path(f))]}
        if f.related:
            result["relatedLocations"] = [{"id": i, **_location(r.file, r.line)} for i, r in enumerate(f.related)]
        results.append(result)
    artifacts = [{"location": {"uri": _uri(f.path)}, "roles": ["analysisTarget"]} for f in report.files]
    run: dict = {
        "tool": {"driver": {"name": "ftlint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "invocations": [{"executionSuccessful": True}],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if report.readiness is not None:
        run["properties"] = {"readiness": report.readiness.model_dump(mode="json")}
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
