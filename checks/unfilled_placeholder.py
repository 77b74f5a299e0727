"""What it does:
    Reports each example that still holds template placeholders the data's authors meant to
    replace: `{{name}}`, `{name}`, `<PLACEHOLDER>`, `[NAME]`, `[Your Name]`, and TODO/FIXME
    markers, with the JSON path and line of the field holding the first one and every
    placeholder of the example listed. Text in code (fenced blocks, `inline code`) is skipped.

    - A `{{variable}}` in an answer is reported wherever it is (an error): a rendered template
      never leaves one.
    - Every other kind, and any placeholder in a prompt or system message, is reported (a
      warning) only when the same placeholder is in at least `min_records` examples: a template
      that was never filled leaves the same name in many records, while a one-off `{x}` is LaTeX,
      code or a task's own token (`<MASK>`).
    - A placeholder the example's prompt also holds is not reported in its answer (the user
      gave it: "rewrite this template: Dear {{name}}, ...").
    - A fill-in such as `[Your Name]` is reported in prompts only: an answer drafting a letter
      for the reader to sign is meant to hold one.
    - TODO/FIXME outside code comments is always reported (a warning).

Why it matters:
    The model learns the placeholder literally: trained on LLaMA-Factory's identity.json as
    shipped, it answers "I am {{name}}, an AI assistant developed by {{author}}." (its authors
    say to replace both names before training).

Example:
    {"instruction": "Who are you?", "input": "", "output": "I am {{name}}, an AI assistant developed by {{author}}."}

Fix:
    Render the template (replace every placeholder with its value) before training, or drop
    the unfinished examples.

Options:
    min_records: examples that must share a placeholder before the heuristic kinds are
        reported (default 3).
    ignore: placeholders never reported, as written (e.g. "[MASK]", "{context}").
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from pydantic import Field

from ftlint.features.locations import field_locator
from ftlint.features.placeholders import placeholder_hits
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

SHOWN = 5


class UnfilledPlaceholder(Check):
    code = "FT111"
    name = "unfilled-placeholder"
    severity = Severity.ERROR
    features = (placeholder_hits, field_locator)

    class Options(CheckOptions):
        min_records: int = Field(default=3, ge=1, description="examples sharing a placeholder before the "
                                                              "heuristic kinds are reported")
        ignore: list[str] = Field(default_factory=list, description="placeholders never reported, as written")

    def run(self, view) -> Iterable[Problem]:
        found = view.feature(placeholder_hits)
        ignored = set(self.options.ignore)
        records = Counter(token for turns in found.values()
                          for token in {h.token for t in turns for h in t.hits})
        line_of = view.feature(field_locator).line
        for i, turns in found.items():
            ex = view.examples[i]
            prompt = "\n".join(t.text for t in ex.turns if not t.target)
            reported = []  # (turn, hit, is certain)
            for th in turns:
                turn = ex.turns[th.turn]
                for hit in th.hits:
                    if hit.token in ignored:
                        continue
                    if turn.target:
                        if hit.token in prompt or hit.kind == "fill-in":
                            continue
                        certain = hit.kind == "variable"
                    else:
                        certain = False
                    if certain or hit.kind == "todo" or records[hit.token] >= self.options.min_records:
                        reported.append((turn, hit, certain))
            if not reported:
                continue
            turn, hit, _ = reported[0]
            path = turn.field_path(hit.offset)
            tokens = list(dict.fromkeys(h.token for _, h, _ in reported))
            fields = list(dict.fromkeys(t.field_path(h.offset) for t, h, _ in reported))
            shown = ", ".join(tokens[:SHOWN]) + (f" and {len(tokens) - SHOWN} more" if len(tokens) > SHOWN else "")
            where = f"the {turn.role} message" if len(fields) == 1 else f"{len(fields)} fields, first the {turn.role} message"
            yield Problem(
                f"unfilled placeholder{'s' if len(tokens) > 1 else ''} {shown} in {where}; "
                f"replace {'them' if len(tokens) > 1 else 'it'} before training",
                line=line_of(ex.line, path), path=path,
                severity=None if any(c for _, _, c in reported) else Severity.WARNING,
                data={"placeholders": tokens, "fields": fields,
                      "examples_sharing": {t: records[t] for t in tokens}},
            )
