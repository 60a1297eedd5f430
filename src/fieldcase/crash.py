"""What happens when fieldcase meets an error it did not expect.

An ordinary traceback is dangerous here: Rich and Textual print local
variables (a passphrase, a victim's name), and exception messages carry data
too (SQLAlchemy puts the statement's parameters in its messages). So a crash:

1. saves what the open forms hold as encrypted drafts, if the database is open;
2. writes a *scrubbed* traceback to the error log: for each exception only its
   type, and for each frame only the file name, line number and function
   name; never a message, a value or a source line;
3. tells the officer, in one plain paragraph, that their typing was kept and
   where the log is, so it can be sent to support without a second thought.

The Textual side (replacing the crash screen) lives in ``fieldcase.ui.app``;
this module stays free of Textual so the command line can use it too.
"""

from __future__ import annotations

import errno
import faulthandler
import os
import platform
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from fieldcase import __version__

MAX_LOG_BYTES = 512 * 1024
"""The error log is started afresh (keeping one previous file) beyond this size."""
MAX_CHAIN = 8
"""Most chained exceptions followed (cause, context, wrapped worker errors)."""

_fault_log: IO[str] | None = None
"""The error log, held open for ``faulthandler`` (it cannot open a file while crashing)."""


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    name = kind.__qualname__
    return name if module in ("builtins", "__main__") else f"{module}.{name}"


def _safe_detail(exc: BaseException) -> str:
    """The one detail that carries no data: an OS error's code (e.g. ENOSPC, disk full)."""
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        return f" [{errno.errorcode.get(exc.errno, exc.errno)}]"
    return ""


def _chain(exc: BaseException) -> Iterator[tuple[str, BaseException]]:
    """The exception and those behind it, outermost first, each once."""
    seen: set[int] = set()
    pending: list[tuple[str, BaseException]] = [("", exc)]
    while pending and len(seen) < MAX_CHAIN:
        how, current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield how, current
        wrapped = getattr(current, "error", None)
        if isinstance(wrapped, BaseException):
            pending.append(("Wrapping", wrapped))
        if current.__cause__ is not None:
            pending.append(("Caused by", current.__cause__))
        elif current.__context__ is not None and not current.__suppress_context__:
            pending.append(("While handling", current.__context__))
        if isinstance(current, BaseExceptionGroup):
            pending.extend(("In group", inner) for inner in current.exceptions)


def _frames(tb: TracebackType | None) -> list[str]:
    lines = []
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    return lines


def scrubbed_traceback(exc: BaseException) -> str:
    """A traceback with no data in it: exception types, files, lines and function names only."""
    parts: list[str] = []
    for how, current in _chain(exc):
        header = f"{_type_name(current)}{_safe_detail(current)}"
        if how:
            parts.append(f"{how}: {header}")
        else:
            parts.append(header)
        parts.append("Traceback (most recent call last):")
        parts.extend(_frames(current.__traceback__) or ["  (no frames)"])
    return "\n".join(parts)


def write_error_log(
    exc: BaseException, error_log: Path, *, when: datetime | None = None
) -> Path | None:
    """Append a scrubbed report of ``exc`` to ``error_log``; returns the log, or None if it failed.

    Never raises: a crash report that crashes helps no one.
    """
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    entry = "\n".join(
        [
            f"=== {moment.isoformat(timespec='seconds')} fieldcase {__version__} "
            f"(Python {platform.python_version()}, {platform.system()})",
            scrubbed_traceback(exc),
            "",
            "",
        ]
    )
    try:
        error_log.parent.mkdir(parents=True, exist_ok=True)
        if error_log.exists() and error_log.stat().st_size > MAX_LOG_BYTES:
            error_log.replace(error_log.with_name(error_log.name + ".1"))
        fd = os.open(error_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(entry)
    except OSError:
        return None
    return error_log


def crash_message(log: Path | None, *, drafts_saved: int = 0) -> str:
    """What to tell the officer after a crash, in plain words."""
    kept = (
        f"What you were typing was kept as a draft ({drafts_saved} form"
        f"{'s' if drafts_saved != 1 else ''}); you will be offered it next time. "
        if drafts_saved
        else ""
    )
    where = (
        f"Details without any personal data are in {log} — you can send that file to support."
        if log is not None
        else "The error could not be written to the error log."
    )
    return f"fieldcase stopped because of an unexpected error. {kept}{where}"


def save_open_drafts(store: Any, sources: Iterable[object]) -> int:
    """Keep every open form that offers a draft; returns how many were saved.

    Each source is asked through ``draft_snapshot()`` (see
    ``fieldcase.services.drafts.DraftSnapshot``); one failing form does not stop the others.
    """
    if store is None:
        return 0
    from fieldcase.services.drafts import save_snapshots

    try:
        return save_snapshots(store, sources)
    except Exception:  # already crashing: the log matters more
        return 0


def report_crash(
    exc: BaseException,
    error_log: Path,
    *,
    store: Any = None,
    draft_sources: Iterable[object] = (),
) -> str:
    """Save drafts, log the scrubbed traceback, and return the message for the officer."""
    saved = save_open_drafts(store, draft_sources)
    log = write_error_log(exc, error_log)
    return crash_message(log, drafts_saved=saved)


def install_excepthook(error_log: Path) -> None:
    """Make errors outside the interface (start-up, command line) crash safely too.

    The default hook prints messages that may carry personal data; this one
    logs a scrubbed traceback and prints only the plain message.
    """

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        print(report_crash(exc, error_log), file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    enable_fault_log(error_log)


def enable_fault_log(error_log: Path) -> bool:
    """Send fatal errors (a crash inside the encryption library, a hang killed by a signal)
    to the error log; returns False if the log cannot be opened.

    ``faulthandler`` writes only the error's name and, for each thread, file
    names, line numbers and function names: no values, so no personal data.
    """
    global _fault_log
    try:
        error_log.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(error_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        log = os.fdopen(fd, "a", encoding="utf-8")
    except OSError:
        return False
    faulthandler.enable(file=log, all_threads=True)
    if _fault_log is not None:
        _fault_log.close()
    _fault_log = log
    return True
