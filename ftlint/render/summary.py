"""What several renderers show the same way: top findings, checks that ran, family summaries, label bars."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from ftlint.model import Finding, Report, Severity

FAMILIES = {
    "FT0": "File and parsing", "FT1": "Schema and structure", "FT2": "Size", "FT3": "Duplicates and conflicts",
    "FT4": "Tokens and cost", "FT5": "Consistency", "FT6": "Leakage", "FT7": "Knowledge stuffing",
    "FT8": "Sensitive content", "FT9": "Readiness declarations",
}
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
STATUS_MARK = {"met": "✅", "not met": "❌", "not declared": "⚠️", "not checked": "➖"}
VERDICT_MARK = {"READY": "✅", "READY WITH WARNINGS": "⚠️", "NOT READY": "❌"}


def family(code: str) -> str:
    return FAMILIES.get(code[:3], f"{code[:3]}xx")


def location(f: Finding) -> str:
    from ftlint.render.positions import location as _location

    return _location(f)


def top_findings(report: Report, limit: int = 10) -> list[Finding]:
    """The most serious findings first (errors, then warnings, then info), in file order within each."""
    ranked = sorted(report.findings, key=lambda f: (-f.severity.rank, *f.sort_key()))
    return ranked[:limit]


def checks_run(report: Report) -> list[tuple[str, str]]:
    """(code, name) of every check that ran: `stats["checks_run"]` plus any code seen in findings."""
    names = {f.code: f.name for f in report.findings}
    codes = list(report.stats.get("checks_run") or [])
    registry = registry_or_empty()
    for code in names:
        if code not in codes:
            codes.append(code)
    out = []
    for code in sorted(codes):
        cls = registry.get(code)
        out.append((code, names.get(code) or (cls.name if cls else code.lower())))
    return out


def registry_or_empty() -> dict:
    from ftlint.plugins import PluginError, load_registry

    try:
        return load_registry()
    except PluginError:
        return {}


def documentation(code: str) -> tuple[str, str]:
    """(summary, full documentation) of a check, or empty strings when it is not installed."""
    cls = registry_or_empty().get(code)
    if cls is None:
        return "", ""
    return cls.summary(), cls.documentation()


def by_code(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        out[f.code].append(f)
    return dict(sorted(out.items()))


def family_summary(report: Report, prefix: str) -> list[tuple[str, str, int, str]]:
    """(code, name, count, first message) per check of a family, for duplicate/leakage summaries."""
    rows = []
    for code, items in by_code([f for f in report.findings if f.code.startswith(prefix)]).items():
        headline = max(items, key=lambda f: f.severity.rank)
        rows.append((code, items[0].name, len(items), headline.message))
    return rows


def distributions(report: Report) -> list[tuple[str, str, dict[str, int]]]:
    """(code, title, {label: count}) from findings carrying `data["distribution"]` (FT5xx consistency)."""
    out = []
    seen = set()
    for f in report.findings:
        dist = (f.data or {}).get("distribution")
        if not isinstance(dist, dict) or not dist:
            continue
        key = (f.code, tuple(sorted(dist.items(), key=str)))
        if key in seen:
            continue
        seen.add(key)
        clean = {str(k): int(v) for k, v in dist.items() if isinstance(v, (int, float))}
        if clean:
            out.append((f.code, f"{f.code} {f.name} ({f.file})", dict(sorted(clean.items(), key=lambda kv: -kv[1]))))
    return out


def severity_counts(report: Report) -> dict[Severity, int]:
    return {s: report.count(s) for s in Severity}


def counts_by_code(findings: list[Finding]) -> Counter:
    return Counter(f.code for f in findings)


def one_line(text: Optional[str]) -> str:
    return " ".join((text or "").split())


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 forbids (control characters from user data)."""
    return XML_INVALID.sub("\ufffd", text)
