"""What the `ftlint` command and its subcommands share: exit codes, option callbacks, terminal tests.

`ftlint.cli` and every module of `ftlint.commands` import from here, so no command imports the CLI.
"""
from __future__ import annotations

import sys
from typing import Optional

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def csv_list(_ctx, _param, value: tuple[str, ...]) -> Optional[list[str]]:
    """click callback: repeated and comma-separated values as one list (None when not given)."""
    if not value:
        return None
    return [part.strip() for v in value for part in v.split(",") if part.strip()]


def is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def progress_hook():
    """A stage printer on a terminal (stderr); silent otherwise."""
    if not is_tty(sys.stderr):
        return None
    from ftlint.progress import StageProgress

    return StageProgress()
