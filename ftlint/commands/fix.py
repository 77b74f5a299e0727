"""`ftlint fix IN -o OUT [--rejects REJECTS]`: safe repairs that account for every line.

The repair engine is `ftlint.fixing`; this module only parses options and prints the summary.
"""
from __future__ import annotations

import json
import os
import sys

import click

from ftlint.commands.common import EXIT_OK, csv_list, is_tty, progress_hook
from ftlint.config import config_start, load_settings
from ftlint.errors import UsageError
from ftlint.fixing import OPT_IN_REPAIRS, REPAIRS, FixSummary, fix_file, resolve_repairs
from ftlint.formats import FORMATS

_REPAIR_HELP = "\b\nRepairs (* = opt-in: name it with --extend-select or --select):\n" + "\n".join(
    f"  {name + (' *' if name in OPT_IN_REPAIRS else ''):<29}{text}" for name, text in REPAIRS.items())


@click.command("fix", epilog=_REPAIR_HELP)
@click.argument("in_path", metavar="IN")
@click.option("-o", "--output", "out_path", metavar="OUT", help="Write the repaired file here (never over IN).")
@click.option("--rejects", "rejects_path", metavar="FILE",
              help='Write every removed line here, unchanged, as {"line", "reason", "raw"} JSONL.')
@click.option("--eval", "eval_path", metavar="FILE", help="Evaluation file: drop training examples leaking into it.")
@click.option("--model", help="Target model whose token limit drop-over-limit applies; see `ftlint models`.")
@click.option("--format", "data_format", type=click.Choice(list(FORMATS)), help="Force the data format.")
@click.option("--select", multiple=True, callback=csv_list,
              help="Repairs to run instead of the default ones (comma-separated names, ALL).")
@click.option("--extend-select", "--fix-select", "extend_select", multiple=True, callback=csv_list,
              help="Repairs to run besides the default ones, e.g. drop-near-duplicates,drop-leaked.")
@click.option("--ignore", multiple=True, callback=csv_list, help="Repairs to skip (comma-separated names).")
@click.option("--dry-run", is_flag=True, help="Print the summary only; write nothing.")
@click.option("--output-format", "summary_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Summary format (json goes to stdout).")
@click.option("--jobs", type=int, help="Parallel workers for token counting (default: number of cores).")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file (default: nearest one).")
def fix_command(in_path, out_path, rejects_path, eval_path, model, data_format, select, extend_select, ignore,
                dry_run, summary_format, jobs, config_path) -> int:
    """Repair IN into OUT. By default only what is certainly redundant or unusable goes: unreadable and
    invalid lines, exact copies; a BOM is stripped, line endings normalised, target answers trimmed.
    Near duplicates, leaks into --eval and over-limit examples go only when asked for. Every input line
    ends up in OUT or in --rejects. A JSON array file is read element by element and written as JSONL."""
    repairs = resolve_repairs(select, ignore, extend_select)
    if "drop-leaked" in [*(select or []), *(extend_select or [])] and eval_path is None:
        raise UsageError("drop-leaked needs the evaluation file: add --eval FILE")
    base, _ = load_settings(config_path, start=config_start([in_path]))
    settings = base.merged(model=model, format=data_format, jobs=jobs)
    progress = progress_hook()
    try:
        summary = fix_file(in_path, out_path, rejects_path, eval_path, repairs, settings,
                           jobs=settings.jobs or os.cpu_count() or 1, dry_run=dry_run, stage=progress)
    finally:
        if progress is not None:
            progress.close()
    if summary_format == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        click.echo(render_summary(summary), err=True, color=is_tty(sys.stderr) and "NO_COLOR" not in os.environ)
    return EXIT_OK


def render_summary(s: FixSummary) -> str:
    removed = sum(s.removed.values())
    head = f"{s.input} -> {s.output}" if s.output else f"{s.input} (dry run, nothing written)"
    lines = [f"ftlint fix: {head}"]

    def row(indent: int, label: str, n: int, tail: str = "") -> None:
        lines.append(f"{' ' * indent}{label:<{28 - indent}}{n:>9,}{tail}")

    row(2, f"{s.unit} in", s.lines_in)
    row(2, "kept", s.kept)
    row(2, "removed", removed)
    for reason in sorted(s.removed, key=lambda r: (-s.removed[r], r)):
        row(4, reason, s.removed[reason])
    row(2, f"kept {s.unit} changed", s.changed_lines)
    for repair in s.repairs:
        if s.changed[repair]:
            row(4, repair, s.changed[repair])
    for note in s.notes:
        lines.append(f"  note: {note}")
    if s.rejects_path:
        lines.append(f"  removed {s.unit} written to {s.rejects_path}")
    elif removed and not s.dry_run:
        lines.append(f"  removed {s.unit} were not saved (add --rejects FILE to keep them)")
    return "\n".join(lines)
