"""`ftlint tokens FILE [--model M] [--turns]`: exact token counts, one JSON line per valid example.

Each line is `{"line": N, "total": T, "target": G}` (1-based source line, total tokens by the
accounting of `ftlint rule FT401`, trainable tokens); with `--turns` it also carries
`"turns": [{"role", "tokens", "target"}, ...]` (what each message adds to the total). Invalid
records are skipped with a note on stderr; `ftlint check` explains them.

`--show LINE` prints the example at LINE as the trainer sees it instead (see `ftlint.commands.show`).
"""
from __future__ import annotations

import os
import sys

import click
import orjson

from ftlint.config import load_settings
from ftlint.engine import load_view
from ftlint.features.tokens import example_tokens
from ftlint.formats import FORMATS
from ftlint.view import RunSettings


@click.command("tokens")
@click.argument("file")
@click.option("--model", help="Target model (encoding); see `ftlint models`. Default: gpt-4o-mini.")
@click.option("--turns", is_flag=True, help="Add per-message token counts.")
@click.option("--format", "data_format", type=click.Choice(list(FORMATS)), help="Force the data format.")
@click.option("--jobs", type=int, help="Tokenizer threads (default: number of cores).")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file (default: nearest one).")
@click.option("--show", "show_line", type=click.IntRange(min=1), metavar="LINE",
              help="Print the example at LINE as the trainer sees it: trained tokens highlighted, masked ones dimmed.")
def tokens_command(file: str, model, turns: bool, data_format, jobs, config_path, show_line=None) -> int:
    """Print exact token counts of every valid example of FILE as JSON lines."""
    base, _ = load_settings(config_path)
    settings = base.merged(model=model, format=data_format, jobs=jobs)
    run = RunSettings(model=settings.model, jobs=settings.jobs or os.cpu_count() or 1)
    view = load_view(file, "train", settings, run)
    counts = view.feature(example_tokens)
    if show_line is not None:
        from ftlint.commands.show import show_example

        return show_example(file, view, counts, show_line)
    out = sys.stdout.buffer
    for i, ex in enumerate(view.examples):
        row = {"line": ex.line, "total": int(counts.total[i]), "target": int(counts.target[i])}
        if turns:
            row["turns"] = [{"role": t.role, "tokens": int(n), "target": t.target}
                            for t, n in zip(ex.turns, counts.turns(i))]
        out.write(orjson.dumps(row) + b"\n")
    out.flush()
    skipped = len(view.invalid) + sum(1 for p in view.problems if p.kind in ("invalid-json", "invalid-utf8", "not-an-object", "line-too-long"))
    if skipped:
        click.echo(f"ftlint tokens: {skipped:,} invalid record(s) skipped; `ftlint check {file}` explains them", err=True)
    return 0
