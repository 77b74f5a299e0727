"""Load the run's tokenizer vocabulary in a background thread while the interpreter starts ftlint.

Loading a bundled vocabulary (quicktok's `Tokenizer` constructor) takes 0.4-0.5 s for llama3, the
default model's: as long as importing ftlint, reading the settings and the data. Measured on
2026-12-02, that constructor holds the GIL for most of the load (a pure-Python loop run beside it
took 0.53 s instead of 0.13 s), so the thread overlaps little with the imports: a one-record lint
took the same time with and without it (0.98-1.27 s, 5 runs each, quiet 2-core machine). It is kept
because it costs nothing and would pay off with a constructor that releases the GIL; a vocabulary
that loads faster is what the one-record goal needs. `start(argv)`, called by the command-line entry point before
anything heavy is imported, guesses the encoding the command will need from the command line
(`--model`, `--tokenizer`, `--config`), the `model` and `tokenizer` keys of the configuration file
it would find, and `targets.toml`, and loads it in a thread. Inputs of at most SMALL_INPUT_BYTES
(regular files, --eval included) start no load: `ftlint.small_bpe` counts them sooner than quicktok's
constructor would finish (`started(encoding)` tells `ftlint.tokens` which path a run is on).

The guess only warms quicktok's own cache. The run resolves its model and settings exactly as it
always does; `wait(encoding)` (called by `ftlint.tokens` before it asks quicktok for an encoding)
joins a load of that encoding still in flight instead of starting a second one, so a wrong guess
costs CPU time on another core, never a different result. Any error while guessing or loading is
dropped here: the run meets it again and reports it. A fork (`ftlint.parallel`'s workers) waits for
the load first, so no child inherits a half-built table.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Optional, Sequence

# subcommands that count tokens (the default command is `check`); the others never load a vocabulary
TOKEN_COMMANDS = ("check", "fix", "tokens")
OTHER_COMMANDS = ("checks", "rule", "schema", "models", "targets", "baseline")
SMALL_INPUT_BYTES = 50_000  # inputs up to this size are counted by ftlint.small_bpe: no start-up load
QUICKTOK_ENCODINGS = ("o200k_base", "cl100k_base", "llama3", "qwen3", "o200k_harmony")
# options without a value (tests/test_startup.py checks this against the commands' own options)
FLAGS = ("--strict", "--exit-zero", "--as-one", "--dry-run", "--turns", "--json", "--help", "-h", "--version", "-V")

_decided = threading.Event()
_lock = threading.Lock()
_thread: Optional[threading.Thread] = None
_encoding: Optional[str] = None


def start(argv: Sequence[str]) -> None:
    """Start guessing and loading the vocabulary `argv` (the command line after `ftlint`) needs."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_guess_and_load, args=(list(argv),), name="ftlint-preload")
        _thread.start()  # not a daemon: a normal exit joins it (ftlint.__main__.leave does not wait)


def wait(encoding: str) -> None:
    """Return once no load of `encoding` is in flight (at once when none was started)."""
    thread = _thread
    if thread is None or thread is threading.current_thread():
        return
    _decided.wait()
    if _encoding == encoding:
        thread.join()


def _join_before_fork() -> None:
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_join_before_fork)


def started(encoding: str) -> bool:
    """Whether this process's start-up load (if one was started) is of `encoding`."""
    thread = _thread
    if thread is None:
        return False
    if thread is not threading.current_thread():
        _decided.wait()
    return _encoding == encoding


def small_input(argv: list[str]) -> bool:
    """Whether the files `argv` names (training files and --eval) are regular files holding together at
    most SMALL_INPUT_BYTES: ftlint.small_bpe counts their tokens sooner than quicktok loads its table."""
    args = argv[1:] if argv and argv[0] in TOKEN_COMMANDS else argv
    options, files = _scan(args)
    if "--eval" in options:
        files.append(options["--eval"])
    try:
        return bool(files) and all(os.path.isfile(f) for f in files) and \
            sum(os.path.getsize(f) for f in files) <= SMALL_INPUT_BYTES
    except OSError:
        return False


def _guess_and_load(argv: list[str]) -> None:
    global _encoding
    try:
        _encoding = None if small_input(argv) else guess_encoding(argv)
    except Exception:  # a broken configuration file: the run reports it
        _encoding = None
    finally:
        _decided.set()
    if _encoding is None:
        return
    try:
        import quicktok

        quicktok.get_encoding(_encoding)
    except Exception:  # the run loads it again and reports what went wrong
        pass


def guess_encoding(argv: list[str]) -> Optional[str]:
    """The quicktok encoding the command `argv` will most likely load, or None (none, or not a guess
    worth making: a local --tokenizer folder, a forced tiktoken backend, an unknown model)."""
    if os.environ.get("FTLINT_TOKENIZER", "quicktok") not in ("quicktok", "auto", ""):
        return None
    if argv and argv[0] in OTHER_COMMANDS:
        return None
    args = argv[1:] if argv and argv[0] in TOKEN_COMMANDS else argv
    options, files = _scan(args)
    first_file = files[0] if files else None
    if "--help" in options or "-h" in options or "--version" in options or "-V" in options:
        return None
    if argv and argv[0] == "fix" and not any({"DROP-OVER-LIMIT", "ALL"} & set(a.upper().replace("=", ",").split(","))
                                             for a in args):
        return None  # of the repairs, only drop-over-limit counts tokens
    config = _config_table(options.get("--config"), first_file)
    if options.get("--tokenizer") or config.get("tokenizer"):
        return None
    encoding = _model_encoding(options.get("--model") or config.get("model"))
    return encoding if encoding in QUICKTOK_ENCODINGS else None


def _scan(args: list[str]) -> tuple[dict[str, str], list[str]]:
    """Options by name (their values; a flag maps to "") and the positional arguments."""
    options: dict[str, str] = {}
    files: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            files.extend(args[i + 1:])
            break
        if arg.startswith("-") and arg != "-":
            name, eq, value = arg.partition("=")
            if not eq and name not in FLAGS and i + 1 < len(args):
                value, i = args[i + 1], i + 1
            options[name] = value
        else:
            files.append(arg)
        i += 1
    return options, files


def _config_table(config_path: Optional[str], first_file: Optional[str]) -> dict:
    """The settings table of the configuration file the run would read (see ftlint.config), unvalidated."""
    from pathlib import Path

    from ftlint.config_files import config_start, find_config, read_table

    if config_path:
        path = Path(config_path)
    else:
        start = config_start([first_file]) if first_file else None
        path = find_config((start or Path.cwd()).resolve())
    return read_table(path) if path is not None else {}


def _model_encoding(name: Optional[str]) -> Optional[str]:
    """`targets.toml`'s encoding of the model called `name` (None: the default), as ftlint.targets resolves it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    with open(os.path.join(os.path.dirname(__file__), "targets.toml"), "rb") as f:
        raw = tomllib.load(f)
    wanted = (name or raw.get("default") or "llama-3.1-8b-instruct").strip().lower()
    for entry in raw.get("model", []):
        if wanted == str(entry.get("name", "")).lower() or wanted in (str(a).lower() for a in entry.get("aliases", ())):
            return entry.get("encoding")
    return None
