"""What it does:
    Warns when some examples start with a system prompt and others have none. When one side
    is a small minority (at most `1 - dominance` of the examples), each minority example is a
    finding; otherwise one file-level finding gives the split.

Why it matters:
    A model fine-tuned on a mix learns two behaviours, one with and one without the
    instruction, and at inference it gets only one of them. Usually the missing system
    prompts are an export bug.

Example:
    1,960 examples begin with {"role": "system", ...}; 40 begin with the user message.

Fix:
    Add the same system prompt to every example (or remove it from all of them).

Options:
    dominance: share at which one side is "most examples" and the other is listed (default 0.9).
    min_examples: fewer examples are not judged (default 20).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import distribution, pct, system_prompts
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

WITH, WITHOUT = "with system prompt", "without system prompt"


class SystemPromptMixed(Check):
    code = "FT502"
    name = "system-prompt-mixed"
    severity = Severity.WARNING
    features = (system_prompts,)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share at which the other side is listed example by example")
        min_examples: int = Field(default=20, ge=1, description="fewer examples are not judged")

    def run(self, view) -> Iterable[Problem]:
        prompts = view.feature(system_prompts)
        counts = Counter(WITHOUT if p is None else WITH for p in prompts)
        total = len(prompts)
        if len(counts) < 2 or total < self.options.min_examples:
            return
        data = distribution(counts)
        (major, n_major), (minor, n_minor) = counts.most_common()
        minority = [ex.line for ex, p in zip(view.examples, prompts) if (p is None) == (minor == WITHOUT)]
        if n_major >= self.options.dominance * total:
            has, rest = ("has no system prompt", "start with one") if minor == WITHOUT else ("has a system prompt", "have none")
            for line in minority:
                yield Problem(f"example {has}; {pct(n_major, total)} of examples ({n_major:,}) {rest}",
                              line=line, data=data)
        else:
            yield Problem(f"examples mix system prompts: {counts[WITH]:,} ({pct(counts[WITH], total)}) have one, "
                          f"{counts[WITHOUT]:,} ({pct(counts[WITHOUT], total)}) do not",
                          line=minority[0], related=[(view.path, n) for n in minority[1:20]], data=data)
