"""Crash reports: no local variables, no messages, no personal data; drafts saved first."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fieldcase.crash import (
    MAX_LOG_BYTES,
    crash_message,
    report_crash,
    save_open_drafts,
    scrubbed_traceback,
    write_error_log,
)
from fieldcase.db.store import Store
from fieldcase.services.drafts import DraftSnapshot, list_drafts, load_draft

SENTINEL = "SENTINEL-Zanzibar-4471"


def _fail_with_data(name: str) -> None:
    victim_name = name  # a local a Rich traceback would print
    raise ValueError(f"cannot save {victim_name}")


def _caught(func: object, *args: object) -> BaseException:
    try:
        func(*args)  # type: ignore[operator]
    except BaseException as exc:
        return exc
    raise AssertionError("expected an exception")


class TestScrubbedTraceback:
    def test_keeps_type_file_line_and_function_only(self) -> None:
        """The report says where it failed, never what the data was."""
        report = scrubbed_traceback(_caught(_fail_with_data, SENTINEL))
        assert SENTINEL not in report
        assert "cannot save" not in report
        assert report.splitlines()[0] == "ValueError"
        assert "test_crash_reports.py" in report and "in _fail_with_data" in report
        assert "victim_name = name" not in report

    def test_follows_the_chain_without_messages(self) -> None:
        """Both the error and its cause are named; neither message is kept."""

        def wrapper() -> None:
            try:
                _fail_with_data(SENTINEL)
            except ValueError as exc:
                raise RuntimeError(f"wrapped {exc}") from exc

        report = scrubbed_traceback(_caught(wrapper))
        assert SENTINEL not in report
        assert report.startswith("RuntimeError")
        assert "Caused by: ValueError" in report

    def test_database_errors_lose_their_parameters(self, store: Store) -> None:
        """SQLAlchemy puts statement parameters in its messages; the report does not."""

        def insert() -> None:
            with store.engine.begin() as conn:
                conn.execute(text("INSERT INTO nowhere (x) VALUES (:x)"), {"x": SENTINEL})

        exc = _caught(insert)
        assert isinstance(exc, DBAPIError)
        assert SENTINEL in str(exc)  # the danger is real
        report = scrubbed_traceback(exc)
        assert SENTINEL not in report
        assert "sqlalchemy.exc.OperationalError" in report

    def test_wrapped_worker_errors_are_followed(self) -> None:
        """An error carried inside another (as Textual's WorkerFailed does) is reported."""

        class Carrier(Exception):
            def __init__(self, error: BaseException) -> None:
                self.error = error
                super().__init__(f"worker raised {error!r}")

        inner = _caught(_fail_with_data, SENTINEL)
        report = scrubbed_traceback(Carrier(inner))
        assert "Wrapping: ValueError" in report and SENTINEL not in report

    def test_disk_errors_keep_their_code(self) -> None:
        """An OS error's code (e.g. disk full) helps support and carries no data."""
        exc = OSError(28, "No space left", f"/home/{SENTINEL}/x")
        report = scrubbed_traceback(exc)
        assert "OSError [ENOSPC]" in report and SENTINEL not in report


class TestErrorLog:
    def test_log_is_private_and_appended(self, tmp_path: Path) -> None:
        """Each crash adds an entry; only the officer can read the file."""
        log = tmp_path / "data" / "errors.log"
        assert write_error_log(_caught(_fail_with_data, SENTINEL), log) == log
        write_error_log(_caught(_fail_with_data, SENTINEL), log)
        content = log.read_text(encoding="utf-8")
        assert content.count("=== ") == 2 and SENTINEL not in content
        if os.name == "posix":
            assert stat.S_IMODE(log.stat().st_mode) == 0o600

    def test_large_log_is_started_afresh(self, tmp_path: Path) -> None:
        """The log cannot grow without bound; one previous file is kept."""
        log = tmp_path / "errors.log"
        log.write_text("x" * (MAX_LOG_BYTES + 1), encoding="utf-8")
        write_error_log(_caught(_fail_with_data, SENTINEL), log)
        assert log.stat().st_size < 10_000
        assert (tmp_path / "errors.log.1").exists()

    def test_unwritable_log_does_not_raise(self, tmp_path: Path) -> None:
        """A crash report that cannot be written still lets the app tell the officer."""
        blocker = tmp_path / "file"
        blocker.write_text("", encoding="utf-8")
        assert write_error_log(ValueError(), blocker / "errors.log") is None
        assert "could not be written" in crash_message(None)


class _Form:
    def __init__(self, key: str, fails: bool = False) -> None:
        self.key = key
        self.fails = fails

    def draft_snapshot(self) -> DraftSnapshot | None:
        if self.fails:
            raise RuntimeError("broken form")
        return DraftSnapshot(self.key, f"Form {self.key}", {"typed": SENTINEL})


class TestDraftsOnCrash:
    def test_open_forms_are_kept_even_if_one_fails(self, store: Store) -> None:
        """Every open form offering a draft is saved; a broken one is skipped."""
        sources = [_Form("a"), _Form("b", fails=True), object(), _Form("c")]
        assert save_open_drafts(store, sources) == 2
        with store.reading() as session:
            assert {d.key for d in list_drafts(session)} == {"a", "c"}
            assert load_draft(session, "a") == {"typed": SENTINEL}

    def test_report_says_drafts_were_kept_and_where_the_log_is(
        self, store: Store, tmp_path: Path
    ) -> None:
        """The officer is told their typing is safe and where the log is."""
        log = tmp_path / "errors.log"
        message = report_crash(
            _caught(_fail_with_data, SENTINEL), log, store=store, draft_sources=[_Form("a")]
        )
        assert "kept as a draft (1 form)" in message
        assert str(log) in message
        assert SENTINEL not in message

    def test_without_a_store_nothing_is_saved(self) -> None:
        """Before unlocking there is nowhere safe to keep a draft."""
        assert save_open_drafts(None, [_Form("a")]) == 0


HOOK_SCRIPT = """
import sys
from pathlib import Path
from fieldcase.crash import install_excepthook
install_excepthook(Path(sys.argv[1]))
secret_local = sys.argv[2]
raise KeyError("lookup failed for " + secret_local)
"""


def test_errors_outside_the_interface_print_no_data(tmp_path: Path) -> None:
    """A start-up crash prints the plain message and logs a scrubbed traceback."""
    log = tmp_path / "errors.log"
    result = subprocess.run(
        [sys.executable, "-c", HOOK_SCRIPT, str(log), SENTINEL],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 1
    assert SENTINEL not in result.stderr + result.stdout
    assert "unexpected error" in result.stderr and str(log) in result.stderr
    assert "KeyError" in log.read_text(encoding="utf-8")
    assert SENTINEL not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("count", [0, 1, 2])
def test_message_counts_forms(count: int) -> None:
    """The message mentions kept drafts only when there were some."""
    message = crash_message(Path("/x/errors.log"), drafts_saved=count)
    assert ("draft" in message) == bool(count)
