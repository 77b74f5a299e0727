"""What it does:
    Reports email addresses in any turn's text or tool calls, with the JSON path and line of
    the field and a masked excerpt. Addresses at documentation domains (`example.com`,
    `example.org`, `example.net`, and the `.example`, `.test`, `.invalid`, `.localhost`
    top-level domains), at template placeholders (`yourdomain.com`, `mycompany.com`, ...) and at
    the domains in `allow_domains` are not reported. A string such as `user@localhost` or
    `name@` (no domain with a dot) is not an address.

Why it matters:
    Email addresses are personal data: a model trained on them can repeat them, and keeping
    them in a training file may break your privacy obligations.

Example:
    {"role": "user", "content": "Please send the invoice to jane.doe@gmail.com"}

Fix:
    Replace real addresses with placeholders (`customer@example.com`) before training.

Options:
    allow_domains: further domains whose addresses are fine, e.g. your support address's domain
        (subdomains included; default none).
    max_reported: list at most this many occurrences, then one summary finding (default 100).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.secrets import Occurrence, problems, sensitive_content
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

DOCUMENTATION_DOMAINS = ("example.com", "example.org", "example.net")
# Conventional placeholders in templates ("yourname@yourdomain.com"); real providers such as email.com stay reported.
PLACEHOLDER_DOMAINS = ("domain.com", "yourdomain.com", "company.com", "mycompany.com", "yourcompany.com",
                       "website.com", "yourwebsite.com")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def allowed(domain: str, extra: tuple[str, ...]) -> bool:
    if domain.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return True
    return domain in PLACEHOLDER_DOMAINS or any(domain == d or domain.endswith("." + d)
                                                for d in (*DOCUMENTATION_DOMAINS, *extra))


class EmailAddressInText(Check):
    code = "FT802"
    name = "email-address-in-text"
    severity = Severity.WARNING
    features = (sensitive_content,)

    class Options(CheckOptions):
        allow_domains: list[str] = Field(default_factory=list, description="domains whose addresses are not reported")
        max_reported: int = Field(default=100, ge=0, description="occurrences listed before one summary finding")

    def run(self, view) -> Iterable[Problem]:
        extra = tuple(d.lower().lstrip("@.") for d in self.options.allow_domains)

        def keep(o: Occurrence) -> bool:
            return not allowed(o.hit.domain, extra)

        yield from problems(view.feature(sensitive_content)["email"], self.options.max_reported, keep)
