"""What it does:
    Finds the writing system (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai,
    Hangul, CJK) most letters of each prompt use, looking at the turn just before the final
    answer. When one script covers at least `dominance` of the prompts, prompts in another
    script are reported.

Why it matters:
    A monolingual fine-tune with a few prompts in another language teaches little about that
    language and blurs the one you meant; such prompts are often scraped noise or
    untranslated leftovers.

Example:
    4,900 English prompts and 60 in Russian (Cyrillic).

Fix:
    Translate or remove the odd prompts, or collect enough of them to teach that language on purpose.

Options:
    dominance: share of prompts in the common script needed (default 0.95; a larger minority
        is usually a deliberately multilingual set).
    min_examples: fewer prompts with letters are not judged (default 20).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, dominant, pct, prompt_scripts, prompt_turns
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class MixedScriptPrompts(Check):
    code = "FT513"
    name = "mixed-script-prompts"
    severity = Severity.WARNING
    features = (prompt_scripts, prompt_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.95, gt=0.5, le=1.0, description="share of prompts in the common script needed")
        min_examples: int = Field(default=20, ge=1, description="fewer prompts with letters are not judged")

    def run(self, view) -> Iterable[Problem]:
        scripts = view.feature(prompt_scripts)
        found = dominant(scripts, self.options.dominance, self.options.min_examples)
        if found is None:
            return
        top, n, total, counts = found
        data = distribution(counts)
        for ex, script, turn in zip(view.examples, scripts, view.feature(prompt_turns)):
            if script is not None and script != top:
                yield Problem(f"prompt is written in {script} script; {pct(n, total)} of prompts ({n:,}) are in {top}",
                              line=ex.line, path=turn.path, data=data)
