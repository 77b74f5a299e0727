"""A progress bar on stderr (terminal only), shown once a run has taken longer than a second.

The engine reports each stage (reading a file, each check, statistics) with how many stages
are done out of how many; the bar shows the stage name and the share done.
"""
from __future__ import annotations

import sys
import time
from typing import Optional

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class StageProgress:
    """Callable stage hook for `Engine.lint`; call `close()` when the run ends."""

    def __init__(self, delay: float = 1.0, console: Optional[Console] = None):
        self.started = time.monotonic()
        self.delay = delay
        self.console = console or Console(file=sys.stderr)
        self.progress: Optional[Progress] = None
        self.task: Optional[TaskID] = None

    def __call__(self, stage: str, done: Optional[int] = None, total: Optional[int] = None) -> None:
        """Show `stage`; without done/total the bar pulses (stages of unknown count)."""
        if self.progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                     TimeElapsedColumn(), console=self.console, transient=True)
            self.progress.start()
            self.task = self.progress.add_task(stage, total=total)
        self.progress.update(self.task, description=stage[:40], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
