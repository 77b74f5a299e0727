"""Settings: defaults, then `[tool.ftlint]` in the nearest pyproject.toml (or ftlint.toml), then the CLI.

Unknown keys anywhere are an error (`ConfigError`, exit code 2). Per-check options
live under `[tool.ftlint.checks.<CODE or name>]` and are validated by the check's own
`Options` model when the run starts.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """Bad configuration or usage (exit code 2)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadinessDeclarations(_Strict):
    """What the team declares about the project (the prerequisites a file cannot show)."""

    metric: Optional[str] = None
    hypothesis: Optional[str] = None
    baseline: Optional[float] = None
    target: Optional[float] = None
    budget_usd: Optional[float] = Field(default=None, ge=0)
    iterations: int = Field(default=3, ge=1)


class Settings(_Strict):
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    format: Optional[str] = None
    model: Optional[str] = None
    target: Optional[str] = Field(default=None, description="provider whose rules apply (`ftlint targets`)")
    epochs: Optional[int] = Field(default=None, ge=1, le=50)
    price_per_mtok: Optional[float] = Field(default=None, ge=0)
    strict: bool = False
    exit_zero: bool = False
    output_format: Optional[str] = None
    max_line_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    jobs: Optional[int] = Field(default=None, ge=1)
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    severity: dict[str, str] = Field(default_factory=dict)
    readiness: ReadinessDeclarations = Field(default_factory=ReadinessDeclarations)
    volume: Optional[int] = Field(default=None, ge=0, description="requests per month, for cost-benefit")
    base_model: Optional[str] = Field(default=None, description="large model a fine-tuned one is compared with")
    tokenizer: Optional[str] = Field(default=None, description="local Hugging Face tokenizer folder")
    chat_template: Optional[str] = Field(default=None, description="chat template file (.jinja)")
    train_on: Optional[Literal["assistant", "last-assistant", "completion", "all"]] = None
    max_seq_length: Optional[int] = Field(default=None, ge=1, description="the trainer's sequence length")

    def merged(self, **overrides: Any) -> "Settings":
        """A copy with the given non-None values applied (the CLI beats the file)."""
        data = self.model_dump()
        for key, value in overrides.items():
            if value is not None:
                data[key] = value
        return validate_settings(data, "command line")


def validate_settings(data: dict, origin: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"{origin}: invalid configuration: {problems}") from None


def _normalise_keys(data: Any) -> Any:
    """TOML spells keys with dashes or underscores; the model uses underscores."""
    if isinstance(data, dict):
        return {
            (k if k.upper() == k or k in ("checks",) else k.replace("-", "_")): (v if k == "checks" else _normalise_keys(v))
            for k, v in data.items()
        }
    return data


def find_config(start: Path) -> Optional[Path]:
    """Nearest ftlint.toml, or pyproject.toml with a [tool.ftlint] table, from start upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / "ftlint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "ftlint" in tomllib.loads(candidate.read_text("utf-8")).get("tool", {}):
                    return candidate
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def config_start(files: Sequence[str]) -> Optional[Path]:
    """Configuration is looked up from the first file's folder (like ruff), or the working directory for stdin."""
    first = next((f for f in files if f != "-"), None)
    return Path(first).resolve().parent if first else None


def load_settings(config_path: Optional[str] = None, start: Optional[Path] = None) -> tuple[Settings, Optional[Path]]:
    path = Path(config_path) if config_path else find_config((start or Path.cwd()).resolve())
    if path is None:
        return Settings(), None
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("ftlint", {})
    return validate_settings(_normalise_keys(raw), str(path)), path
