"""The overdue check-in alert, kept on whichever screen is showing until it is resolved.

An officer on a visit with a check-in time who has not said they are out by
then may be in trouble. :class:`CheckinWatch` re-checks on a timer using the
app's clock, and mounts a :class:`CheckinAlert` bar at the top of the current
screen — dashboard, form or dialog alike — until the visit is marked finished,
its check-in extended, or its outcome recorded. On the lock screen the bar
names no case, and F2 waits until the officer has unlocked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.timer import Timer
from textual.worker import Worker

from fieldcase.domain.visits import CheckinState, checkin_state, overdue_by
from fieldcase.domain.when import format_time
from fieldcase.services import calendar, visit_checkins
from fieldcase.services.calendar import PendingCheckin
from fieldcase.services.errors import NotFound, ValidationError, in_one_line
from fieldcase.ui.widgets.visit_checkin import CheckinAlert, alert_text, place_alert

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

TICK_SECONDS = 1.0
"""How often the alert is placed and its wording brought up to date."""
RELOAD_TICKS = 20
"""Re-read pending check-ins from the database every this many ticks."""
RESOLVE_KEY = "f2"
"""The app binding that resolves an overdue check-in (priority: works while typing)."""


class CheckinWatch:
    """Watches check-in times for the app and shows the alert while any is overdue."""

    def __init__(self, app: FieldcaseApp) -> None:
        self.app = app
        self.pending: list[PendingCheckin] = []
        self._ticks = RELOAD_TICKS
        self._timer: Timer | None = None
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Begin checking on a timer, reading at once (the caseload is drawn by now)."""
        self._timer = self.app.set_interval(TICK_SECONDS, self.tick)
        self.tick()

    def refresh_now(self) -> None:
        """Re-read from the database and update the alert straight away."""
        if self._worker is not None and not self._worker.is_finished:
            self._worker.cancel()  # it may have read before the change this follows
        self._worker = None
        self._ticks = RELOAD_TICKS
        self.tick()

    def overdue(self) -> list[PendingCheckin]:
        """The pending check-ins that are overdue now, most overdue first."""
        now = self.app.now()
        late = [p for p in self.pending if checkin_state(p, now) is CheckinState.OVERDUE]
        return sorted(late, key=lambda p: overdue_by(p, now), reverse=True)

    def tick(self) -> None:
        """Re-read when due (off the interface thread), then place or take away the alert."""
        if not self.app.is_unlocked:
            self._place([])
            return
        self._ticks += 1
        if self._ticks >= RELOAD_TICKS and (self._worker is None or self._worker.is_finished):
            # A slow link may take longer than a tick: the next read waits for this one.
            self._ticks = 0
            self._worker = self.app.run_worker(self._reload(), group="checkin-watch")
        self._place(self.overdue())

    async def _reload(self) -> None:
        # On a team server the officer's own visits: colleagues' are the safety board's.
        mine = self.app.officer_name if self.app.officer is not None else None
        pending = await self.app.run_service(calendar.pending_checkins, officer_name=mine)
        if self.app.is_unlocked:
            self.pending = pending
            self._place(self.overdue())

    def _place(self, overdue: list[PendingCheckin]) -> None:
        if not overdue:
            text = None
        elif self.app.is_locked:
            text = Content("⚠ A VISIT CHECK-IN IS OVERDUE. Unlock, then press F2 to resolve it.")
        else:
            text = alert_text(overdue, self.app.now())
        place_alert(self.app, CheckinAlert, text)

    def resolve(self) -> None:
        """Ask how to resolve the most overdue check-in, then do it."""
        if self.app.is_locked:
            return
        overdue = self.overdue()
        if not overdue:
            self.app.notify("No check-in is overdue.")
            return
        self.app.run_worker(self._resolve(overdue[0]), group="checkin-resolve", exclusive=True)

    async def _resolve(self, item: PendingCheckin) -> None:
        from fieldcase.ui.dialogs.choice import ChoiceDialog

        question = (
            f"Check-in overdue: {item.reference} {item.kind_label} — "
            f"check-in was due {format_time(item.checkin_at or item.planned_at)}."
        )
        answer = await self.app.ask(ChoiceDialog(question, RESOLVE_ANSWERS))
        if answer == "briefing":
            from fieldcase.ui.screens.visit_briefing import VisitBriefingScreen

            self.app.push_screen(VisitBriefingScreen(item.visit_id))
        elif answer is not None:
            await self._apply(item, answer)

    async def _apply(self, item: PendingCheckin, answer: str) -> None:
        now = self.app.now()
        try:
            if answer == "finish":
                await self.app.run_service(visit_checkins.finish_visit, item.visit_id, now=now)
                message = "Out and safe: check-in resolved. Record the outcome when you can."
            else:
                minutes = int(answer.split("-")[1])
                visit = await self.app.run_service(
                    visit_checkins.extend_checkin, item.visit_id, minutes, now=now
                )
                assert visit.checkin_at is not None
                message = f"Check-in extended to {format_time(visit.checkin_at)}."
        except (ValidationError, NotFound) as exc:
            self.app.notify(in_one_line(exc), severity="warning", markup=False)
        else:
            self.app.notify(message)
        self.refresh_now()
        reload = getattr(self.app.screen, "reload", None)
        if callable(reload):
            reload()


RESOLVE_ANSWERS = [
    ("I am out and safe: the visit has finished", "finish"),
    ("Extend the check-in by 15 minutes", "extend-15"),
    ("Extend the check-in by 30 minutes", "extend-30"),
    ("Open the briefing", "briefing"),
]
"""How an overdue check-in can be resolved (F2)."""
