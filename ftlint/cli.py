"""Command line: `ftlint FILE...` (= `ftlint check FILE...`) and its sibling subcommands.

`main(argv) -> int` is the entry point (console script, `python -m ftlint`, tests).
Exit codes: 0 ready, 1 errors found, 2 usage/config/I-O error, 130 interrupted.
"""
from __future__ import annotations

import errno
import json
import os
import sys
from typing import Optional, Sequence

import click

from ftlint import __version__, cyclic_gc
from ftlint.config import ConfigError, Settings, config_start, load_settings
from ftlint.engine import Engine, has_internal_errors
from ftlint.errors import UsageError
from ftlint.formats import FORMATS
from ftlint.model import Report, Severity
from ftlint.plugins import PluginError, load_registry
from ftlint.providers import NO_TARGET, TARGET_NAMES
from ftlint.commands.options import trainer_options
from ftlint.reading import ReadError
from ftlint.suppress import BaselineError
from ftlint.targets import DEFAULT_MODEL

from ftlint.commands.common import (EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, csv_list, is_tty,
                                    progress_hook)


# Subcommands defined in their own modules (ftlint/commands/), imported when they are run or listed:
# a lint does not pay for them.
LAZY_COMMANDS = {
    "tokens": ("ftlint.commands.tokens", "tokens_command"),
    "models": ("ftlint.commands.models", "models_command"),
    "fix": ("ftlint.commands.fix", "fix_command"),
    "baseline": ("ftlint.commands.baseline", "baseline_command"),
    "targets": ("ftlint.commands.targets", "targets_command"),
}


class DefaultGroup(click.Group):
    """A group whose unknown first argument means `check` (so `ftlint data.jsonl` works)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in LAZY_COMMANDS \
                and args[0] not in ("--help", "-h", "--version", "-V"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        if name not in self.commands and name in LAZY_COMMANDS:
            import importlib

            module, attribute = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute))
        return self.commands.get(name)


EXAMPLES = f"""\b
Examples:
  ftlint train.jsonl                          lint one file (`check` is the default command)
  ftlint train.jsonl --eval eval.jsonl        and check the eval set and leakage into training
  ftlint train.parquet --model llama-3.1-8b-instruct --target together
  ftlint path/to/hf_dataset/                  a Hugging Face folder: train shards, test split as eval
  ftlint a.jsonl b.jsonl --as-one             several files as one dataset
  ftlint train.jsonl --output-format json -o report.json
  ftlint rule FT301                           what a check does and how to fix it
  ftlint fix train.jsonl -o clean.jsonl --rejects removed.jsonl

\b
Default model: {DEFAULT_MODEL} (limits, tokenizer and prices; `ftlint models` lists the others).
Reads JSONL, JSON arrays, Parquet, CSV/TSV (gzip, bz2, xz, zstd compressed too) and `-` (stdin).
Exit codes: 0 ready, 1 errors found, 2 usage, configuration or I/O error."""


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.version_option(__version__, "-V", "--version", prog_name="ftlint")
def cli() -> None:
    """Lint an LLM fine-tuning dataset and say whether it is ready to fine-tune."""


def _output_formats() -> list[str]:
    from ftlint.render import RENDERERS

    return list(RENDERERS)


@cli.command("check", epilog=EXAMPLES)
@click.argument("files", nargs=-1, required=True)
@click.option("--eval", "eval_path", metavar="FILE", help="Evaluation file: counted, validated, checked for leakage.")
@click.option("--model", help=f"Target model (limits, encoding, prices; default: {DEFAULT_MODEL}); see `ftlint models`.")
@click.option("--target", type=click.Choice([*TARGET_NAMES, NO_TARGET], case_sensitive=False),
              help="Provider or trainer whose upload rules apply (default: the --model's provider); see `ftlint targets`.")
@click.option("--format", "data_format", type=click.Choice(list(FORMATS)), help="Force the data format.")
@click.option("--output-format", "output_format", type=click.Choice(_output_formats()),
              help="Report format (default: full on a terminal, concise otherwise).")
@click.option("-o", "--output", "output_path", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--select", multiple=True, callback=csv_list, help="Codes or prefixes to enable (comma-separated, ALL).")
@click.option("--extend-select", multiple=True, callback=csv_list, help="Codes or prefixes to add to the selection.")
@click.option("--ignore", multiple=True, callback=csv_list, help="Codes or prefixes to disable.")
@click.option("--strict", is_flag=True, default=None, help="Warnings fail the run too.")
@click.option("--exit-zero", is_flag=True, default=None, help="Exit 0 even when findings fail the run.")
@click.option("--epochs", type=int, help="Override the estimated number of epochs.")
@click.option("--price-per-mtok", type=float, help="Override the training price (USD per 1M tokens).")
@click.option("--jobs", type=int, help="Parallel workers (default: number of cores).")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file (default: nearest one).")
@click.option("--volume", type=click.IntRange(min=0), metavar="REQUESTS_PER_MONTH",
              help="Monthly requests: compare inference cost of a large base model and the fine-tuned one.")
@click.option("--base-model", help="Large model for the cost-benefit comparison (default: from `ftlint models`).")
@click.option("--baseline", "baseline", metavar="FILE",
              help="Findings baseline: do not report the findings it accepts (matched by code and record content).")
@click.option("--add-baseline", "add_baseline", metavar="FILE",
              help="Write this run's findings to FILE as accepted (a findings baseline), then apply it.")
@click.option("--as-one", "as_one", is_flag=True, default=None,
              help="Lint all FILES as one dataset (shards of one split) instead of each on its own.")
@trainer_options
def check_command(files, eval_path, model, target, data_format, output_format, output_path, select, extend_select,
                  ignore, strict, exit_zero, epochs, price_per_mtok, jobs, config_path, volume=None,
                  base_model=None, as_one=None, baseline=None, add_baseline=None, tokenizer=None,
                  chat_template=None, train_on=None, max_seq_length=None) -> int:
    """Lint FILES (each its own dataset; a folder in the Hugging Face layout is its train split,
    shards as one dataset, with its test or validation split as the eval set) and report readiness."""
    base, _ = load_settings(config_path, start=config_start(files))
    settings = base.merged(model=model, target=target, format=data_format, select=select, extend_select=extend_select,
                           ignore=ignore, strict=strict, exit_zero=exit_zero, epochs=epochs,
                           price_per_mtok=price_per_mtok, jobs=jobs, output_format=output_format,
                           volume=volume, base_model=base_model, tokenizer=tokenizer, chat_template=chat_template,
                           train_on=train_on, max_seq_length=max_seq_length, as_one=as_one,
                           findings_baseline=baseline, add_findings_baseline=add_baseline)
    if eval_path is not None and eval_path in files:
        raise UsageError(f"{eval_path} is given both as a training file and as --eval")
    from ftlint.readers.folders import plan_inputs

    datasets, eval_source, notes = plan_inputs(list(files), eval_path, settings.as_one)
    for note in notes:
        click.echo(f"ftlint: {note}", err=True)
    engine = Engine(settings)
    progress = progress_hook()
    with cyclic_gc.frozen():  # the run's data stays out of the garbage collector's way until the report is out
        try:
            report = engine.lint(datasets, eval_source, stage=progress)
        finally:
            if progress is not None:
                progress.close()
        chosen = settings.output_format or ("full" if is_tty(sys.stdout) and output_path is None else "concise")
        _emit(report, chosen, output_path)
    return exit_code(report, settings)


def exit_code(report: Report, settings: Settings) -> int:
    if has_internal_errors(report):
        return EXIT_USAGE
    if settings.exit_zero:
        return EXIT_OK
    failing = report.count(Severity.ERROR) + (report.count(Severity.WARNING) if settings.strict else 0)
    return EXIT_FINDINGS if failing else EXIT_OK


def _emit(report: Report, output_format: str, output_path: Optional[str]) -> None:
    from ftlint.render import render

    color = output_path is None and is_tty(sys.stdout) and "NO_COLOR" not in os.environ
    width = 100
    if output_format == "full" and output_path is None and is_tty(sys.stdout):
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    text = render(report, output_format, color=color, width=width)
    if output_path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ftlint.atomic import write_atomic

    try:
        write_atomic(output_path, text.encode("utf-8"))
    except OSError as exc:
        raise ReadError(f"{output_path}: cannot write report ({exc.strerror or exc})") from None
    click.echo(f"report written to {output_path} ({report.readiness.verdict if report.readiness else ''})", err=True)


@cli.command("checks")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def checks_command(as_json: bool) -> int:
    """List every registered check."""
    registry = load_registry()
    if as_json:
        rows = [{"code": c, "name": k.name, "severity": k.severity.value, "scope": k.scope,
                 "default": k.enabled_by_default, "summary": k.summary()} for c, k in registry.items()]
        click.echo(json.dumps(rows, indent=2))
        return EXIT_OK
    for code, cls in registry.items():
        click.echo(f"{code}  {cls.name:<32} {cls.severity.value:<8} {cls.summary()}")
    return EXIT_OK


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> int:
    """Print one check's documentation (by code or name)."""
    registry = load_registry()
    match = registry.get(code.upper()) or next((c for c in registry.values() if c.name == code), None)
    if match is None:
        raise UsageError(f"no check named {code!r}; `ftlint checks` lists them")
    click.echo(f"{match.code} {match.name} (default severity: {match.severity.value}, scope: {match.scope})\n")
    click.echo(match.documentation())
    fields = match.Options.model_fields
    if fields:
        click.echo("\nOption defaults:")
        for name, field in fields.items():
            click.echo(f"  {name} = {field.default!r}  {field.description or ''}".rstrip())
    return EXIT_OK


@cli.command("schema")
@click.argument("name")
def schema_command(name: str) -> int:
    """Print the JSON Schema of a data format (or of the report: `ftlint schema report`)."""
    if name == "report":
        from ftlint.model import Report as ReportModel

        click.echo(json.dumps(ReportModel.model_json_schema(), indent=2))
        return EXIT_OK
    if name not in FORMATS:
        raise UsageError(f"unknown schema {name!r}; known: {', '.join([*FORMATS, 'report'])}")
    click.echo(json.dumps(FORMATS[name].schema, indent=2))
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="ftlint", standalone_mode=False)
        return result if isinstance(result, int) else EXIT_OK
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("ftlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except (ConfigError, PluginError, ReadError, UsageError, BaselineError) as exc:
        click.echo(f"ftlint: error: {exc}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("ftlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            return EXIT_OK
        click.echo(f"ftlint: error: {exc.strerror or exc}", err=True)
        return EXIT_USAGE


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry() -> None:  # pragma: no cover - console script (older installs; now ftlint.__main__:entry)
    from ftlint.preload import start

    start(sys.argv[1:])
    sys.exit(main())
