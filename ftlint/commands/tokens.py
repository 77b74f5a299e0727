"""`ftlint tokens FILE [--model M] [--turns]`: exact token counts, one JSON line per valid example.

Each line is `{"line": N, "total": T, "target": G}` (1-based source line, total tokens by the
accounting of `ftlint rule FT401`, trainable tokens). For an open model (a chat-template profile,
`--tokenizer DIR` or `--chat-template FILE`) `total` is the tokens of the rendered conversation and
`target` the tokens the loss mask trains (`--train-on`); the line also carries
`"truncated": K` (trained tokens past `--max-seq-length`) when K > 0, `"notes"` (content the template
drops) and `"error"` (the template refused the example). With `--turns` it carries
`"turns": [{"role", "tokens", "target"}, ...]`: what each message adds to the total (OpenAI's
formula) or the tokens its mask trains (templated models). Invalid records are skipped with a note
on stderr; `ftlint check` explains them. A preference pair's line also counts both sides:
`chosen_total`/`chosen_target` (prompt + chosen, the same as `total`/`target`) and
`rejected_total`/`rejected_target` (prompt + rejected).

`--show LINE` prints the example at LINE as the trainer sees it instead (see `ftlint.commands.show`).
"""
from __future__ import annotations

import os
import sys

import click
import orjson

from ftlint.config import load_settings
from ftlint.engine import load_view
from ftlint.features.preference import pair_tokens
from ftlint.commands.options import trainer_options
from ftlint.features.tokens import example_tokens, run_trainer_setup
from ftlint.formats import FORMATS
from ftlint.reading import UNREAD_KINDS
from ftlint.targets import resolve_model
from ftlint.view import RunSettings


@click.command("tokens")
@click.argument("file")
@click.option("--model", help="Target model; see `ftlint models`. Default: llama-3.1-8b-instruct.")
@click.option("--turns", is_flag=True, help="Add per-message token counts.")
@click.option("--format", "data_format", type=click.Choice(list(FORMATS)), help="Force the data format.")
@click.option("--jobs", type=int, help="Tokenizer threads (default: number of cores).")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file (default: nearest one).")
@click.option("--show", "show_line", type=click.IntRange(min=1), metavar="LINE",
              help="Print the example at LINE as the trainer sees it: trained tokens highlighted, masked ones dimmed.")
@trainer_options
def tokens_command(file: str, model, turns: bool, data_format, jobs, config_path, tokenizer=None, chat_template=None,
                   train_on=None, max_seq_length=None, show_line=None) -> int:
    """Print exact token counts of every valid example of FILE as JSON lines."""
    base, _ = load_settings(config_path)
    settings = base.merged(model=model, format=data_format, jobs=jobs, tokenizer=tokenizer, chat_template=chat_template,
                           train_on=train_on, max_seq_length=max_seq_length)
    run = RunSettings(model=settings.model, jobs=settings.jobs or os.cpu_count() or 1, tokenizer_dir=settings.tokenizer,
                      chat_template=settings.chat_template, train_on=settings.train_on,
                      max_seq_length=settings.max_seq_length)
    run_trainer_setup(run, resolve_model(settings.model))  # a missing tokenizer: exit 2 before reading
    view = load_view(file, "train", settings, run)
    counts = view.feature(example_tokens)
    if show_line is not None:
        from ftlint.commands.show import show_example

        return show_example(file, view, counts, show_line)
    pairs = view.feature(pair_tokens)
    out = sys.stdout.buffer
    for i, ex in enumerate(view.examples):
        row = {"line": ex.line, "total": int(counts.total[i]), "target": int(counts.target[i])}
        if pairs is not None and pairs.paired[i]:
            row.update(chosen_total=row["total"], chosen_target=row["target"],
                       rejected_total=int(pairs.rejected.total[i]), rejected_target=int(pairs.rejected.target[i]))
        if counts.target_truncated is not None and counts.target_truncated[i]:
            row["truncated"] = int(counts.target_truncated[i])
        if i in counts.notes:
            row["notes"] = list(counts.notes[i])
        if i in counts.errors:
            row["error"] = counts.errors[i]
        if turns:
            row["turns"] = [{"role": t.role, "tokens": int(n), "target": t.target}
                            for t, n in zip(ex.turns, counts.turns(i))]
        out.write(orjson.dumps(row) + b"\n")
    out.flush()
    skipped = len(view.invalid) + sum(1 for p in view.problems if p.kind in UNREAD_KINDS)
    if skipped:
        click.echo(f"ftlint tokens: {skipped:,} invalid record(s) skipped; `ftlint check {file}` explains them", err=True)
    return 0
