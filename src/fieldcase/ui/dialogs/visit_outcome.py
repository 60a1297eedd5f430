"""Recording what happened on a visit: outcome, notes, engagement, follow-ups, safety."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select, Static

from fieldcase.domain.visits import VisitStatus
from fieldcase.domain.vocab import Engagement, PartyRole
from fieldcase.domain.when import parse_day
from fieldcase.services import visit_briefing, visit_checkins
from fieldcase.services.errors import ValidationError
from fieldcase.services.visit_briefing import VisitSummary
from fieldcase.services.visit_checkins import FollowUp, OutcomeInput
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import choice_of, not_for_disclosure, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import not_for_disclosure_field, notes_field
from fieldcase.ui.widgets.ticks import TickBox

FOLLOW_UP_ROWS = 3


class VisitOutcomeDialog(FormDialog[OutcomeInput, str]):
    """Record the outcome of a visit; returns the status recorded."""

    TITLE_TEXT = "Visit outcome"
    HELP = (
        "Choose what happened and add notes. For an alleged perpetrator, say how they "
        "engaged: the visit is logged as a contact either way, so repeated attempts are "
        "evidenced. Tick 'felt unsafe' to put a caution marker on the address for next time. "
        "Follow-ups become actions on the case (due dates like 2/12/2026 or +7). Tick "
        "'not for disclosure' to keep the notes out of subject access exports."
    )

    def __init__(
        self, save: Save[OutcomeInput, str], visit_id: uuid.UUID, summary: VisitSummary
    ) -> None:
        """Build the dialog for one visit, from its summary (``visit_briefing.visit_summary``).

        ``save`` records the outcome (``visit_checkins.record_outcome``).
        """
        super().__init__(save)
        self.visit_id = visit_id
        self.summary = summary

    @property
    def perpetrator(self) -> bool:
        """True when the visit was to an alleged perpetrator."""
        s = self.summary
        return s is not None and s.visited is not None and s.visited.role == PartyRole.PERPETRATOR

    def fields(self) -> ComposeResult:
        s = self.summary
        assert s is not None
        who = f" · {s.visited.name}" if s.visited else ""
        yield Static(Content(s.title + who), classes="field-label")
        yield Label("What happened", classes="field-label")
        yield Select(
            [(status.label, status.value) for status in VisitStatus.outcomes()],
            id="status",
            value=VisitStatus.COMPLETED,
            allow_blank=False,
        )
        yield from notes_field("Notes", "notes")
        yield from not_for_disclosure_field()
        if self.perpetrator and s.visited is not None:
            yield Label(f"{s.visited.name}'s engagement now", classes="field-label", markup=False)
            yield Select(
                Engagement.choices(),
                id="engagement",
                value=visit_checkins.suggested_engagement(
                    VisitStatus.COMPLETED, s.visited.engagement
                ),
                allow_blank=False,
            )
        yield TickBox("The visit felt unsafe: add a caution marker for next time", id="unsafe")
        yield Input(placeholder="What made it unsafe", id="unsafe-note")
        yield Static("Follow-up actions (what · who · due)", classes="field-label")
        for n in range(1, FOLLOW_UP_ROWS + 1):
            yield Horizontal(
                Input(
                    placeholder="What is to be done", id=f"follow-what-{n}", classes="follow-what"
                ),
                Input(placeholder="Who", id=f"follow-who-{n}", classes="follow-who"),
                Input(placeholder="Due (e.g. +7)", id=f"follow-due-{n}", classes="follow-due"),
                classes="follow-row",
            )

    def on_mount(self) -> None:
        self.query_one("#unsafe-note").display = False
        self.query_one("#status").focus()

    @on(Checkbox.Changed, "#unsafe")
    def unsafe_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#unsafe-note").display = event.value

    @on(Select.Changed, "#status")
    def status_changed(self, event: Select.Changed) -> None:
        s = self.summary
        if not self.perpetrator or s is None or s.visited is None:
            return
        self.query_one("#engagement", Select).value = visit_checkins.suggested_engagement(
            str(event.value), s.visited.engagement
        )

    def collect(self) -> OutcomeInput:
        """The typed outcome; raises ValidationError for a due date that cannot be read."""
        today = self.app.today()
        follow_ups = []
        for n in range(1, FOLLOW_UP_ROWS + 1):
            what = value_of(self, f"follow-what-{n}")
            who = value_of(self, f"follow-who-{n}")
            due = value_of(self, f"follow-due-{n}").strip()
            if what.strip() or who.strip() or due:
                due_on = parse_day(due, today=today, prefer="future") if due else None
                follow_ups.append(FollowUp(what, who, due_on))
        unsafe = self.query_one("#unsafe", Checkbox).value
        return OutcomeInput(
            status=choice_of(self, "status"),
            notes=value_of(self, "notes"),
            not_for_disclosure=not_for_disclosure(self),
            engagement=choice_of(self, "engagement") if self.perpetrator else None,
            follow_ups=follow_ups,
            unsafe=unsafe,
            unsafe_note=value_of(self, "unsafe-note") if unsafe else "",
        )


def _field_key(name: str) -> str:
    """The error key as the form's field id (``follow_ups.0`` -> ``follow_what_1``)."""
    if name.startswith("follow_ups."):
        return f"follow_what_{int(name.split('.')[1]) + 1}"
    return name


def record_visit_outcome(
    screen: FieldcaseScreen[Any],
    visit_id: uuid.UUID,
    on_done: Callable[[str | None], None] | None = None,
) -> None:
    """Load the visit's summary off the interface thread, then ask for its outcome."""

    app = screen.app

    async def save(data: OutcomeInput) -> str:
        try:
            await app.run_service(
                visit_checkins.record_outcome,
                visit_id,
                data,
                now=app.now(),
                officer_name=app.officer_name,
                policy=app.settings.policy,
            )
        except ValidationError as exc:
            raise ValidationError({_field_key(k): m for k, m in exc.errors.items()}) from None
        return data.status

    async def open_dialog() -> None:
        summary = await app.run_service(visit_briefing.visit_summary, visit_id)
        app.push_screen(VisitOutcomeDialog(save, visit_id, summary), on_done)

    screen.run_worker(open_dialog(), group="visit-outcome", exclusive=True)
