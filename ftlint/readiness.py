"""Readiness: findings and statistics turned into a verdict."""
from __future__ import annotations

from ftlint.config import Settings
from ftlint.model import Readiness, Report, Severity

READY, WITH_WARNINGS, NOT_READY = "READY", "READY WITH WARNINGS", "NOT READY"


def assess(report: Report, settings: Settings) -> Readiness:
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    reasons = []
    if errors:
        reasons.append(f"{errors} error finding(s)")
    if warnings:
        reasons.append(f"{warnings} warning finding(s)")
    if errors or (settings.strict and warnings):
        return Readiness(verdict=NOT_READY, reasons=reasons)
    return Readiness(verdict=WITH_WARNINGS if warnings else READY, reasons=reasons)
