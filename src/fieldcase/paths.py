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
