"""`ftlint targets [--json] [NAME]`: the provider targets, the formats each reads and the rules it enforces."""
from __future__ import annotations

import json
from typing import Optional

import click

from ftlint.providers import Target, all_targets, get_target

# which check applies each rule (the checks' own documentation: `ftlint rule CODE`)
RULE_CHECKS = {"formats": "FT120, FT121", "roles": "FT122", "first_role": "FT123", "system": "FT124",
               "alternation": "FT125", "last_role": "FT126", "weights": "FT127", "examples": "FT128 (and FT201's minimum)",
               "file_size": "FT129", "prompt_end": "FT130", "images": "FT121"}


def _settings(rule) -> str:
    fields = rule.model_dump(mode="json", exclude={"severity", "url", "says"})
    if "accepted" in fields:
        return ", ".join(f"{fmt}{' (strict schema)' if schema else ''}" for fmt, schema in fields["accepted"].items())
    return "; ".join(f"{key} {value if not isinstance(value, list) else ', '.join(map(str, value))}"
                     for key, value in fields.items() if value is not None)


def _describe(target: Target) -> list[str]:
    lines = [f"{target.name}: {target.title} ({target.kind}) {target.url}"]
    for key, rule in target.rule_items():
        lines.append(f"  {key:<12} [{rule.severity.value}] {_settings(rule)}  -> {RULE_CHECKS.get(key, '')}")
    for code, options in target.check_defaults().items():
        lines.append(f"  {'defaults':<12} {code} " + ", ".join(f"{k} = {v!r}" for k, v in options.items()))
    for item in target.not_enforced:
        lines.append(f"  not checked  {item}")
    return lines


@click.command("targets")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def targets_command(name: Optional[str], as_json: bool) -> int:
    """List the provider targets (`--target NAME`) and what each enforces."""
    targets = [get_target(name)] if name else all_targets()
    if as_json:
        click.echo(json.dumps([t.model_dump(mode="json") for t in targets], indent=2))
        return 0
    for i, target in enumerate(targets):
        if i:
            click.echo("")
        click.echo("\n".join(_describe(target)))
    if not name:
        click.echo("\nWithout --target (and without a --model whose provider is a target) ftlint applies its tolerant "
                   "union of formats and no provider's rules. `ftlint rule CODE` documents each rule.")
    return 0
