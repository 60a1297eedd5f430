"""The throwaway server: skipped where PostgreSQL is missing, but never silently in CI."""

from __future__ import annotations

import pytest

from tests.pg.server import running_server


def test_missing_binaries_skip_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a laptop without PostgreSQL the tests are skipped with the reason."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="initdb and pg_ctl are not on PATH"):
        running_server().__enter__()


def test_missing_binaries_fail_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """In CI a missing server fails the run instead of quietly skipping half the tests."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        running_server().__enter__()
