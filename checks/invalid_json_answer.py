"""What it does:
    Reports final answers that look like JSON (start with "{" followed by a quote or "}", or
    are enclosed in "[ ]") but do not parse; "{{name}}" templates and "{x} ..." prose are not JSON. It is an error when most answers of the file (at least `json_share`) are
    JSON, since the dataset then clearly means to teach JSON output; otherwise a warning.

Why it matters:
    A model fine-tuned on broken JSON reproduces it: truncated objects, single quotes,
    trailing commas, unescaped newlines. Your parser then fails in production on exactly
    the outputs fine-tuning was meant to fix.

Example:
    {"name": "Ada", "born": 1815,}

Fix:
    Repair the answer (or regenerate it with a JSON serialiser) so it parses.

Options:
    json_share: share of JSON answers at which a broken one is an error (default 0.5).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.answers import answer_infos, answer_turns, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class InvalidJsonAnswer(Check):
    code = "FT505"
    name = "invalid-json-answer"
    severity = Severity.WARNING
    features = (answer_infos, answer_turns)

    class Options(CheckOptions):
        json_share: float = Field(default=0.5, ge=0.0, le=1.0, description="share of JSON answers at which a broken one is an error")

    def run(self, view) -> Iterable[Problem]:
        infos = view.feature(answer_infos)
        answered = sum(1 for i in infos if i.shape != "none")
        json_like = sum(1 for i in infos if i.shape in ("json_object", "json_array"))
        if not any(i.json_error for i in infos):
            return
        severity = Severity.ERROR if answered and json_like >= self.options.json_share * answered else None
        context = f"{pct(json_like, answered)} of answers ({json_like:,}) are JSON"
        for ex, info, turn in zip(view.examples, infos, view.feature(answer_turns)):
            if info.json_error:
                yield Problem(f"answer looks like JSON but does not parse ({info.json_error}); {context}",
                              line=ex.line, path=turn.path, severity=severity)
