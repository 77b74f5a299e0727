"""`python -m ftlint` and the `ftlint` console script: start loading the run's vocabulary, run the
CLI, and leave without the interpreter's teardown.

Tearing down a finished run (every module, the loaded vocabulary's tables, the data) costs a tenth
of a second or more: a good part of a small file's run, and pre-commit runs ftlint once per
changed file. So, as mypy's `hard_exit` does, the entry point runs the `atexit` handlers, flushes
stdout and stderr and ends the process with `os._exit`. Every file ftlint writes is closed before
`main` returns (ftlint.atomic). Under a tracer or profiler (coverage, cProfile) it exits normally,
so they can write their data.

ftlint makes no BLAS call (no matrix products), so the entry point asks numpy's bundled OpenBLAS
for one thread unless the user set `OPENBLAS_NUM_THREADS`: at import OpenBLAS otherwise starts a
thread per core, 0.1 s of CPU time per run on a 2-core machine (`import numpy` alone: 0.26 s of CPU
against 0.16 s), which a loaded CI machine or pre-commit's parallel hooks pay in wall time.
"""
import os
import sys


def entry() -> None:  # pragma: no cover - exercised through subprocesses
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported (see the module doc)
    from ftlint.preload import start

    start(sys.argv[1:])  # before the imports of ftlint.cli, which take as long as the vocabulary
    from ftlint.cli import main

    leave(main())


def leave(code: int) -> None:
    """End the process with `code`: atexit handlers and flushed streams, no module teardown."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: main() has already said what it had to
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
