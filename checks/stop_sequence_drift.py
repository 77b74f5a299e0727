"""What it does:
    Finds a separator or stop sequence that ends most prompts or most answers, e.g. prompts
    ending in "\\n\\n###\\n\\n" or " ->", answers ending in " END" or "\\n", and reports the
    prompts or answers (the final answer and the turn just before it) that lack it. The
    sequence must cover at least `dominance` of the texts, start at a word boundary, and
    look like a marker (a newline, a symbol such as "#" or "->", an all-caps word such as
    "END", or a trailing "Label:"), not ordinary punctuation, brackets, a code fence or a
    sentence most answers happen to share.

Why it matters:
    In prompt/completion style fine-tuning the separator tells the model where the prompt
    ends and the stop sequence tells it when to stop. A few examples without them teach
    the model to run on past the answer or to answer too early.

Example:
    98% of answers end with " END"; line 55's answer ends with "...shipped today.".

Fix:
    Append the separator or stop sequence to the texts that miss it (or drop it everywhere).

Options:
    dominance: share of texts that must end with the sequence (default 0.9).
    min_examples: fewer texts are not judged (default 20).
    max_length: longest sequence looked for, in characters (default 32).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Optional

from pydantic import Field

from ftlint.features.answers import answer_turns, pct, prompt_turns
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

SAMPLE = 2000
_PLAIN = set(".,!?;:\"'`)]}*_\u2026")
_MARKER = re.compile(r"\n|[#=>|<~@$%^&+\\/-]|\b[A-Z]{2,}\b|\w:\s*$")  # newline, symbol, CAPS word, "Label:"


def common_suffix(texts: list[str], dominance: float, max_length: int) -> Optional[str]:
    """The longest suffix that at least `dominance` of `texts` (an even sample of them) end with,
    cut back to start at a non-alphanumeric character; None unless it looks like a marker (a newline,
    a symbol such as "#" or "->", an all-caps word like "END", or a "Label:") rather than content."""
    need, suffix, pool = dominance * len(texts), "", texts
    while len(suffix) < max_length:
        k = len(suffix) + 1
        counts = Counter(t[-k] for t in pool if len(t) >= k)
        if not counts or counts.most_common(1)[0][1] < need:
            break
        suffix = counts.most_common(1)[0][0] + suffix
        pool = [t for t in pool if t.endswith(suffix)]
    start = next((i for i, ch in enumerate(suffix) if not ch.isalnum()), len(suffix))
    suffix = suffix[start:]
    core = suffix.strip()
    if core and all(ch in _PLAIN or ch.isspace() for ch in core):  # ".\n" -> "\n"; "\n```" -> ""
        suffix = suffix[len(suffix.rstrip()):]
    return suffix if suffix and _MARKER.search(suffix) else None


class StopSequenceDrift(Check):
    code = "FT512"
    name = "stop-sequence-drift"
    severity = Severity.WARNING
    features = (prompt_turns, answer_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share of texts that must end with the sequence")
        min_examples: int = Field(default=20, ge=1, description="fewer texts are not judged")
        max_length: int = Field(default=32, ge=1, description="longest sequence looked for, in characters")

    def run(self, view) -> Iterable[Problem]:
        if len(view.examples) < self.options.min_examples:
            return
        for what, turns in (("prompt", view.feature(prompt_turns)), ("answer", view.feature(answer_turns))):
            step = max(1, len(turns) // SAMPLE)
            sample = [t.text for t in turns[::step] if t is not None and t.text]
            if len(sample) < min(self.options.min_examples, len(turns)):
                continue
            suffix = common_suffix(sample, self.options.dominance, self.options.max_length)
            if suffix is None:
                continue
            texts = [t.text if t is not None else "" for t in turns]
            total = sum(1 for t in texts if t)
            n = sum(1 for t in texts if t.endswith(suffix))
            if n == total or n < self.options.dominance * total or total < self.options.min_examples:
                continue
            data = {"distribution": {f"ends with {suffix!r}": n, "other endings": total - n}}
            for ex, turn, text in zip(view.examples, turns, texts):
                if text and not text.endswith(suffix):
                    yield Problem(f"{what} does not end with {suffix!r} (it ends {text[-12:]!r}); "
                                  f"{pct(n, total)} of {what}s ({n:,}) do", line=ex.line, path=turn.path, data=data)
