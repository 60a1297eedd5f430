"""The throwaway server: skipped where PostgreSQL is missing, but never silently in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pg import server
from tests.pg.server import find_binaries, running_server


@pytest.fixture
def no_postgres(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine with no PostgreSQL: nothing on PATH, no packaged binaries."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(server, "PACKAGED_BINARIES", str(tmp_path / "postgresql/*/bin"))


@pytest.mark.usefixtures("no_postgres")
def test_missing_binaries_skip_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a laptop without PostgreSQL the tests are skipped with the reason."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="initdb and pg_ctl are not on PATH"):
        running_server().__enter__()


@pytest.mark.usefixtures("no_postgres")
def test_missing_binaries_fail_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """In CI a missing server fails the run instead of quietly skipping half the tests."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        running_server().__enter__()


def test_packaged_binaries_are_found_off_the_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Debian's postgresql package keeps initdb off PATH; the newest version's is used."""
    for version in ("13", "15"):
        folder = tmp_path / "postgresql" / version / "bin"
        folder.mkdir(parents=True)
        for name in ("initdb", "pg_ctl"):
            (folder / name).write_text("#!/bin/sh\n")
            (folder / name).chmod(0o755)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(server, "PACKAGED_BINARIES", str(tmp_path / "postgresql/*/bin"))
    newest = tmp_path / "postgresql" / "15" / "bin"
    assert find_binaries() == (str(newest / "initdb"), str(newest / "pg_ctl"))
