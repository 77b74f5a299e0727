"""The base of the checks that apply a target's rules (FT120-FT149).

A `TargetRuleCheck` names the rule(s) of `ftlint.providers.Rules` it applies (`rule_keys`), reads
them from `view.settings.target` as data and yields nothing without a target. Its documentation
(`ftlint rule CODE`) ends with the table of the targets that have the rule: their settings,
severity, words and documentation URL, taken from the same data the check applies.
"""
from __future__ import annotations

from typing import ClassVar, Optional

from ftlint.model import Problem, Severity
from ftlint.plugins import Check
from ftlint.providers import Rule, targets_enforcing


class TargetRuleCheck(Check):
    rule_keys: ClassVar[tuple[str, ...]]
    severity = Severity.ERROR

    def target(self, view):
        return view.settings.target

    def rule(self, view, key: Optional[str] = None) -> Optional[Rule]:
        target = view.settings.target
        return None if target is None else getattr(target.rules, key or self.rule_keys[0])

    def problem(self, view, rule: Rule, message: str, **where) -> Problem:
        """A Problem at the rule's severity, its message prefixed by the target's title."""
        target = view.settings.target
        severity = None if rule.severity is type(self).severity else rule.severity
        return Problem(f"{target.title}: {message}", severity=severity,
                       data={"target": target.name, "url": rule.url}, **where)

    @classmethod
    def documentation(cls) -> str:
        lines = [super().documentation(), "", "Targets with this rule (from `ftlint targets`):"]
        for key in cls.rule_keys:
            for target, rule in targets_enforcing(key):
                settings = ", ".join(f"{name}={value!r}" for name, value in rule.model_dump(
                    exclude={"severity", "url", "says"}).items())
                lines.append(f"    {target.name} [{rule.severity.value}] {settings}".rstrip())
                if rule.says:
                    lines.append(f"        \"{rule.says}\"")
                lines.append(f"        {rule.url}")
        return "\n".join(lines)
