"""The visit plan's fields: the visit, who is going, and the safety plan.

The form is built from what the plan screen loaded (``VisitPlanView``) and
reads itself back as the service's ``VisitInput``. It never reaches the
database: the screen loads, checks the person and place, and saves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from fieldcase.domain.text import one_line
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind
from fieldcase.domain.when import WhenError, format_when, parse_duration, parse_when
from fieldcase.services.visit_planning import PlanningFacts, VisitInput
from fieldcase.services.visit_views import VisitPlanView
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.fields import RevealingCheckbox, text_field, when_field
from fieldcase.ui.widgets.ticks import TickBox

FIRST_ATTENDEE_ROWS = 2
WHEN_HINT = "e.g. tomorrow 10:30, fri 14:00, today 9, 3/12 10:00, +2d 10:00"
NO_ONE = "none"

TOGGLES = (
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

FactsKey = tuple[uuid.UUID | None, str, str]
"""The choices the caution markers and consent depend on: person, kind of place, detail."""


def attendee_row(n: int, person: Attendee | None) -> Horizontal:
    """Row ``n`` of who is going: name, role, collar number."""
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


class AttendeeRows(Vertical):
    """Who is going: one row each, at least two, more on request."""

    DEFAULT_CSS = "AttendeeRows { height: auto; }"

    def __init__(self, people: list[Attendee]) -> None:
        super().__init__(id="attendees")
        self.people = people
        self.count = max(FIRST_ATTENDEE_ROWS, len(people))
        """How many rows there are."""

    def compose(self) -> ComposeResult:
        for n in range(1, self.count + 1):
            yield attendee_row(n, self.people[n - 1] if n <= len(self.people) else None)

    def add_row(self) -> None:
        """Another empty row, focused once it is there."""
        self.count += 1
        n = self.count
        self.mount(attendee_row(n, None))
        self.call_after_refresh(lambda: self.query_one(f"#attendee-name-{n}").focus())

    def attendees(self) -> list[Attendee]:
        """The rows with a name or collar number typed."""
        people = [
            Attendee(
                self.query_one(f"#attendee-name-{n}", Input).value.strip(),
                str(self.query_one(f"#attendee-role-{n}", Select).value),
                self.query_one(f"#attendee-collar-{n}", Input).value.strip(),
            )
            for n in range(1, self.count + 1)
        ]
        return [a for a in people if a.name or a.collar_number]


class SafetyPlanFields(Vertical):
    """The safety-plan toggles; ticking one opens its notes."""

    DEFAULT_CSS = "SafetyPlanFields { height: auto; }"

    def __init__(self, initial: VisitInput | None, read_when: Callable[[str], datetime]) -> None:
        """The toggles as ``initial`` has them; ``read_when`` reads the check-in time."""
        super().__init__(id="safety-plan")
        self.initial = initial
        self.read_when = read_when

    def compose(self) -> ComposeResult:
        for toggle_id, label, notes in TOGGLES:
            if notes or toggle_id == "pre-call":
                yield RevealingCheckbox(
                    label,
                    self._initially(toggle_id),
                    reveals=f"{toggle_id}-notes",
                    id=toggle_id,
                )
                with Vertical(id=f"{toggle_id}-notes", classes="toggle-notes"):
                    yield from self._notes(toggle_id)
            else:
                yield TickBox(label, self._initially(toggle_id), id=toggle_id)

    def ticked(self, toggle_id: str) -> bool:
        """True when the measure ``toggle_id`` is ticked."""
        return self.query_one(f"#{toggle_id}", Checkbox).value

    def tick(self, values: dict[str, bool]) -> None:
        """Tick or clear the measures named in ``values`` (toggle id -> ticked)."""
        for toggle_id, _, _ in TOGGLES:
            if toggle_id in values:
                self.query_one(f"#{toggle_id}", Checkbox).value = values[toggle_id]

    def _initially(self, toggle_id: str) -> bool:
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

    def _notes(self, toggle_id: str) -> ComposeResult:
        i = self.initial
        if toggle_id == "park-away":
            yield from text_field("Where to park", "park-where", i.park_where if i else "")
            yield from text_field("Approach route", "approach-route", i.approach_route if i else "")
        elif toggle_id == "pre-call":
            yield Static("", id="safe-numbers", classes="preview")
        elif toggle_id == "buddy":
            yield from text_field("Buddy's name", "buddy-name", i.buddy_name if i else "")
            yield from when_field(
                "Check in by (local time)",
                "checkin-at",
                format_when(i.checkin_at) if i and i.checkin_at else "",
                self.read_when,
                placeholder="e.g. today 11:30 or 11:30",
            )
        elif toggle_id == "code-word":
            yield from text_field(
                "Who holds the code word (never type the word itself)",
                "code-word-holder",
                i.code_word_holder if i else "",
            )


class VisitPlanForm(Vertical):
    """Every field of the plan, filled from the stored plan or the defaults."""

    DEFAULT_CSS = "VisitPlanForm { height: auto; }"

    def __init__(
        self, view: VisitPlanView, *, editing: bool, officer: str, now: Callable[[], datetime]
    ) -> None:
        """Build the form from what the screen loaded; ``now`` reads the app's clock."""
        super().__init__(id="visit-plan-form")
        self.view = view
        self.editing = editing
        self.officer = officer
        self.now = now

    def compose(self) -> ComposeResult:
        i = self.view.initial
        yield Static("", id="visit-cautions")
        with Vertical(id="consent-box"):
            yield Static("", id="consent-warning")
            yield from text_field(
                "Reason to go ahead without consent (required)",
                "consent-override-reason",
                i.consent_override_reason if i else "",
            )
        yield from self._the_visit(i)
        yield Static("Who is going", classes="section-title")
        yield AttendeeRows(i.attendees if i else [Attendee(self.officer)])
        yield Static("Safety plan (Space toggles)", classes="section-title")
        yield SafetyPlanFields(i, self._read_when)
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

    def _the_visit(self, i: VisitInput | None) -> ComposeResult:
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
            + [(literal_line(p.label), str(p.person_id)) for p in self.view.parties],
            id="person",
            value=str(i.person_id) if i and i.person_id else NO_ONE,
            allow_blank=False,
        )
        yield from when_field(
            "When (local time)",
            "planned-at",
            format_when(i.planned_at) if i and i.planned_at else "",
            self._read_when,
            placeholder=WHEN_HINT,
        )
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

    def on_mount(self) -> None:
        self.show_facts(self.view.facts)

    @property
    def attendee_rows(self) -> AttendeeRows:
        """The rows of who is going."""
        return self.query_one(AttendeeRows)

    @property
    def safety_plan(self) -> SafetyPlanFields:
        """The safety-plan toggles."""
        return self.query_one(SafetyPlanFields)

    def value(self, field_id: str) -> str:
        """What field ``field_id`` holds, as text."""
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def person_id(self) -> uuid.UUID | None:
        """The person the visit is to see, if one is chosen."""
        value = self.value("person")
        return uuid.UUID(value) if value and value != NO_ONE else None

    def facts_key(self) -> FactsKey:
        """The choices that decide the caution markers, place and consent shown."""
        return self.person_id(), self.value("place-kind"), self.value("place-detail")

    def _read_when(self, text: str) -> datetime:
        return parse_when(text, now=self.now(), prefer="future")

    def show_facts(self, facts: PlanningFacts) -> None:
        """Show the caution markers, the consent warning, the place and the safe numbers."""
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
        now = self.now()
        problems: dict[str, str] = {}
        planned_at = None
        try:
            planned_at = parse_when(self.value("planned-at"), now=now, prefer="future")
        except WhenError as exc:
            problems["planned_at"] = f"When: {exc}"
        duration = 60
        try:
            duration = parse_duration(self.value("duration"))
        except WhenError as exc:
            problems["duration_minutes"] = f"Duration: {exc}"
        plan = self.safety_plan
        buddy = plan.ticked("buddy")
        checkin_at = None
        if buddy and self.value("checkin-at").strip():
            try:
                checkin_at = parse_when(self.value("checkin-at"), now=now, prefer="future")
            except WhenError as exc:
                problems["checkin_at"] = f"Check in by: {exc}"
        elif buddy:
            problems["checkin_at"] = "Give the time to check in with the buddy."
        data = VisitInput(
            kind=self.value("kind"),
            planned_at=planned_at,
            duration_minutes=duration,
            place_kind=self.value("place-kind"),
            place_detail=self.value("place-detail"),
            person_id=self.person_id(),
            attendees=self.attendee_rows.attendees(),
            plain_clothes=plan.ticked("plain-clothes"),
            unmarked_vehicle=plan.ticked("unmarked-vehicle"),
            park_away=plan.ticked("park-away"),
            park_where=self.value("park-where"),
            approach_route=self.value("approach-route"),
            no_branding=plan.ticked("no-branding"),
            pre_call=plan.ticked("pre-call"),
            in_pairs=plan.ticked("in-pairs"),
            buddy_name=self.value("buddy-name") if buddy else "",
            checkin_at=checkin_at,
            code_word_agreed=plan.ticked("code-word"),
            code_word_holder=self.value("code-word-holder"),
            do_not_disclose=self.value("do-not-disclose"),
            consent_override_reason=self.value("consent-override-reason"),
        )
        return data, problems
