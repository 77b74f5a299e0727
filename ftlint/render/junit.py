"""JUnit XML: one test suite, one test case per check that ran; error findings make it fail.

Warnings and info findings of a check go to the test case's `system-out`, so a CI test view
shows them without failing. The verdict is a property of the suite.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ftlint.model import Report, Severity
from ftlint.render.summary import by_code, checks_run, location, xml_safe

MAX_LINES = 200  # findings listed in one failure's text


def render(report: Report, **_: object) -> str:
    grouped = by_code(report.findings)
    cases = checks_run(report)
    failures = sum(1 for code, _ in cases if any(f.severity == Severity.ERROR for f in grouped.get(code, [])))
    suites = ET.Element("testsuites", name="ftlint", tests=str(len(cases)), failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="ftlint", tests=str(len(cases)), failures=str(failures),
                          errors="0", skipped="0")
    props = ET.SubElement(suite, "properties")
    if report.readiness is not None:
        ET.SubElement(props, "property", name="verdict", value=report.readiness.verdict)
        for i, reason in enumerate(report.readiness.reasons, 1):
            ET.SubElement(props, "property", name=f"reason.{i}", value=xml_safe(reason))
    for f in report.files:
        ET.SubElement(props, "property", name=f"file.{f.role}", value=xml_safe(f.path))
    for code, name in cases:
        items = grouped.get(code, [])
        case = ET.SubElement(suite, "testcase", classname=f"ftlint.{code}", name=f"{code} {name}")
        errors = [f for f in items if f.severity == Severity.ERROR]
        others = [f for f in items if f.severity != Severity.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type="error",
                                    message=xml_safe(f"{len(errors)} error finding(s); first: {errors[0].message}"))
            failure.text = _lines(errors)
        if others:
            ET.SubElement(case, "system-out").text = _lines(others)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _lines(findings) -> str:
    lines = [f"{location(f)}: {f.code} [{f.severity.value}] {f.message}" for f in findings[:MAX_LINES]]
    if len(findings) > MAX_LINES:
        lines.append(f"... and {len(findings) - MAX_LINES} more")
    return xml_safe("\n".join(lines))
