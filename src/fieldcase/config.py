"""Typed settings, and reading and writing them.

Settings live in ``settings.toml`` in the data folder. They hold preferences
and the organisation's policy (:class:`fieldcase.domain.policy.Policy`) only:
nothing about cases or people, which stay in the encrypted database.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from fieldcase.domain.policy import NATIONS, Policy


@dataclass(frozen=True)
class Settings:
    """The officer's settings."""

    officer_name: str = ""
    """The name of the officer using this laptop; asked on first run."""
    idle_lock_minutes: int = 5
    """Lock the screen after this many minutes without a key press (0 = never)."""
    backup_keep: int = 10
    """How many backups to keep in a backup folder; older ones are removed (at least 1)."""
    backup_daily: bool = True
    """Make a backup when fieldcase opens, if none was made in the last day."""
    questionnaire_path: str = ""
    """An organisation's own risk questionnaire (TOML); empty for the default."""
    server_url: str = ""
    """A team server to work on instead of this laptop's file, e.g.
    ``postgresql://cases.example.org/fieldcase?sslmode=verify-full``; never with a password."""
    policy: Policy = field(default_factory=Policy)
    """Organisation policy."""


class SettingsError(ValueError):
    """The settings file cannot be read; the message says why."""


def load_settings(path: Path) -> Settings:
    """Read settings from ``path``; a missing file gives the defaults.

    Raises:
        SettingsError: The file exists but is not valid settings.
    """
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from exc
    return _settings_from_dict(raw, path)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically (a temporary file, then a rename)."""
    data: dict[str, Any] = asdict(settings)
    data["policy"]["extra_closure_days"] = list(settings.policy.extra_closure_days)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)


def _settings_from_dict(raw: dict[str, Any], path: Path) -> Settings:
    unknown = set(raw) - {f.name for f in fields(Settings)}
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
    policy_raw = raw.get("policy", {})
    if not isinstance(policy_raw, dict):
        raise SettingsError(f"{path}: [policy] must be a table")
    known = {f.name for f in fields(Policy)} | {_OLD_CLOSURE_DAYS}
    unknown = set(policy_raw) - known
    if unknown:
        raise SettingsError(f"{path}: unknown policy setting(s): {', '.join(sorted(unknown))}")
    policy_values: dict[str, Any] = {}
    closure_days: set[date] = set()
    for name in (_OLD_CLOSURE_DAYS, "extra_closure_days"):
        if name in policy_raw:
            closure_days.update(_dates(path, f"policy.{name}", policy_raw[name]))
    if closure_days:
        policy_values["extra_closure_days"] = tuple(sorted(closure_days))
    for f in fields(Policy):
        if f.name not in policy_raw or f.name == "extra_closure_days":
            continue
        value = policy_raw[f.name]
        if f.name == "nation":
            if value not in NATIONS:
                allowed = ", ".join(f'"{n}"' for n in NATIONS)
                raise SettingsError(f"{path}: policy.nation must be one of {allowed}")
        else:
            _check_value(path, f"policy.{f.name}", value, getattr(_DEFAULT_POLICY, f.name))
        policy_values[f.name] = value
    top: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name != "policy" and f.name in raw:
            _check_value(path, f.name, raw[f.name], getattr(_DEFAULT_SETTINGS, f.name))
            top[f.name] = raw[f.name]
    return Settings(policy=Policy(**policy_values), **top)


_DEFAULT_POLICY = Policy()
_DEFAULT_SETTINGS = Settings()
_OLD_CLOSURE_DAYS = "bank_holidays"
"""What ``extra_closure_days`` was called before bank holidays came from the nation."""


def _dates(path: Path, name: str, value: Any) -> list[date]:
    """A TOML list of dates, or SettingsError naming the setting."""
    if not isinstance(value, list) or not all(_is_date(d) for d in value):
        raise SettingsError(f"{path}: {name} must be a list of dates, like [2026-12-24]")
    return value


def _is_date(value: Any) -> bool:
    """A TOML date (not a date-time, which is also a ``date`` in Python)."""
    return isinstance(value, date) and not isinstance(value, datetime)


def _check_value(path: Path, name: str, value: Any, default: Any) -> None:
    """Raise SettingsError unless ``value`` is of the kind the setting's default is."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise SettingsError(f"{path}: {name} must be true or false")
    elif isinstance(default, int):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise SettingsError(f"{path}: {name} must be a whole number of 0 or more")
    elif isinstance(default, str) and not isinstance(value, str):
        raise SettingsError(f"{path}: {name} must be text in quotes")
