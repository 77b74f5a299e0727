"""The JSON report: `{"version", "files", "findings", "stats", "readiness"}`; deterministic bytes."""
from __future__ import annotations

import json

from ftlint.model import Report


def render(report: Report, **_: object) -> str:
    data = report.model_dump(mode="json", exclude_none=False)
    for finding in data["findings"]:
        if finding.get("data") is None:
            finding.pop("data", None)
    data.get("stats", {}).pop("timings_s", None)  # wall-clock times would make output non-deterministic
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
