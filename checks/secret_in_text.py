"""What it does:
    Reports credentials in any turn's text or tool calls: OpenAI keys (`sk-...`), AWS access
    key IDs (`AKIA...`/`ASIA...`), GitHub tokens (`ghp_...`, `github_pat_...`), Slack tokens
    (`xox?-...`) and webhook URLs, private key blocks (`-----BEGIN ... PRIVATE KEY-----`), JSON
    Web Tokens, and high-entropy values assigned to a secret-named key (`api_key = "..."`,
    `"password": "..."`). Each finding gives the JSON path and line of the field and a masked
    excerpt (at most the first and last four characters); the secret itself is never shown.

Why it matters:
    A fine-tuned model can memorise training text and repeat it to anyone who asks the right
    way; a training file is also copied to the provider and to every machine that touches it.

Example:
    {"role": "assistant", "content": "Set OPENAI_API_KEY=sk-proj-Ab3d...Wx12 and retry."}

Fix:
    Revoke the credential, then replace it in the data with a placeholder such as
    `sk-...your-key...` (placeholders without digits are not reported).

Options:
    max_reported: list at most this many occurrences, then one summary finding (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.secrets import problems, sensitive_content
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class SecretInText(Check):
    code = "FT801"
    name = "secret-in-text"
    severity = Severity.ERROR
    features = (sensitive_content,)

    class Options(CheckOptions):
        max_reported: int = Field(default=100, ge=0, description="occurrences listed before one summary finding")

    def run(self, view) -> Iterable[Problem]:
        yield from problems(view.feature(sensitive_content)["credential"], self.options.max_reported)
