"""Ready to install: what IT installs, where the files go and who can read them."""

from __future__ import annotations

import io
import re
import stat
import subprocess
import sys
import tomllib
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

import fieldcase
from fieldcase.__main__ import open_demo
from fieldcase.config import Settings, save_settings
from fieldcase.db.store import open_store
from fieldcase.domain.policy import Policy
from fieldcase.paths import locate, secure_data_files
from fieldcase.progress import TerminalProgress
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {"pytest", "ruff", "mypy", "hypothesis", "pytest-textual-snapshot", "pytest-xdist"}

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class TestPackage:
    def test_version_is_written_in_one_place(self) -> None:
        """The installed package's version is the one in fieldcase/__init__.py."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert "version" not in project
        assert project["dynamic"] == ["version"]
        assert metadata.version("fieldcase") == fieldcase.__version__

    def test_the_app_installs_without_development_tools(self) -> None:
        """Installing fieldcase alone brings no test or lint tool; the dev extra has them."""
        required = metadata.requires("fieldcase") or []
        app = {_name(r) for r in required if "extra ==" not in r}
        dev = {_name(r) for r in required if 'extra == "dev"' in r}
        assert not app & DEV_TOOLS
        assert dev >= DEV_TOOLS
        assert {"zxcvbn", "sqlcipher3", "textual"} <= app

    def test_build_and_dependency_floors(self) -> None:
        """setuptools 77 builds it (the licence field), sqlcipher3 0.6.2 or later runs it."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert project["build-system"]["requires"] == ["setuptools>=77"]
        assert any(d.startswith("sqlcipher3>=0.6.2") for d in project["project"]["dependencies"])

    def test_licence_ships_in_the_repository_and_the_package(self) -> None:
        """LICENSE is in the checkout and named in the installed package's metadata."""
        assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
        assert metadata.metadata("fieldcase").get_all("License-File") == ["LICENSE"]

    def test_changelog_has_this_version(self) -> None:
        """CHANGELOG.md has an entry for the version being installed."""
        changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        assert f"## {fieldcase.__version__}" in changelog


@posix_only
class TestPrivateFiles:
    def test_a_new_data_folder_is_the_officers_alone(self, tmp_path: Path) -> None:
        """The data folder is created 0700; the database and settings in it 0600."""
        locations = locate(tmp_path / "new" / "fieldcase")
        secure_data_files(locations)
        save_settings(locations.settings_file, Settings(officer_name=TEST_OFFICER))
        open_store(locations.database, TEST_PASSPHRASE, create=True).close()
        assert _mode(locations.data_dir) == 0o700
        assert _mode(locations.settings_file) == 0o600
        assert _mode(locations.database) == 0o600

    def test_an_older_open_data_folder_is_closed_at_start(self, tmp_path: Path) -> None:
        """A folder and files others could read are tightened the next time fieldcase starts."""
        locations = locate(tmp_path / "old")
        locations.data_dir.mkdir(mode=0o755)
        locations.data_dir.chmod(0o755)
        for path in (locations.database, locations.settings_file):
            path.write_bytes(b"")
            path.chmod(0o644)
        secure_data_files(locations)
        assert _mode(locations.data_dir) == 0o700
        assert _mode(locations.database) == 0o600
        assert _mode(locations.settings_file) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGSEGV")
def test_a_crash_inside_a_library_leaves_a_trace_in_the_error_log(tmp_path: Path) -> None:
    """A fatal error below Python (as in the encryption library) is written to the error log."""
    log = tmp_path / "errors.log"
    script = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from fieldcase.crash import install_excepthook\n"
        "install_excepthook(Path(sys.argv[1]))\n"
        "faulthandler._sigsegv()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(log)], capture_output=True, timeout=60, check=False
    )
    assert done.returncode != 0
    text = log.read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text
    assert "<string>" in text


def test_creating_the_demo_database_shows_progress(tmp_path: Path) -> None:
    """The demo build reports each case, from 0 to the end, without going backwards."""
    seen: list[tuple[int, int]] = []
    store = open_demo(
        tmp_path / "demo.db",
        Policy(),
        today=date(2026, 3, 2),
        progress=lambda done, total: seen.append((done, total)),
    )
    store.close()
    (total,) = {t for _, t in seen}
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert total > 20


def test_progress_on_a_file_is_a_line_at_each_end() -> None:
    """Written to a log rather than a terminal, progress is a start line and an end line."""
    out = io.StringIO()
    shown = TerminalProgress("Creating the demo database", out)
    for done in range(4):
        shown(done, 3)
    assert out.getvalue() == (
        "Creating the demo database: 0 of 3 …\nCreating the demo database: 3 of 3\n"
    )
