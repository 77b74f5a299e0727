"""Stage progress on stderr (terminal only): shows the current stage once a run passes a second."""
from __future__ import annotations

import sys
import time

from rich.console import Console


class StageProgress:
    """Callable stage hook: prints the stage name once the run has taken longer than `delay` seconds."""

    def __init__(self, delay: float = 1.0):
        self.started = time.monotonic()
        self.delay = delay
        self.console = Console(file=sys.stderr)
        self.status = None

    def __call__(self, stage: str) -> None:
        if self.status is None and time.monotonic() - self.started < self.delay:
            return
        if self.status is None:
            self.status = self.console.status(stage)
            self.status.start()
        else:
            self.status.update(stage)

    def close(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
