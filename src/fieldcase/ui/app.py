"""The fieldcase application: a thin shell that opens the store and shows screens."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from enum import IntEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.filter import LineFilter, Monochrome
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from fieldcase.config import Settings, save_settings
from fieldcase.crash import report_crash
from fieldcase.db.errors import ServerUnreachable
from fieldcase.domain import dates
from fieldcase.domain.text import visible
from fieldcase.paths import Locations
from fieldcase.ui.keys import HELP
from fieldcase.ui.memory import settle_start_up_objects
from fieldcase.ui.monochrome import ReadableMonochrome
from fieldcase.ui.quiet_start import BACKUP_QUIET_SECONDS, QuietStart
from fieldcase.ui.signals import keep_drafts_on_signals
from fieldcase.ui.stack import StackLoader
from fieldcase.ui.storage_notices import storage_problem, tell_storage_state
from fieldcase.ui.typeahead import TypeAhead
from fieldcase.ui.watchers.idle import IdleWatch
from fieldcase.ui.watchers.server_link import ServerLink

if TYPE_CHECKING:
    from sqlmodel import Session

    from fieldcase.db.postgres import ServerAddress
    from fieldcase.db.store import OfficerIdentity, Store
    from fieldcase.ui.watchers.checkins import CheckinWatch
    from fieldcase.ui.watchers.colleagues import ColleagueWatch

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class ExitResult(IntEnum):
    """How the app ended; ``__main__`` turns it into the process exit code."""

    OK = 0
    ERROR = 1


class FieldcaseApp(App[ExitResult]):
    """Keyboard-first case work for Safer Neighbourhood officers."""

    TITLE = "fieldcase"
    CSS_PATH = "gate.tcss"
    """The first screen's styles; ``fieldcase.tcss`` follows once it is drawn."""
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        HELP,
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit fieldcase", priority=True),
        Binding(
            "ctrl+l",
            "hide",
            "Hide",
            id="hide",
            tooltip="Hide everything at once; your passphrase brings it back as it was",
            show=False,
            priority=True,
        ),
        Binding(
            "f2",
            "resolve_checkin",
            "Check-in",
            id="resolve-checkin",
            tooltip="Resolve an overdue visit check-in",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        *,
        locations: Locations,
        settings: Settings,
        database: Path,
        store: Store | None = None,
        demo: bool = False,
        clock: Callable[[], datetime] | None = None,
        server: ServerAddress | None = None,
        backup_quiet_seconds: float = BACKUP_QUIET_SECONDS,
    ) -> None:
        """Build the app.

        Args:
            locations: Where files live.
            settings: The officer's settings.
            database: The database file to open (or create on first run).
            store: An already-open store (demo mode, scripted passphrase, tests).
            demo: True when showing the invented demo cases.
            clock: Returns the current moment (aware UTC); tests inject one.
            server: The team server to log in to, when ``store`` is not open yet.
            backup_quiet_seconds: How long the keyboard is quiet, the caseload
                shown, before the daily backup starts (tests: 0).
        """
        super().__init__()
        self.locations = locations
        self.settings = settings
        self.database = database
        self._store = store
        self.demo = demo
        self.server = server
        self._clock = clock or (lambda: datetime.now(UTC))
        if demo:
            self.sub_title = "DEMO — invented cases"
        self.idle_watch = IdleWatch(settings.idle_lock_minutes, self.lock)
        """Locks the screen after ``settings.idle_lock_minutes`` without a key press."""
        self._held_notifications: list[Callable[[], None]] = []
        self.questions_open = 0
        """How many workers are waiting for the officer to answer a dialog (see ``ask``)."""
        self.stopped_by: int | None = None
        """The signal that ended the app (SIGTERM, SIGHUP), once one has."""
        self._drafts_offered = False
        self._readable_monochrome = ReadableMonochrome()
        self.server_link = ServerLink(self)
        """Whether the team server answered the last action (says OFFLINE when it did not)."""
        self.type_ahead = TypeAhead(self)
        """Keys and pastes, handed on one at a time once the last one's effects are done."""
        self.database_stack = StackLoader(self)
        """Imports the database stack after the first screen is drawn (see ``ui.stack``)."""
        self._checkins: CheckinWatch | None = None
        self._colleagues: ColleagueWatch | None = None
        self._screen_styles_read = False
        self.quiet_start = QuietStart(self, backup_quiet_seconds)
        """Start-up work held back until the caseload's first list is drawn."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with a monochrome that keeps text readable under NO_COLOR."""
        return [
            self._readable_monochrome if isinstance(line_filter, Monochrome) else line_filter
            for line_filter in super().get_line_filters()
        ]

    @property
    def store(self) -> Store:
        """The open store. Screens after unlock can rely on it."""
        if self._store is None:
            raise RuntimeError("the database is not unlocked yet")
        return self._store

    async def run_service(
        self, action: Callable[Concatenate[Session, P], R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run one service function in its own transaction, off the interface thread.

        Screens and dialogs reach the database only through this: typing and
        drawing go on while the query runs (on a team server, every query is a
        network round trip). Call it from a worker so the screen stays live. A
        result that arrives once the app has begun to close is dropped.
        """
        store = self.store
        try:
            result = await asyncio.to_thread(lambda: store.run(action, *args, **kwargs))
        except ServerUnreachable:
            self.server_link.lost(notice=False)  # the caller says it, or it ends up below
            raise
        self.server_link.answered()
        if not self._running:
            # The app is closing and its screens are being taken apart: the caller
            # would draw into widgets that are gone. Its worker ends as cancelled.
            raise asyncio.CancelledError
        return result

    async def ask(self, dialog: Screen[T]) -> T:
        """Show a dialog and wait for the officer's answer (from a worker)."""
        self.questions_open += 1
        try:
            return await self.push_screen_wait(dialog)
        finally:
            self.questions_open -= 1

    @property
    def open_store(self) -> Store | None:
        """The store if one is open (before unlock and after quitting, None)."""
        return self._store

    @property
    def is_unlocked(self) -> bool:
        """True once a store is open."""
        return self._store is not None

    def now(self) -> datetime:
        """The current moment, aware UTC (from the injected clock in tests)."""
        return self._clock()

    def today(self) -> date:
        """Today's date in the officer's local time."""
        return dates.local_today(self.now())

    @property
    def officer_name(self) -> str:
        """The officer using the app, for new records and the audit trail.

        On a team server it is the login, as the server says: it cannot be typed.
        """
        if self._store is not None and self._store.officer is not None:
            return self._store.officer.login
        return self.settings.officer_name

    @property
    def officer(self) -> OfficerIdentity | None:
        """The officer logged in to a team server (their team, whether they supervise)."""
        return self._store.officer if self._store is not None else None

    @property
    def checkins(self) -> CheckinWatch:
        """The overdue check-in watch, running once the database is open."""
        if self._checkins is None:
            raise RuntimeError("the database is not unlocked yet")
        return self._checkins

    @property
    def colleagues(self) -> ColleagueWatch:
        """The watch on colleagues' overdue check-ins, running once the database is open."""
        if self._colleagues is None:
            raise RuntimeError("the database is not unlocked yet")
        return self._colleagues

    def on_mount(self) -> None:
        self.idle_watch.start(self)
        keep_drafts_on_signals(self)
        if self._store is None:
            self.call_after_refresh(self.database_stack.start)
            self.call_after_refresh(self.read_screen_styles)
        if self._store is not None:
            self.read_screen_styles()
            self._start_checkins()
            self._show_identity(self._store)
            self.show_dashboard()
            tell_storage_state(self, self._store)
            self._offer_kept_drafts()
        elif self.server is not None:
            from fieldcase.ui.screens.server_login import ServerLoginScreen

            self.push_screen(ServerLoginScreen(self.server))
        elif self.database.exists():
            from fieldcase.ui.screens.unlock import UnlockScreen

            # Even an empty file: a first run never replaces a file that is there.
            self.push_screen(UnlockScreen(self.database))
        else:
            from fieldcase.ui.screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.database, officer_name=self.settings.officer_name))

    def read_screen_styles(self) -> None:
        """Read the styles of the screens past the first one (once), and restyle what shows."""
        if self._screen_styles_read:
            return
        self._screen_styles_read = True
        path = Path(__file__).with_name("fieldcase.tcss")
        self.css_path.append(path)
        self.stylesheet.read(path)
        self.stylesheet.parse()
        for node in (self, *self.screen_stack):
            self.stylesheet.update(node, animate=False)

    def _start_checkins(self) -> None:
        """Start watching check-in times, one's own and colleagues' (once the database is open)."""
        from fieldcase.ui.watchers.checkins import CheckinWatch
        from fieldcase.ui.watchers.colleagues import ColleagueWatch

        # Their first poll waits for the caseload's first list: the officer's first keys first.
        if self._checkins is None:
            self._checkins = CheckinWatch(self)
            self.quiet_start.after_first_list(self._checkins.start)
        if self._colleagues is None:
            self._colleagues = ColleagueWatch(self)
            self.quiet_start.after_first_list(self._colleagues.start)

    def store_opened(self, store: Store, officer_name: str | None = None) -> None:
        """Called by the setup, unlock and server login screens once the database is open."""
        if officer_name and officer_name != self.settings.officer_name:
            from dataclasses import replace

            self.settings = replace(self.settings, officer_name=officer_name)
            if not self.demo:
                save_settings(self.locations.settings_file, self.settings)
        if store.officer is None:
            store.actor = self.settings.officer_name
        self._store = store
        self.read_screen_styles()
        self._start_checkins()
        self._show_identity(store)
        self.show_dashboard()
        tell_storage_state(self, store)
        on_laptop = store.path is not None
        if self.settings.backup_daily and on_laptop and not self.demo and not store.read_only:
            self.quiet_start.back_up_when_quiet(store)
        self._offer_kept_drafts()

    def _show_identity(self, store: Store) -> None:
        """On a team server, the header says who is logged in and in which team."""
        officer = store.officer
        if officer is not None:
            role = "supervisor" if officer.supervisor else "team"
            self.sub_title = f"{officer.login} · {role} {officer.team} · team server"

    def _offer_kept_drafts(self) -> None:
        """Once per start: offer the typing that an earlier session left unsaved."""
        from fieldcase.ui.drafts_offer import offer_kept_drafts

        if not self._drafts_offered:
            self._drafts_offered = True
            self.quiet_start.after_first_list(
                lambda: self.run_worker(offer_kept_drafts(self), group="kept-drafts")
            )

    def show_dashboard(self) -> None:
        """Replace whatever is showing with the caseload dashboard."""
        from fieldcase.ui.screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(DashboardScreen())
        self.call_after_refresh(settle_start_up_objects)

    def show_abc_monitor(self) -> None:
        """Show ABC monitoring across all cases."""
        from fieldcase.ui.screens.abc_monitor import AbcMonitorScreen

        self.push_screen(AbcMonitorScreen())

    def action_help(self) -> None:
        """Show the keys and help for the current screen."""
        from fieldcase.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_resolve_checkin(self) -> None:
        """Resolve an overdue visit check-in: one's own first, else a colleague's."""
        if self._checkins is None or self._colleagues is None:
            return
        if self._colleagues.overdue() and not self._checkins.overdue():
            self._colleagues.resolve()
        else:
            self._checkins.resolve()

    def show_safety_board(self) -> None:
        """Show today's visits of the team with their check-in state."""
        from fieldcase.ui.screens.safety_board import SafetyBoardScreen

        self.push_screen(SafetyBoardScreen())

    def show_agenda(self) -> None:
        """Show visits across all cases."""
        from fieldcase.ui.screens.agenda import AgendaScreen

        self.push_screen(AgendaScreen())

    def show_reports(self) -> None:
        """Show the figures for a period."""
        from fieldcase.ui.screens.reports import ReportsScreen

        self.push_screen(ReportsScreen())

    def show_duplicates(self) -> None:
        """Show people and addresses that may be recorded twice."""
        from fieldcase.ui.screens.duplicates import DuplicatesScreen

        self.push_screen(DuplicatesScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the current screen or dialog, plus the app's own (``ui.palette``)."""
        from fieldcase.ui.palette import palette_commands

        return palette_commands(self, screen)

    async def action_quit(self) -> None:
        """Close the database and quit (once the drafts on their way are written)."""
        from fieldcase.ui.widgets.form_draft import DRAFT_WRITES

        writes = [worker for worker in self.workers if worker.group == DRAFT_WRITES]
        if writes:
            await self.workers.wait_for_complete(writes)
        if self._store is not None:
            self._store.close()
            self._store = None
        self.exit(ExitResult.OK)

    @property
    def is_locked(self) -> bool:
        """True while the lock screen hides everything."""
        if self._store is None:
            return False  # nothing is open to hide (and the lock screen is not loaded yet)
        from fieldcase.ui.screens.lock import LockScreen

        return any(isinstance(screen, LockScreen) for screen in self.screen_stack)

    def lock(self) -> None:
        """Hide everything personal behind the lock screen (idle time-out or the hide key).

        Open forms are kept as encrypted drafts first, in case the battery dies
        while locked; the screens stay as they are underneath.
        """
        from fieldcase.ui.screens.lock import LockScreen

        if self._store is None or self.is_locked:
            return
        if self._store.path is None and self.server is None:
            # Neither a passphrase nor a server here to unlock with.
            self.notify("Hiding needs a local encrypted database; lock the laptop instead.")
            return
        from fieldcase.services.drafts import save_snapshots

        save_snapshots(self._store, self.screen_stack)
        self.clear_notifications()
        hint = "Demo database: its passphrase is in the README." if self.demo else ""
        locked = LockScreen(self._store.path, hint=hint, server=self.server)
        self.push_screen(locked, self._unlocked)

    def _unlocked(self, _: None) -> None:
        self.idle_watch.touch()
        held, self._held_notifications = self._held_notifications, []
        for show in held:
            show()

    def action_hide(self) -> None:
        """Hide the screen at once."""
        self.lock()

    def action_change_passphrase(self) -> None:
        """Ask for the current and a new passphrase and re-encrypt the database."""
        from fieldcase.services.security import published_passphrases
        from fieldcase.ui.dialogs.rekey import RekeyDialog

        def changed(done: bool | None) -> None:
            if done:
                self.notify("Passphrase changed. Use the new one from now on.")

        self.push_screen(
            RekeyDialog(
                self.store,
                personal=[self.settings.officer_name],
                published=published_passphrases(),
            ),
            changed,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked, the command palette cannot reach anything behind the lock."""
        return not (action == "command_palette" and self.is_locked)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification, holding it back while locked (it may name someone).

        Notifications carry stored text (names, references, who changed a record),
        so they are shown literally, control characters visible, unless a caller
        asks for markup.
        """
        if not markup:
            message, title = visible(message), visible(title)
        show = partial(
            super().notify, message, title=title, severity=severity, timeout=timeout, markup=markup
        )
        if self.is_locked:
            self._held_notifications.append(show)
            return
        show()

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux and macOS one that keeps pastes whole."""
        driver = super().get_driver_class()
        if sys.platform == "win32":
            return driver
        from textual.drivers.linux_driver import LinuxDriver

        from fieldcase.ui.terminal import FieldcaseDriver

        return FieldcaseDriver if driver is LinuxDriver else driver

    def keys_wait_for(self, worker: Worker[Any]) -> None:
        """Keys typed while ``worker`` runs go to the screen it leads to (see ``TypeAhead``)."""
        self.type_ahead.hold_for(worker)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes wait their turn (``TypeAhead``); keys and clicks keep the lock away."""
        if isinstance(event, events.Key | events.MouseDown) and not event.is_forwarded:
            self.idle_watch.touch()
        if (
            isinstance(event, events.Key | events.Paste)
            and not event.is_forwarded
            and self.type_ahead.take(event)
        ):
            return
        await super().on_event(event)

    def _handle_exception(self, error: Exception) -> None:
        """Crash without showing data.

        Textual's own crash report is a Rich traceback with local variables (a
        passphrase, a victim's name). Instead, open forms are kept as drafts, a
        scrubbed traceback goes to the error log, and the officer is told where.
        Tests still receive the original exception.

        A full or failing disk is not a crash, nor is a team server out of reach:
        the officer is told the cause, and the screen, with whatever was typed,
        stays as it was.
        """
        problem = storage_problem(error)
        if isinstance(problem, ServerUnreachable):
            self.server_link.lost()
            return
        if problem is not None:
            self.notify(str(problem), title="Not saved", severity="error", timeout=20)
            return
        message = report_crash(
            error,
            self.locations.error_log,
            store=self._store,
            draft_sources=list(self.screen_stack),
        )
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self.panic(Text(message))
