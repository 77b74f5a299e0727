"""Settings: defaults, then `[tool.ftlint]` in the nearest pyproject.toml (or ftlint.toml), then the CLI.

Unknown keys anywhere are an error (`ConfigError`, exit code 2). Per-check options
live under `[tool.ftlint.checks.<CODE or name>]` and are validated by the check's own
`Options` model when the run starts.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ftlint.config_files import ConfigError, config_start, find_config, read_table

__all__ = ["ConfigError", "ReadinessDeclarations", "Settings", "check_codes", "config_start", "find_config",
           "load_settings", "validate_settings"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # `strict = "yes"` is a type error, not True


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
    as_one: bool = Field(default=False, description="lint all training paths as one dataset")
    columns: dict[str, str] = Field(default_factory=dict, description="table column -> format key (CSV, Parquet)")
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
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict,
                                                   description="file glob -> codes or prefixes not reported there")
    findings_baseline: Optional[str] = Field(default=None, description="file of accepted findings (--baseline)")
    add_findings_baseline: Optional[str] = Field(default=None, description="write the findings there (--add-baseline)")
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)  # setting -> where it was given

    def origin(self, key: str) -> str:
        """Where a setting was given: `command line option --select`, `pyproject.toml: [tool.ftlint] ignore`."""
        return self._origins.get(key, f"setting {key}")

    def merged(self, origin: str = "command line", **overrides: Any) -> "Settings":
        """A copy with the given non-None values applied (the CLI beats the file). `origin` names
        where the overrides come from in errors ("command line", "lint()")."""
        data = self.model_dump()
        unknown = sorted(k for k in overrides if k not in Settings.model_fields)
        if unknown:
            raise ConfigError(f"{origin}: unknown setting(s): {', '.join(unknown)}")
        for key, value in overrides.items():
            if value is not None:
                data[key] = value
        merged = validate_settings(data, origin)
        merged._origins = {**self._origins, **{k: _flag(origin, k) for k, v in overrides.items() if v is not None}}
        return merged


def _flag(origin: str, key: str) -> str:
    if origin == "command line":
        return f"command line option --{key.replace('_', '-')}"
    if origin.endswith("()"):
        return f"{origin[:-2]}({key}=...)"
    return f"{origin} {key}"


def check_codes(settings: Settings, registry: dict) -> None:
    """Every code, prefix or check name the settings mention must name a registered check: a typo
    in --select would otherwise run nothing and pass. Raises ConfigError naming where it came from."""
    import difflib

    names = {cls.name for cls in registry.values()}
    codes_and_names = sorted({*registry, *names})
    prefixes = sorted({c[:n] for c in registry for n in (3, 4)})

    def unknown(value: str, exact: bool) -> bool:
        if value in names or value in registry:
            return False
        if exact:
            return True
        return not (value == "ALL" or any(code.startswith(value) for code in registry))

    def fail(key: str, value: str, exact: bool) -> None:
        vocabulary = codes_and_names if exact or len(value) >= 5 else prefixes
        close = difflib.get_close_matches(value.upper() if value[:2].lower() == "ft" else value, vocabulary, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        what = "check code or name" if exact else "check code, prefix or name"
        raise ConfigError(f"{settings.origin(key)}: unknown {what} {value!r}{hint} (`ftlint checks` lists them)")

    for key in ("select", "extend_select", "ignore"):
        for value in getattr(settings, key):
            if unknown(value, exact=False):
                fail(key, value, exact=False)
    for value in settings.severity:
        if unknown(value, exact=False):
            fail("severity", value, exact=False)
    for value in settings.checks:
        if unknown(value, exact=True):
            fail("checks", value, exact=True)
    for pattern, values in settings.per_file_ignores.items():
        for value in values:
            if unknown(value, exact=False):
                fail("per_file_ignores", value, exact=False)


def validate_settings(data: dict, origin: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}"
            + (f" (got {e['input']!r})" if not isinstance(e.get("input"), (dict, list)) and e["type"] != "missing" else "")
            for e in exc.errors()
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


def load_settings(config_path: Optional[str] = None, start: Optional[Path] = None) -> tuple[Settings, Optional[Path]]:
    path = Path(config_path) if config_path else find_config((start or Path.cwd()).resolve())
    if path is None:
        return Settings(), None
    raw = read_table(path)
    table = "[tool.ftlint] " if path.name == "pyproject.toml" else ""
    settings = validate_settings(_normalise_keys(raw), str(path))
    settings._origins = {key: f"{path}: {table}{key.replace('_', '-')}" for key in _normalise_keys(raw)}
    if isinstance(raw.get("checks"), dict):
        settings._origins["checks"] = f"{path}: [{table.strip('[] ') + '.' if table else ''}checks]"
    return settings, path
