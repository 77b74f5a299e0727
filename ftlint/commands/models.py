"""`ftlint models [--json]`: the target models table (limits, encodings, prices, as-of dates)."""
from __future__ import annotations

import json

import click

from ftlint.targets import DEFAULT_MODEL, load_models


def _price(value) -> str:
    return "-" if value is None else f"${value:,.2f}"


@click.command("models")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def models_command(as_json: bool) -> int:
    """List the target models: token limit per training example, encoding and prices per 1M tokens."""
    models = load_models()
    if as_json:
        click.echo(json.dumps([m.model_dump(mode="json") for m in models.values()], indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Target models (USD per 1M tokens; --price-per-mtok overrides the training price)")
    for column, justify in (("model", "left"), ("provider", "left"), ("encoding", "left"), ("max tokens", "right"),
                            ("train", "right"), ("input", "right"), ("output", "right"), ("as of", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for m in models.values():
        name = m.name + (" (default)" if m.name == DEFAULT_MODEL else "") + (" (base, not tuned)" if m.kind == "base" else "")
        table.add_row(name, m.provider, m.encoding, f"{m.max_tokens:,}", _price(m.train_per_mtok),
                      _price(m.input_per_mtok), _price(m.output_per_mtok), m.as_of.isoformat())
    Console(width=120, highlight=False, emoji=False, soft_wrap=False).print(table)
    click.echo("Aliases: " + "; ".join(f"{m.name}: {', '.join(m.aliases)}" for m in models.values() if m.aliases))
    return 0
