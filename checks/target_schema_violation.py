"""What it does:
    With a target: reports each record that ftlint's tolerant schema accepts but the target's
    strict contract rejects, with the JSON path of each error (up to five per record): a key the
    provider does not know (an extra column, `loss_weight`), a content part of the wrong shape
    (`value` instead of `text`), `tools` given as a JSON string, an image from the assistant or
    in an unsupported encoding, a preference output that is not exactly one assistant message,
    and more images in one example than the provider allows. `ftlint schema` shows ftlint's own
    schemas; the target's strict schemas are package data of `ftlint.providers`.

Why it matters:
    The upload validates every line and refuses the whole file over one bad record, after you
    have waited for it; some trainers instead drop what they cannot read and train on less than
    you think.

Example:
    `--target together`: {"text": "Hello", "extra_column": "x"}
        -> $: Additional properties are not allowed ('extra_column' was unexpected)
    `--target openai`: {"role": "user", "content": [{"type": "text", "value": "Hi"}]}
        -> $.messages[0].content[0]: 'text' is a required property

Fix:
    Rewrite the record to the provider's documented shape (the message names the path), or
    drop it with `ftlint fix`.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetSchemaViolation(TargetRuleCheck):
    code = "FT121"
    name = "target-schema-violation"
    rule_keys = ("formats", "images")

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None or view.format not in rule.accepted:
            return  # FT120 reports a format the target does not read at all
        for record in view.target_invalid:
            for error in record.errors:
                if getattr(error, "rule", "formats") in self.rule_keys:  # weights are FT127's
                    yield self.problem(view, rule, error.message, line=record.line, path=error.path)
