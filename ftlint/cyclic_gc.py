"""Python's cyclic garbage collector during a run.

A run holds millions of long-lived objects (100k examples are ~2M records, turns, strings and
lists), none of them garbage. Each automatic full collection traverses every one of them: while
a file is read, the collections triggered by its growing data took ~0.55 s at 100k examples,
and each later one ~0.25 s, more in a forked worker (which copies each page it touches). So:

- `paused()`: no automatic collection while the data is read (reading makes no reference cycle:
  nothing is left for the collector to find);
- `frozen()`: everything alive is moved out of the collector's view (`gc.freeze`), so later
  collections look only at newer objects (a feature's temporaries, still collected as usual).
  It is given back (`gc.unfreeze`) by the `frozen()` that froze first, on its way out: nested
  ones (the engine's inside the CLI's, the workers' inside the engine's) leave it as it is.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    first = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if first:
            gc.unfreeze()


def freeze_new() -> None:
    """Move what was made since the last freeze out of the collector's view too: data just read, a
    feature's value (kept for the whole run), what a worker is about to inherit. The `frozen()` it
    runs in gives it back."""
    gc.freeze()
