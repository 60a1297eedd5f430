"""SIGTERM and SIGHUP (the terminal closed): keep every open form as a draft, then leave."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp


def keep_drafts_on_signals(app: FieldcaseApp) -> None:
    """On SIGTERM or SIGHUP keep every open form, then end the app.

    Not in headless runs (tests drive those, and the test runner owns its signals),
    nor where the event loop cannot take signal handlers (Windows).
    """
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, stop_on_signal, app, signum)


def stop_on_signal(app: FieldcaseApp, signum: int) -> None:
    """Keep what every open form holds as an encrypted draft, then end the app.

    Each draft is written in its own transaction before this returns, so the
    typing is safe even if the process is killed straight after.
    """
    from fieldcase.ui.app import ExitResult

    if app.stopped_by is not None:
        return
    app.stopped_by = signum
    store = app.open_store
    if store is not None:
        from fieldcase.services.drafts import save_snapshots

        save_snapshots(store, app.screen_stack)
    if signum == getattr(signal, "SIGHUP", None):
        # The terminal is gone: Textual's orderly shutdown would wait forever to
        # write to it. Everything is committed; close the database and end here.
        if store is not None:
            store.close()
        os._exit(128 + signum)
    app.exit(ExitResult.ERROR)
