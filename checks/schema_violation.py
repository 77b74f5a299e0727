"""What it does:
    Reports a record that breaks its format's contract (the JSON Schema shown by
    `ftlint schema FORMAT`): a missing key, a wrong type, an unknown message key. Each
    error names the JSON path (up to five errors per record).

Why it matters:
    A record the provider cannot read fails the upload or is dropped; a record your
    own trainer reads differently (a list where a string is expected) trains on garbage.

Example:
    {"messages": [{"role": "user", "content": 42}]}   -> $.messages[0].content: 42 is not valid

Fix:
    Correct the record to the schema, or drop it (`ftlint fix`).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class SchemaViolation(Check):
    code = "FT100"
    name = "schema-violation"
    severity = Severity.ERROR

    def run(self, view) -> Iterable[Problem]:
        if view.format is None:
            return  # FT009 reports the file as a whole
        for record in view.invalid:
            for error in record.errors:
                yield Problem(f"not a valid {view.format} record: {error.message}", line=record.line, path=error.path)
