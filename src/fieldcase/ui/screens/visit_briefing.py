"""The pre-visit briefing: everything to know before knocking, on one screen."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from fieldcase.domain.text import one_line
from fieldcase.domain.visits import (
    CheckinState,
    VisitKind,
    VisitStatus,
    VisitTimes,
    checkin_state,
)
from fieldcase.domain.vocab import Category, ContactMethod, ContactOutcome, PartyRole, RiskLevel
from fieldcase.domain.when import format_time, format_when
from fieldcase.services import cautions, visit_briefing, visit_checkins
from fieldcase.services.cautions import CautionInput
from fieldcase.services.errors import NotFound, ValidationError, in_one_line
from fieldcase.services.visit_briefing import Briefing
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.formatting import label_of, risk_text
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.footer import Footer


class VisitBriefingScreen(FieldcaseScreen[None]):
    """Pre-visit briefing: people, risk, cautions, safety plan, attendees, what not to say."""

    HELP = (
        "Read before the visit. s records that you have started (the check-in clock runs "
        "from the planned time anyway); f says you are out and safe; o records the outcome; "
        "e changes the plan; c adds a caution marker to the address or person."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="back-from-briefing", tooltip="Back"),
        Binding(
            "o", "record_outcome", "Outcome", id="record-outcome", tooltip="Record what happened"
        ),
        Binding(
            "s",
            "start_visit",
            "Started",
            id="start-visit",
            tooltip="Record that the visit has begun",
        ),
        Binding(
            "f",
            "finish_visit",
            "Out safe",
            id="finish-visit",
            tooltip="Record that you are out and safe (resolves the check-in)",
        ),
        Binding("e", "edit_plan", "Change plan", id="edit-plan", tooltip="Change the visit plan"),
        Binding(
            "c",
            "add_caution",
            "Caution",
            id="add-caution",
            tooltip="Add a caution marker to the address or person",
        ),
    ]

    def __init__(self, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.brief: Briefing | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="visit-briefing"):
            yield Static("", id="brief-title", classes="form-title")
            yield Static("", id="brief-visit", classes="brief-block")
            yield Static("Caution markers", classes="section-title")
            yield Static("", id="brief-cautions", classes="brief-block")
            yield Static("Must not be disclosed", classes="section-title")
            yield Static("", id="brief-do-not", classes="brief-warning")
            yield Static("Safety plan", classes="section-title")
            yield Static("", id="brief-safety", classes="brief-block")
            yield Static("Who is going", classes="section-title")
            yield Static("", id="brief-attendees", classes="brief-block")
            yield Static("Who lives there", classes="section-title")
            yield Static("", id="brief-residents", classes="brief-block")
            yield Static("Consent", classes="section-title")
            yield Static("", id="brief-consent", classes="brief-block")
            yield Static("Last three contacts", classes="section-title")
            yield Static("", id="brief-contacts", classes="brief-block")
            yield Static("", id="brief-outcome", classes="brief-block")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#visit-briefing").loading = True
        self.reload()

    def on_screen_resume(self) -> None:
        if self.brief is not None:
            self.reload()

    @work(exclusive=True, group="visit-briefing")
    async def reload(self) -> None:
        """Read the briefing again, off the interface thread, and redraw."""
        try:
            brief = await self.app.run_service(visit_briefing.briefing, self.visit_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.dismiss(None)
            return
        first = self.brief is None
        self.brief = brief
        self._draw(brief)
        body = self.query_one("#visit-briefing")
        body.loading = False
        if first:
            body.focus()

    def _draw(self, b: Briefing) -> None:
        """Show the briefing in every section of the screen."""
        kind = label_of(VisitKind, b.visit.kind)
        self.sub_title = b.case.reference
        self.query_one("#brief-title", Static).update(
            Content(f"Briefing — {kind} — {b.case.reference}")
        )
        self.query_one("#brief-visit", Static).update(_visit_lines(b, self.app.now()))
        cautions = self.query_one("#brief-cautions", Static)
        cautions.update(_caution_lines(b))
        cautions.set_class(bool(b.cautions), "caution-box")
        self.query_one("#brief-do-not", Static).update(
            _bullets(b.do_not_disclose) if b.do_not_disclose else Content("Nothing recorded.")
        )
        self.query_one("#brief-safety", Static).update(_bullets(b.safety_plan))
        self.query_one("#brief-attendees", Static).update(
            _bullets([a.describe() for a in b.attendees])
        )
        self.query_one("#brief-residents", Static).update(_resident_lines(b))
        self.query_one("#brief-consent", Static).update(literal(b.consent))
        self.query_one("#brief-contacts", Static).update(_contact_lines(b))
        self.query_one("#brief-outcome", Static).update(_outcome_lines(b))

    def action_back(self) -> None:
        """Back to where the briefing was opened from."""
        self.dismiss(None)

    def action_record_outcome(self) -> None:
        """Record what happened on the visit."""
        from fieldcase.ui.dialogs.visit_outcome import record_visit_outcome

        record_visit_outcome(self, self.visit_id, self._changed)

    def action_start_visit(self) -> None:
        """Record that the visit has begun."""
        self._act(visit_checkins.start_visit, "Visit started. Check in on time.")

    def action_finish_visit(self) -> None:
        """Record that the officers are out and safe."""
        self._act(
            visit_checkins.finish_visit, "Out and safe: check-in resolved. Record the outcome next."
        )

    @work(exclusive=True, group="visit-step")
    async def _act(self, step: Callable[..., object], message: str) -> None:
        try:
            await self.app.run_service(step, self.visit_id, now=self.app.now())
        except (ValidationError, NotFound) as exc:
            self.notify(in_one_line(exc), severity="warning", markup=False)
            return
        self.notify(message)
        self._changed(True)

    def action_edit_plan(self) -> None:
        """Change the visit plan."""
        from fieldcase.ui.screens.visit_plan import VisitPlanScreen

        if self.brief is None or self.brief.visit.status != VisitStatus.PLANNED:
            self.notify("The outcome is recorded; the plan can no longer change.")
            return
        self.app.push_screen(VisitPlanScreen(self.brief.case.id, self.visit_id), self._changed)

    def action_add_caution(self) -> None:
        """Add a caution marker to the address or person."""
        from fieldcase.ui.dialogs.visit_caution import VisitCautionDialog

        if self.brief is None:
            return
        v = self.brief.visit
        name = self.brief.visited.name if self.brief.visited else ""
        place = self.brief.place if v.property_id else ""

        async def save(data: CautionInput) -> uuid.UUID:
            return await self.app.run_service(
                cautions.add_caution_marker, data, added_by=self.app.officer_name
            )

        self.app.push_screen(
            VisitCautionDialog(
                save, property_id=v.property_id, address=place, person_id=v.person_id, name=name
            ),
            self._changed,
        )

    def _changed(self, result: object) -> None:
        if result is not None:
            self.app.checkins.refresh_now()
            self.reload()


def _visit_lines(b: Briefing, now: datetime) -> Content:
    """When and where, who is seen, the case and its risk, and the visit's status."""
    v, c = b.visit, b.case
    level = (
        Content.from_rich_text(risk_text(c.risk_level)) if c.risk_level else Content("not assessed")
    )
    visited = (
        Content.assemble(
            (one_line(b.visited.name), "bold"),
            f" ({label_of(PartyRole, b.visited.role)})",
        )
        if b.visited
        else Content("no one in particular")
    )
    end = v.planned_at + timedelta(minutes=v.duration_minutes)
    lines = [
        Content.assemble(("When: ", "bold"), f"{format_when(v.planned_at)} to {format_time(end)}"),
        Content.assemble(("Where: ", "bold"), one_line(b.place)),
        Content.assemble(("Seeing: ", "bold"), visited),
        Content.assemble(
            ("Case: ", "bold"),
            f"{label_of(Category, c.category)} · risk ",
            level,
        ),
        Content.assemble(
            ("Status: ", "bold"), label_of(VisitStatus, v.status), _checkin_note(v, now)
        ),
    ]
    if c.risk_level == RiskLevel.HIGH:
        lines.append(Content.styled("High risk case: take the safety plan seriously.", "bold"))
    return Content("\n").join(lines)


def _caution_lines(b: Briefing) -> Content | str:
    """The caution markers on the address and the person visited, one a line."""
    if not b.cautions:
        return "None recorded for this address or person."
    return Content("\n").join(
        Content(
            f"⚠ {x.label}: {one_line(x.applies_to)}" + (f" — {one_line(x.note)}" if x.note else "")
        )
        for x in b.cautions
    )


def _resident_lines(b: Briefing) -> Content:
    """Who on the case lives at the address, with any safe number."""
    residents = [
        f"{p.name} ({label_of(PartyRole, p.role)})"
        + (f" · safe number {p.safe_contact_number}" if p.safe_contact_number else "")
        for p in b.residents
    ]
    return _bullets(residents) if residents else Content("No one on this case is recorded there.")


def _contact_lines(b: Briefing) -> Content:
    """The last three contacts on the case, one a line."""
    contacts = [
        f"{format_when(con.at)} · {label_of(ContactMethod, con.method)}"
        + (f" · {name}" if name else "")
        + (f" · {label_of(ContactOutcome, con.outcome)}" if con.outcome else "")
        + (f" · {one_line(con.notes, 60)}" if con.notes else "")
        for con, name in b.recent_contacts
    ]
    return _bullets(contacts) if contacts else Content("No contacts yet.")


def _outcome_lines(b: Briefing) -> Content | str:
    """The recorded outcome and its notes; blank while the visit is still planned."""
    if b.visit.status == VisitStatus.PLANNED:
        return ""
    return Content.assemble(
        ("Outcome: ", "bold"),
        label_of(VisitStatus, b.visit.status),
        "\n",
        literal(b.visit.outcome_notes),
    )


def _bullets(lines: list[str]) -> Content:
    return Content("\n").join(Content(f"• {one_line(line)}") for line in lines)


def _checkin_note(visit: VisitTimes, now: datetime) -> str:
    if visit.checkin_at is None:
        return ""
    state = checkin_state(visit, now)
    return f" · check-in by {format_time(visit.checkin_at)} ({_STATE_WORDS[state]})"


_STATE_WORDS = {
    CheckinState.NONE: "",
    CheckinState.NOT_STARTED: "not started",
    CheckinState.AWAITING: "under way",
    CheckinState.OVERDUE: "OVERDUE",
    CheckinState.RESOLVED: "resolved",
    CheckinState.REACHED: "overdue, then reached by a colleague",
}
