"""Fixtures for snapshot tests: the README's demo scenes on a copy of the demo database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from fieldcase.domain.dates import local_today
from fieldcase.paths import locate
from fieldcase.ui import screenshots


@pytest.fixture
def demo_dir(copy_demo: Callable[[Path, date], Path], tmp_path: Path) -> Path:
    """A data folder holding the demo database made for the screenshots' day.

    ``screenshots.demo_app`` opens it as it is instead of filling a new one.
    """
    data_dir = tmp_path / "demo"
    copy_demo(locate(data_dir).demo_database, local_today(screenshots.DEMO_NOW))
    return data_dir
