"""Typed settings, and reading and writing them.

Settings live in ``settings.toml`` in the data folder. They hold preferences
and the organisation's policy (:class:`fieldcase.domain.policy.Policy`) only:
nothing about cases or people, which stay in the encrypted database.

A hand-edited file is checked in full before anything runs: every problem is
reported at once (a misspelt name with the name it probably meant), and every
number must lie in a sensible range, so that ``retention_years = 0`` is refused
rather than read as "purge every closed case". The file keeps only what the
officer or organisation chose: defaults are never written into it, so a better
default in a later release reaches laptops that never changed it.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from fieldcase.domain.policy import NATIONS, Policy
from fieldcase.paths import PRIVATE_FILE, make_private_dir


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
    organisation_name: str = ""
    """The organisation's name, printed at the top of every letter."""
    organisation_address: str = ""
    """The organisation's address, printed under its name (one line per line of address)."""
    server_url: str = ""
    """A team server to work on instead of this laptop's file, e.g.
    ``postgresql://cases.example.org/fieldcase?sslmode=verify-full``; never with a password."""
    policy: Policy = field(default_factory=Policy)
    """Organisation policy."""


class SettingsError(ValueError):
    """The settings file cannot be used; the message lists every problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        """Each problem as one sentence."""
        if len(problems) == 1:
            text = f"{path}: {problems[0]}"
        else:
            listed = "\n".join(f"  - {p}" for p in problems)
            text = f"{path} has {len(problems)} problems:\n{listed}"
        super().__init__(text)


RANGES: dict[str, tuple[int, int]] = {
    "idle_lock_minutes": (0, 240),
    "policy.first_contact_hate_working_days": (0, 20),
    "policy.first_contact_other_working_days": (0, 30),
    "policy.update_days_high": (1, 90),
    "policy.update_days_medium": (1, 180),
    "policy.update_days_standard": (1, 365),
    "policy.review_days_high": (1, 90),
    "policy.review_days_medium": (1, 180),
    "policy.review_days_standard": (1, 365),
    "policy.abc_review_weeks": (1, 26),
    "policy.abc_length_months": (1, 36),
    "policy.retention_years": (1, 100),
}
"""The sensible range of every whole-number setting, both ends included."""

_WHY_NOT_ZERO = {
    "policy.retention_years": ": that would make every closed case due for purging at once",
}

_OLD_CLOSURE_DAYS = "bank_holidays"
"""What ``extra_closure_days`` was called before bank holidays came from the nation."""


def load_settings(path: Path) -> Settings:
    """Read settings from ``path``; a missing file gives the defaults.

    Raises:
        SettingsError: The file exists but is not valid settings (every problem listed).
    """
    raw = _read_raw(path)
    if raw is None:
        return Settings()
    return _settings_from_dict(raw, path)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically, readable by the officer alone, without defaults.

    A value the file already held stays in it (updated); any other value is
    written only when it differs from the default.
    """
    earlier = _read_raw_quietly(path)
    data = _chosen(asdict(settings), asdict(Settings()), earlier)
    make_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(tomli_w.dumps(data))
    os.chmod(tmp, PRIVATE_FILE)
    tmp.replace(path)


def _chosen(values: dict[str, Any], defaults: dict[str, Any], earlier: dict[str, Any]) -> Any:
    """The values worth writing: those set before, and those that are not the default."""
    kept: dict[str, Any] = {}
    for name, value in values.items():
        before = earlier.get(name)
        if isinstance(value, dict):
            nested = _chosen(value, defaults[name], before if isinstance(before, dict) else {})
            if nested:
                kept[name] = nested
        elif name in earlier or value != defaults[name]:
            kept[name] = list(value) if isinstance(value, tuple) else value
    if "extra_closure_days" in values and _OLD_CLOSURE_DAYS in earlier:
        kept["extra_closure_days"] = list(values["extra_closure_days"])
    return kept


def _read_raw(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(path, [f"not valid TOML: {exc}"]) from exc


def _read_raw_quietly(path: Path) -> dict[str, Any]:
    try:
        return _read_raw(path) or {}
    except (SettingsError, OSError):
        return {}


class _Checker:
    """Collects every problem in a settings file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def unknown(self, given: set[str], known: set[str], where: str) -> None:
        for name in sorted(given - known):
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            hint = f" (did you mean {where}{close[0]}?)" if close else ""
            self.problems.append(f"unknown setting {where}{name}{hint}")

    def value(self, name: str, value: Any, default: Any) -> bool:
        """True when ``value`` suits the setting; otherwise the problem is noted."""
        if isinstance(default, bool):
            if not isinstance(value, bool):
                self.problems.append(f"{name} must be true or false")
                return False
        elif isinstance(default, int):
            return self._whole_number(name, value)
        elif isinstance(default, str) and not isinstance(value, str):
            self.problems.append(f"{name} must be text in quotes")
            return False
        return True

    def _whole_number(self, name: str, value: Any) -> bool:
        low, high = RANGES.get(name, (0, 10_000))
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return True
        number = isinstance(value, int) and not isinstance(value, bool)
        why = _WHY_NOT_ZERO.get(name, "") if value == 0 else ""
        shown = f" (it is {value}{why})" if number else ""
        self.problems.append(f"{name} must be a whole number from {low} to {high}{shown}")
        return False


def _settings_from_dict(raw: dict[str, Any], path: Path) -> Settings:
    check = _Checker()
    check.unknown(set(raw), {f.name for f in fields(Settings)}, "")
    policy_raw = raw.get("policy", {})
    if not isinstance(policy_raw, dict):
        check.problems.append("[policy] must be a table")
        policy_raw = {}
    policy_values = _policy_values(policy_raw, check)
    top: dict[str, Any] = {}
    defaults = Settings()
    for f in fields(Settings):
        given = f.name != "policy" and f.name in raw
        if given and check.value(f.name, raw[f.name], getattr(defaults, f.name)):
            top[f.name] = raw[f.name]
    if check.problems:
        raise SettingsError(path, check.problems)
    return Settings(policy=Policy(**policy_values), **top)


def _policy_values(policy_raw: dict[str, Any], check: _Checker) -> dict[str, Any]:
    known = {f.name for f in fields(Policy)} | {_OLD_CLOSURE_DAYS}
    check.unknown(set(policy_raw), known, "policy.")
    values: dict[str, Any] = {}
    closure_days: set[date] = set()
    for name in (_OLD_CLOSURE_DAYS, "extra_closure_days"):
        if name in policy_raw:
            closure_days.update(_dates(check, f"policy.{name}", policy_raw[name]))
    if closure_days:
        values["extra_closure_days"] = tuple(sorted(closure_days))
    defaults = Policy()
    for f in fields(Policy):
        if f.name not in policy_raw or f.name == "extra_closure_days":
            continue
        value = policy_raw[f.name]
        if f.name == "nation":
            if value not in NATIONS:
                allowed = ", ".join(f'"{n}"' for n in NATIONS)
                check.problems.append(f"policy.nation must be one of {allowed}")
                continue
        elif not check.value(f"policy.{f.name}", value, getattr(defaults, f.name)):
            continue
        values[f.name] = value
    return values


def _dates(check: _Checker, name: str, value: Any) -> list[date]:
    """A TOML list of dates; otherwise the problem is noted and nothing is returned."""
    if not isinstance(value, list) or not all(_is_date(d) for d in value):
        check.problems.append(f"{name} must be a list of dates, like [2026-12-24]")
        return []
    return value


def _is_date(value: Any) -> bool:
    """A TOML date (not a date-time, which is also a ``date`` in Python)."""
    return isinstance(value, date) and not isinstance(value, datetime)
