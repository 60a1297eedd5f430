"""The benchmark's team-server section runs end to end and leaves no server behind."""

from __future__ import annotations

import glob
import os
import tempfile

import pytest

from fieldcase.tools import bench
from fieldcase.tools.pgserver import NoServerBinaries, find_binaries

LEFT_BEHIND = os.path.join(tempfile.gettempdir(), "fieldcase-bench-pg-*")


def test_pg_section_prints_each_figure_beside_sqlite_and_removes_its_server(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        find_binaries()
    except NoServerBinaries as exc:
        pytest.skip(f"PostgreSQL binaries missing: {exc}")
    monkeypatch.setattr(bench, "QUERIES", ["eb"])  # one short search keeps it quick
    before = set(glob.glob(LEFT_BEHIND))

    assert bench.main(["20", "1", "pg", "20"]) == 0

    out = capsys.readouterr().out
    for database in ("sqlite", "pg"):
        for figure in (
            "first page, no query",
            "search: keystroke to list, p50",
            "case file with 500 entries, shown",
        ):
            assert f"{database}: {figure}" in out
    assert "not measured" not in out
    assert "server stopped and its folder removed" in out
    assert set(glob.glob(LEFT_BEHIND)) <= before
