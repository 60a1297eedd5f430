"""Where fieldcase keeps its files. The only module that calls platformdirs.

Setting ``FIELDCASE_DATA_DIR`` (or passing ``--data-dir``) redirects every
file fieldcase writes: databases, settings and the error log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "fieldcase"
ENV_DATA_DIR = "FIELDCASE_DATA_DIR"
PRIVATE_DIR = 0o700
"""The data folder: the officer alone may list, read or write it."""
PRIVATE_FILE = 0o600
"""Databases and settings: the officer alone may read or write them."""


@dataclass(frozen=True)
class Locations:
    """The folders and files fieldcase uses."""

    data_dir: Path
    """Root folder for everything fieldcase writes."""

    @property
    def database(self) -> Path:
        """The officer's own encrypted case database."""
        return self.data_dir / "fieldcase.db"

    @property
    def demo_database(self) -> Path:
        """The separate demo database with invented cases."""
        return self.data_dir / "fieldcase-demo.db"

    @property
    def settings_file(self) -> Path:
        """The officer's settings (TOML), holding nothing personal about cases."""
        return self.data_dir / "settings.toml"

    @property
    def error_log(self) -> Path:
        """Where unexpected errors are written, without personal data."""
        return self.data_dir / "errors.log"

    @property
    def exports_dir(self) -> Path:
        """Default folder for calendar files, agreements and exports."""
        return self.data_dir / "exports"

    @property
    def letters_dir(self) -> Path:
        """The organisation's own letter templates (TOML), replacing the packaged ones by name."""
        return self.data_dir / "letters"


def locate(data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Return the locations, honouring an explicit folder, then the environment.

    Args:
        data_dir: A folder given on the command line, if any.
    """
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    root = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Locations(data_dir=root.expanduser().resolve())


def make_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed, open to the officer alone; returns it.

    A folder that already exists is tightened to the same, so a data folder made
    by an earlier release is closed to other accounts on the laptop too. (On
    Windows the mode bits mean little: the user profile's permissions protect it.)
    """
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    keep_private(folder, PRIVATE_DIR)
    return folder


def keep_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Make an existing file (or folder) readable by its owner alone, if it is not already."""
    try:
        current = path.stat().st_mode & 0o777
        if current != mode and path.stat().st_uid == os.getuid():
            path.chmod(mode)
    except (OSError, AttributeError):  # gone, not ours, or no uids (Windows)
        return


def secure_data_files(locations: Locations) -> None:
    """The data folder 0700 and the databases and settings in it 0600 (at every start)."""
    make_private_dir(locations.data_dir)
    for database in (locations.database, locations.demo_database):
        for path in (database, *sidecars(database)):
            keep_private(path)
    keep_private(locations.settings_file)
    keep_private(locations.error_log)


def sidecars(database: Path) -> tuple[Path, Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside a database."""
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")
