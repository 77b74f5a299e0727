"""What it does:
    Compares the top-level key sets of the answers that are JSON objects. When one key set
    covers at least `dominance` of them, every object with another set is reported with
    its missing and extra keys. When optional keys make no single set dominant, keys present
    in at least `dominance` of the objects are treated as required and objects missing one
    are reported.

Why it matters:
    Extraction and structured-output fine-tunes exist to make the schema reliable. Objects
    that drop a field (or invent one) teach the model that the schema is optional, and the
    code reading its output breaks on them.

Example:
    970 answers have {"name", "email", "company"}; line 311 has {"name", "email"}.

Fix:
    Add the missing keys (null if unknown) and remove or rename the extra ones.

Options:
    dominance: share needed for a key set (or a key) to be the rule (default 0.9).
    min_examples: fewer JSON-object answers are not judged (default 20).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import answer_infos, answer_turns, distribution, dominant, pct
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


def _keys(keys) -> str:
    return ", ".join(repr(k) for k in sorted(keys))


class JsonKeyDrift(Check):
    code = "FT506"
    name = "json-key-drift"
    severity = Severity.WARNING
    features = (answer_infos, answer_turns)

    class Options(CheckOptions):
        dominance: float = Field(default=0.9, gt=0.5, le=1.0, description="share needed for a key set or key to be the rule")
        min_examples: int = Field(default=20, ge=1, description="fewer JSON-object answers are not judged")

    def run(self, view) -> Iterable[Problem]:
        infos = view.feature(answer_infos)
        keysets = [i.keys for i in infos]
        total = sum(1 for k in keysets if k is not None)
        if total < self.options.min_examples:
            return
        turns = view.feature(answer_turns)
        found = dominant(keysets, self.options.dominance, self.options.min_examples)
        if found is not None:
            top, n, total, counts = found
            data = distribution(counts, name=lambda k: "{" + _keys(k) + "}")
            rule = f"{pct(n, total)} of JSON answers ({n:,}) have exactly the keys {_keys(top) or '(none)'}"
            for ex, keys, turn in zip(view.examples, keysets, turns):
                if keys is not None and keys != top:
                    parts = [f"is missing {_keys(top - keys)}" if top - keys else "",
                             f"has extra {_keys(keys - top)}" if keys - top else ""]
                    yield Problem(f"JSON answer {' and '.join(p for p in parts if p)}; {rule}",
                                  line=ex.line, path=turn.path, data=data)
            return
        per_key = Counter(k for keys in keysets if keys is not None for k in sorted(keys))
        required = frozenset(k for k, c in per_key.items() if self.options.dominance * total <= c < total)
        if not required:
            return
        data = distribution(per_key)
        for ex, keys, turn in zip(view.examples, keysets, turns):
            if keys is not None and required - keys:
                missing = sorted(required - keys)
                shares = ", ".join(f"{k!r} is in {pct(per_key[k], total)}" for k in missing)
                yield Problem(f"JSON answer is missing {_keys(missing)}; of the {total:,} JSON answers {shares}",
                              line=ex.line, path=turn.path, data=data)
