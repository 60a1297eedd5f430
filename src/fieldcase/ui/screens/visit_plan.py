"""Planning a visit and its safety plan, by keyboard alone."""

from __future__ import annotations

import uuid
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, Static, TextArea

from fieldcase.domain.text import one_line
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind
from fieldcase.domain.when import WhenError, format_when, parse_duration, parse_when
from fieldcase.services import visit_planning
from fieldcase.services.drafts import DraftSnapshot
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.services.visit_planning import Party, PlanningFacts, VisitInput
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.fields import text_field
from fieldcase.ui.widgets.form_draft import (
    AUTOSAVE_SECONDS,
    FormDraft,
    form_values,
    restore_values,
)

FIRST_ATTENDEE_ROWS = 2
WHEN_HINT = "e.g. tomorrow 10:30, fri 14:00, today 9, 3/12 10:00, +2d 10:00"
NO_ONE = "none"

_TOGGLES = (
    ("plain-clothes", "Police in plain clothes", ()),
    ("unmarked-vehicle", "Unmarked vehicle", ()),
    ("park-away", "Park away from the property", ("park-where", "approach-route")),
    ("no-branding", "No lanyards or branded items", ()),
    ("pre-call", "Call the victim beforehand on their safe number", ()),
    ("in-pairs", "Go in pairs", ()),
    ("buddy", "Buddy and check-in time", ("buddy-name", "checkin-at")),
    ("code-word", "Code word agreed", ("code-word-holder",)),
)
"""Safety-plan toggles and the note fields each one opens."""

_FIELD_FOR_ERROR = {
    "kind": "kind",
    "planned_at": "planned-at",
    "duration_minutes": "duration",
    "place_kind": "place-kind",
    "place_detail": "place-detail",
    "person_id": "person",
    "attendees": "attendee-name-1",
    "plain_clothes": "plain-clothes",
    "park_where": "park-where",
    "buddy_name": "buddy-name",
    "checkin_at": "checkin-at",
    "code_word_holder": "code-word-holder",
    "consent_override_reason": "consent-override-reason",
}


TOGGLE_PREFIX = "toggle-"
"""Draft keys for the safety-plan toggles, which plain form drafts do not keep."""


class VisitPlanDraft(FormDraft):
    """The plan form's draft, safety-plan toggles included."""

    def snapshot(self) -> DraftSnapshot | None:
        """What the form holds now, or None while it is as it started."""
        values = form_values(self.screen)
        for box in self.screen.query(Checkbox):
            if box.id:
                values[f"{TOGGLE_PREFIX}{box.id}"] = box.value
        if self._pristine is not None and values == self._pristine:
            return None
        return DraftSnapshot(self.key, self.title, values)

    def start(self, every: float = AUTOSAVE_SECONDS) -> None:
        """Remember the form as it opened (toggles too), then save changes on a timer."""
        self._pristine = None
        opened = self.snapshot()
        self._pristine = opened.payload if opened is not None else None
        self.screen.set_interval(every, self.save, name=f"draft-{self.key}")


class VisitPlanScreen(FieldcaseScreen[uuid.UUID | None]):
    """Plan a visit: when, where, who is going and the safety plan."""

    HELP = (
        "Plan a visit on this case. Tab moves between fields; Enter opens a drop-down; "
        "Space toggles a safety measure and opens its notes. Type times as you say them: "
        f"{WHEN_HINT}. Caution markers for the address or person appear at the top by "
        "themselves. Never type a code word itself: record only who holds it. Ctrl+S saves."
    )
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", id="save-visit", tooltip="Save the visit plan", priority=True
        ),
        Binding(
            "ctrl+o",
            "add_attendee",
            "Another attendee",
            id="add-attendee",
            tooltip="Add another row for someone going on the visit",
        ),
        Binding("escape", "cancel", "Cancel", id="cancel-visit", tooltip="Leave without saving"),
    ]

    def __init__(self, case_id: uuid.UUID, visit_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.visit_id = visit_id
        self.reference = ""
        self.parties: list[Party] = []
        self.initial: VisitInput | None = None
        self.version = 0
        self.attendee_rows = FIRST_ATTENDEE_ROWS
        self.facts: PlanningFacts | None = None

    def compose(self) -> ComposeResult:
        self._load()
        i = self.initial
        yield Header()
        with VerticalScroll(id="visit-plan"):
            title = "Change the visit plan" if self.visit_id else "Plan a visit"
            yield Static(Content(f"{title} — {self.reference}"), classes="form-title")
            yield Static("", id="visit-cautions")
            with Vertical(id="consent-box"):
                yield Static("", id="consent-warning")
                yield from text_field(
                    "Reason to go ahead without consent (required)",
                    "consent-override-reason",
                    i.consent_override_reason if i else "",
                )
            yield Static("The visit", classes="section-title")
            yield Label("Type of visit", classes="field-label")
            yield Select(
                VisitKind.choices(),
                id="kind",
                value=i.kind if i else VisitKind.VICTIM_SUPPORT,
                allow_blank=False,
            )
            yield Label("Who the visit is to see", classes="field-label")
            yield Select(
                [("No one in particular", NO_ONE)]
                + [(literal_line(p.label), str(p.person_id)) for p in self.parties],
                id="person",
                value=str(i.person_id) if i and i.person_id else NO_ONE,
                allow_blank=False,
            )
            yield from text_field(
                "When (local time)",
                "planned-at",
                format_when(i.planned_at) if i and i.planned_at else "",
                placeholder=WHEN_HINT,
            )
            yield Static("", id="planned-at-preview", classes="preview")
            yield from text_field(
                "Expected duration (minutes, or e.g. 1h30)",
                "duration",
                str(i.duration_minutes) if i else "60",
            )
            yield Label("Place", classes="field-label")
            yield Select(
                PlaceKind.choices(),
                id="place-kind",
                value=i.place_kind if i else PlaceKind.PROPERTY,
                allow_blank=False,
            )
            yield from text_field(
                "Venue or station (or a note about the property, e.g. 'side door')",
                "place-detail",
                i.place_detail if i else "",
            )
            yield Static("", id="place-preview", classes="preview")
            yield Static("Who is going", classes="section-title")
            people = i.attendees if i else [Attendee(self._officer())]
            self.attendee_rows = max(FIRST_ATTENDEE_ROWS, len(people))
            for n in range(1, self.attendee_rows + 1):
                yield self._attendee_row(n, people[n - 1] if n <= len(people) else None)
            yield Static("Safety plan (Space toggles)", classes="section-title")
            for toggle_id, label, notes in _TOGGLES:
                yield Checkbox(label, self._toggle_value(toggle_id), id=toggle_id)
                if notes or toggle_id == "pre-call":
                    with Vertical(id=f"{toggle_id}-notes", classes="toggle-notes"):
                        yield from self._toggle_notes(toggle_id)
            yield Static("Must not be disclosed on this visit", classes="section-title")
            yield TextArea(
                i.do_not_disclose if i else "",
                id="do-not-disclose",
                classes="notes",
                soft_wrap=True,
                tab_behavior="focus",
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Static("", id="form-errors", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.reference
        for toggle_id, _, _ in _TOGGLES:
            self._show_notes(toggle_id)
        self._refresh_facts()
        self._preview_when("planned-at", "planned-at-preview")
        self.query_one("#kind").focus()
        target = f"visit:{self.visit_id}" if self.visit_id else f"visit-plan:{self.case_id}"
        title = "Visit plan change" if self.visit_id else "Visit plan"
        self.draft = VisitPlanDraft(self, target, f"{title} for {self.reference}")
        self.draft.offer(self._restore_draft)

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The typing so far, kept encrypted on a timer, a lock or a crash."""
        return self.draft.snapshot()

    def _restore_draft(self, values: dict[str, Any]) -> None:
        rows = sum(1 for key in values if key.startswith("attendee-name-"))
        for _ in range(rows - self.attendee_rows):
            self.action_add_attendee()

        def put_back() -> None:
            restore_values(
                self, {k: v for k, v in values.items() if not k.startswith(TOGGLE_PREFIX)}
            )
            for toggle_id, _, _ in _TOGGLES:
                ticked = values.get(f"{TOGGLE_PREFIX}{toggle_id}")
                if isinstance(ticked, bool):
                    self.query_one(f"#{toggle_id}", Checkbox).value = ticked

        self.call_after_refresh(put_back)

    def _officer(self) -> str:
        return str(getattr(self.app, "officer_name", ""))

    def _load(self) -> None:
        with self.app.store.transaction() as session:
            self.reference = visit_planning.case_reference(session, self.case_id)
            self.parties = visit_planning.case_parties(session, self.case_id)
            if self.visit_id is not None:
                visit = visit_planning.get_visit(session, self.visit_id)
                self.version = visit.version
                self.initial = visit_planning.visit_input_of(visit)

    def _toggle_value(self, toggle_id: str) -> bool:
        i = self.initial
        if i is None:
            return False
        return {
            "plain-clothes": i.plain_clothes,
            "unmarked-vehicle": i.unmarked_vehicle,
            "park-away": i.park_away,
            "no-branding": i.no_branding,
            "pre-call": i.pre_call,
            "in-pairs": i.in_pairs,
            "buddy": bool(i.buddy_name or i.checkin_at),
            "code-word": i.code_word_agreed,
        }[toggle_id]

    def _toggle_notes(self, toggle_id: str) -> ComposeResult:
        i = self.initial
        if toggle_id == "park-away":
            yield from text_field("Where to park", "park-where", i.park_where if i else "")
            yield from text_field("Approach route", "approach-route", i.approach_route if i else "")
        elif toggle_id == "pre-call":
            yield Static("", id="safe-numbers", classes="preview")
        elif toggle_id == "buddy":
            yield from text_field("Buddy's name", "buddy-name", i.buddy_name if i else "")
            yield from text_field(
                "Check in by (local time)",
                "checkin-at",
                format_when(i.checkin_at) if i and i.checkin_at else "",
                placeholder="e.g. today 11:30 or 11:30",
            )
            yield Static("", id="checkin-at-preview", classes="preview")
        elif toggle_id == "code-word":
            yield from text_field(
                "Who holds the code word (never type the word itself)",
                "code-word-holder",
                i.code_word_holder if i else "",
            )

    def _attendee_row(self, n: int, person: Attendee | None) -> Horizontal:
        role = person.role if person else AttendeeRole.OFFICER
        return Horizontal(
            Input(
                person.name if person else "",
                placeholder="Name",
                id=f"attendee-name-{n}",
                classes="attendee-name",
            ),
            Select(
                AttendeeRole.choices(),
                value=role if role in set(AttendeeRole) else AttendeeRole.OTHER,
                allow_blank=False,
                id=f"attendee-role-{n}",
                classes="attendee-role",
            ),
            Input(
                person.collar_number if person else "",
                placeholder="Collar number (police)",
                id=f"attendee-collar-{n}",
                classes="attendee-collar",
            ),
            classes="attendee-row",
            id=f"attendee-row-{n}",
        )

    def _value(self, field_id: str) -> str:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def _ticked(self, toggle_id: str) -> bool:
        return self.query_one(f"#{toggle_id}", Checkbox).value

    def _show_notes(self, toggle_id: str) -> None:
        found = self.query(f"#{toggle_id}-notes")
        if found:
            found.first().display = self._ticked(toggle_id)

    @on(Checkbox.Changed)
    def toggle_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id:
            self._show_notes(event.checkbox.id)

    @on(Select.Changed, "#person, #place-kind")
    def target_changed(self) -> None:
        self._refresh_facts()

    @on(Input.Changed, "#place-detail")
    def place_detail_changed(self) -> None:
        self._refresh_facts()

    @on(Input.Changed, "#planned-at")
    def planned_at_changed(self) -> None:
        self._preview_when("planned-at", "planned-at-preview")

    @on(Input.Changed, "#checkin-at")
    def checkin_changed(self) -> None:
        self._preview_when("checkin-at", "checkin-at-preview")

    def _preview_when(self, field_id: str, preview_id: str) -> None:
        text = self._value(field_id).strip()
        preview = self.query_one(f"#{preview_id}", Static)
        if not text:
            preview.update("")
            return
        try:
            moment = parse_when(text, now=self.app.now(), prefer="future")
        except WhenError as exc:
            preview.update(Content(f"✗ {exc}"))
            preview.set_class(True, "-bad")
            return
        preview.set_class(False, "-bad")
        preview.update(Content(f"→ {format_when(moment)}"))

    def _person_id(self) -> uuid.UUID | None:
        value = self._value("person")
        return uuid.UUID(value) if value and value != NO_ONE else None

    def _refresh_facts(self) -> None:
        with self.app.store.reading() as session:
            facts = visit_planning.planning_facts(
                session,
                self.case_id,
                person_id=self._person_id(),
                place_kind=self._value("place-kind"),
                place_detail=self._value("place-detail"),
            )
        self.facts = facts
        box = self.query_one("#visit-cautions", Static)
        if facts.cautions:
            lines = [Content.styled("⚠ CAUTION", "bold")]
            for c in facts.cautions:
                note = f" — {one_line(c.note, 80)}" if c.note else ""
                lines.append(Content(f"• {c.label}: {one_line(c.applies_to, 60)}{note}"))
            box.update(Content("\n").join(lines))
            box.set_class(True, "-caution")
        else:
            box.update(Content("No caution markers for this address or person."))
            box.set_class(False, "-caution")
        consent = self.query_one("#consent-box")
        consent.display = facts.consent_warning is not None
        if facts.consent_warning:
            self.query_one("#consent-warning", Static).update(Content(f"⚠ {facts.consent_warning}"))
        self.query_one("#place-preview", Static).update(Content(f"→ {one_line(facts.place)}"))
        numbers = "; ".join(facts.victim_safe_numbers) or "No safe number recorded for the victim."
        self.query_one("#safe-numbers", Static).update(Content(one_line(numbers)))

    def collect(self) -> tuple[VisitInput, dict[str, str]]:
        """The typed plan, and messages for times or durations that could not be read."""
        now = self.app.now()
        problems: dict[str, str] = {}
        planned_at = None
        try:
            planned_at = parse_when(self._value("planned-at"), now=now, prefer="future")
        except WhenError as exc:
            problems["planned_at"] = f"When: {exc}"
        duration = 60
        try:
            duration = parse_duration(self._value("duration"))
        except WhenError as exc:
            problems["duration_minutes"] = f"Duration: {exc}"
        buddy = self._ticked("buddy")
        checkin_at = None
        if buddy and self._value("checkin-at").strip():
            try:
                checkin_at = parse_when(self._value("checkin-at"), now=now, prefer="future")
            except WhenError as exc:
                problems["checkin_at"] = f"Check in by: {exc}"
        elif buddy:
            problems["checkin_at"] = "Give the time to check in with the buddy."
        attendees = [
            Attendee(
                self._value(f"attendee-name-{n}").strip(),
                self._value(f"attendee-role-{n}"),
                self._value(f"attendee-collar-{n}").strip(),
            )
            for n in range(1, self.attendee_rows + 1)
        ]
        data = VisitInput(
            kind=self._value("kind"),
            planned_at=planned_at,
            duration_minutes=duration,
            place_kind=self._value("place-kind"),
            place_detail=self._value("place-detail"),
            person_id=self._person_id(),
            attendees=[a for a in attendees if a.name or a.collar_number],
            plain_clothes=self._ticked("plain-clothes"),
            unmarked_vehicle=self._ticked("unmarked-vehicle"),
            park_away=self._ticked("park-away"),
            park_where=self._value("park-where"),
            approach_route=self._value("approach-route"),
            no_branding=self._ticked("no-branding"),
            pre_call=self._ticked("pre-call"),
            in_pairs=self._ticked("in-pairs"),
            buddy_name=self._value("buddy-name") if buddy else "",
            checkin_at=checkin_at,
            code_word_agreed=self._ticked("code-word"),
            code_word_holder=self._value("code-word-holder"),
            do_not_disclose=self._value("do-not-disclose"),
            consent_override_reason=self._value("consent-override-reason"),
        )
        return data, problems

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Save the plan, or show what must be fixed (keeping everything typed)."""
        data, problems = self.collect()
        now = self.app.now()
        errors: dict[str, str] = {}
        visit_id: uuid.UUID | None = None
        try:
            with self.app.store.transaction() as session:
                errors = visit_planning.validate_visit(
                    session,
                    self.case_id,
                    data,
                    now=now,
                    previous_planned_at=self.initial.planned_at if self.initial else None,
                )
                errors.update(problems)
                if errors:
                    raise ValidationError(errors)
                if self.visit_id is None:
                    visit = visit_planning.plan_visit(session, self.case_id, data, now=now)
                else:
                    visit = visit_planning.update_visit(
                        session, self.visit_id, data, expected_version=self.version, now=now
                    )
                visit_id = visit.id
                when = format_when(visit.planned_at)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (EditConflict, NotFound) as exc:
            self.show_errors({"": str(exc)})
            return
        self.draft.discard()
        self.notify(f"Visit planned for {when}.", title="Saved", markup=False)
        self.dismiss(visit_id)

    def show_errors(self, errors: dict[str, str]) -> None:
        """List every problem and focus the first field that has one."""
        text = "\n".join(f"• {message}" for message in errors.values())
        self.query_one("#form-errors", Static).update(Content(text))
        for name in errors:
            field_id = _FIELD_FOR_ERROR.get(name)
            if name.startswith("attendees."):
                field_id = f"attendee-name-{int(name.split('.')[1]) + 1}"
            found = self.query(f"#{field_id}") if field_id else None
            if found:
                found.first().focus()
                break

    def action_add_attendee(self) -> None:
        """Another row for someone going on the visit."""
        self.attendee_rows += 1
        n = self.attendee_rows
        self.query_one("#visit-plan").mount(
            self._attendee_row(n, None), after=f"#attendee-row-{n - 1}"
        )
        self.call_after_refresh(lambda: self.query_one(f"#attendee-name-{n}").focus())

    def action_cancel(self) -> None:
        """Leave without saving (the draft is thrown away too)."""
        self.draft.discard()
        self.dismiss(None)
