"""Colleagues' overdue check-ins on a team server, shown to the buddy and the supervisors.

:class:`ColleagueWatch` polls the server for the visits this officer watches
over (their colleagues' visits that name them as buddy; every visit they can
see, for a supervisor) in a worker off the interface thread, and re-checks the
check-in times against the app's clock every tick. The moment one passes, a
:class:`ColleagueAlert` bar goes on whatever screen is showing, with the
place, the time and how to reach the officer, until someone resolves it
(F2 here, or the officer themselves).

Polling rather than LISTEN/NOTIFY: a check-in goes overdue because time
passes, not because a row changes, so there is nothing to notify about at that
moment and a timer is needed anyway; the poll brings only what changes the
moment (a new, extended, finished or resolved visit), and a poll survives a
dropped connection where a listening one silently misses what happened while
it was down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.timer import Timer
from textual.worker import Worker

from fieldcase.domain.visits import CheckinState, overdue_by
from fieldcase.services import safety_board
from fieldcase.services.safety_board import BoardVisit
from fieldcase.ui.widgets.visit_checkin import ColleagueAlert, colleague_alert_text, place_alert

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

TICK_SECONDS = 1.0
"""How often the check-in times are compared with the clock and the alert updated."""
POLL_TICKS = 15
"""Poll the server for changes every this many ticks."""


class ColleagueWatch:
    """Watches colleagues' check-ins for the buddy and supervisors of a team server."""

    def __init__(self, app: FieldcaseApp) -> None:
        self.app = app
        self.watched: list[BoardVisit] = []
        self._ticks = POLL_TICKS
        self._alerted: set[object] = set()
        self._timer: Timer | None = None
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Begin watching on a timer (it does nothing on a laptop)."""
        self._timer = self.app.set_interval(TICK_SECONDS, self.tick)

    def refresh_now(self) -> None:
        """Poll the server and update the alert straight away."""
        if self._worker is not None and not self._worker.is_finished:
            self._worker.cancel()  # it may have read before the change this follows
        self._worker = None
        self._ticks = POLL_TICKS
        self.tick()

    def overdue(self) -> list[BoardVisit]:
        """The watched check-ins overdue now, most overdue first."""
        now = self.app.now()
        late = [v for v in self.watched if v.state(now) is CheckinState.OVERDUE]
        return sorted(late, key=lambda v: overdue_by(v, now), reverse=True)

    def tick(self) -> None:
        """Poll when due (off the interface thread), then place or take away the alert."""
        if not self.app.is_unlocked or self.app.officer is None:
            self._place([])
            return
        self._ticks += 1
        if self._ticks >= POLL_TICKS and (self._worker is None or self._worker.is_finished):
            # A slow link may take longer than a tick: the next poll waits for this one.
            self._ticks = 0
            self._worker = self.app.run_worker(self._poll(), group="colleague-watch")
        self._place(self.overdue())

    async def _poll(self) -> None:
        officer = self.app.officer
        if officer is None:
            return
        watched = await self.app.run_service(
            safety_board.watched_checkins,
            login=officer.login,
            names=(officer.full_name,),
            supervisor=officer.supervisor,
        )
        if self.app.is_unlocked:
            self.watched = watched
            self._place(self.overdue())

    def _place(self, overdue: list[BoardVisit]) -> None:
        new = {v.visit_id for v in overdue} - self._alerted
        if new:
            self._alerted |= new
            self.app.bell()
        if not overdue:
            text = None
        elif self.app.is_locked:
            text = Content("⚠ A COLLEAGUE'S CHECK-IN IS OVERDUE. Unlock, then press F2.")
        else:
            text = colleague_alert_text(overdue, self.app.now())
        place_alert(self.app, ColleagueAlert, text)

    def resolve(self) -> None:
        """Ask how the most overdue colleague was reached, and record it."""
        if self.app.is_locked:
            return
        overdue = self.overdue()
        if not overdue:
            self.app.notify("No check-in is overdue.")
            return
        self.app.run_worker(self._resolve(overdue[0]), group="checkin-resolve", exclusive=True)

    async def _resolve(self, visit: BoardVisit) -> None:
        from fieldcase.ui.dialogs.checkin_resolve import resolve_colleague_checkin

        if await resolve_colleague_checkin(self.app, visit):
            self.refresh_now()
            reload = getattr(self.app.screen, "reload", None)
            if callable(reload):
                reload()
