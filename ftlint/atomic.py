"""Write a file all at once or not at all: temporary file in the same folder, then rename."""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import BinaryIO, Iterator


@contextlib.contextmanager
def atomic_writer(path: str) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `path`, on any error it is removed.

    An existing non-regular file (a FIFO, /dev/stdout, a device) is written in place: renaming
    over it would replace the pipe or device node with a regular file. A replaced regular file
    keeps its permission bits; a new one gets the usual umask-derived mode, not mkstemp's 0600.
    """
    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with open(path, "wb") as fh:
            yield fh
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ftlint-", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str, data: bytes) -> None:
    with atomic_writer(path) as fh:
        fh.write(data)
