"""Where the configuration is and what it says, without validating it (no pydantic: cheap at start-up).

`find_config(start)` finds the nearest `ftlint.toml`, or `pyproject.toml` with a `[tool.ftlint]`
table, from `start` upwards; `config_start(files)` is where the lookup starts (the first file's
folder); `read_table(path)` returns the file's settings table as written. `ftlint.config` validates
it into `Settings`; `ftlint.preload` reads it to guess the tokenizer a run will load.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """Bad configuration or usage (exit code 2)."""


def find_config(start: Path) -> Optional[Path]:
    """Nearest ftlint.toml, or pyproject.toml with a [tool.ftlint] table, from start upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / "ftlint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            try:
                parsed = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:  # a broken file must not silently drop the team's settings
                raise ConfigError(f"{candidate}: invalid TOML: {exc}; ftlint looks for [tool.ftlint] "
                                  f"there (fix the file, or give --config FILE)") from None
            if "ftlint" in parsed.get("tool", {}):
                return candidate
    return None


def config_start(files: Sequence[str]) -> Optional[Path]:
    """Configuration is looked up from the first file's folder (like ruff), or the working directory for stdin."""
    first = next((f for f in files if isinstance(f, (str, os.PathLike)) and os.fspath(f) != "-"), None)
    if first is None:
        return None
    path = Path(first).resolve()
    return path if path.is_dir() else path.parent


def read_table(path: Path) -> dict:
    """The settings table of `path`: `[tool.ftlint]` of a pyproject.toml, the whole of any other file."""
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return raw.get("tool", {}).get("ftlint", {}) if path.name == "pyproject.toml" else raw
