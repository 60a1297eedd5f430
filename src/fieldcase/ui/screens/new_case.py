"""Opening a new case by keyboard alone."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from fieldcase.domain.vocab import Category, IncidentType, PartyRole, Strand
from fieldcase.domain.when import WhenError
from fieldcase.services import case_records, intake, properties
from fieldcase.services.case_records import IncidentInput, PersonInput
from fieldcase.services.drafts import DraftSnapshot
from fieldcase.services.errors import ValidationError
from fieldcase.services.intake import MaybeKnown, NewCaseInput, OpenCaseMatch
from fieldcase.services.people import KnownPerson
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import moment_of, ticked, value_of
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.dialogs.maybe_known import ask_who_it_is
from fieldcase.ui.dialogs.person import not_answered
from fieldcase.ui.keys import CANCEL, SAVE, reworded
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.field_errors import show_field_errors
from fieldcase.ui.widgets.fields import (
    OTHER_KIND_LABEL,
    choice_field,
    multi_field,
    notes_field,
    text_field,
)
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.form_draft import FormDraft, cancel_form, form_values, restore_values
from fieldcase.ui.widgets.form_frame import FormMessages
from fieldcase.ui.widgets.people_rows import (
    FIND_PLACEHOLDER,
    PICKED,
    day_of_birth,
    household_member,
    household_row,
    known_input,
    perpetrator,
    perpetrator_row,
)
from fieldcase.ui.widgets.person_picker import PersonPicker


class NewCaseScreen(FieldcaseScreen[uuid.UUID | None]):
    """The new-case form: category, strands, people, property and the first incident."""

    HELP = (
        "Tab and Shift+Tab move between fields; Space ticks a checklist item; Enter opens a "
        "drop-down. Ctrl+S saves the case. Typing a name (or a date of birth, phone or "
        "address) lists the people already known under it: Down and Up move through the "
        "list, Enter picks, Esc goes back to typing. A new household line appears as you "
        "fill the last one; Ctrl+O adds another alleged perpetrator (or household line). "
        "If the victim, or the address however it is typed, already has an open case, you are "
        "offered to add this report to it."
    )
    BINDINGS = [
        reworded(SAVE, tooltip="Open the case"),
        Binding(
            "ctrl+o",
            "add_perpetrator",
            "Another perpetrator",
            id="add-perpetrator",
            tooltip="Add another alleged perpetrator",
        ),
        reworded(CANCEL, tooltip="Leave without saving"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines = {"household": 1, "perpetrators": 1}
        """How many household and alleged perpetrator lines the form has."""
        self.person_fields: list[str] = []
        """The name field of each person in the case last collected, in order."""
        self.draft: FormDraft | None = None
        """The typing so far, kept as an encrypted draft once the form has opened."""
        self.confirmed_new = False
        """True once the officer chose a new case although the victim has an open one."""
        self.saving = False
        """True while the case is on its way to the database."""
        self.new_case_id = uuid.uuid4()
        """The new case's key, made before the first try: saving again after a lost
        answer from the team server never opens it twice (nor adds the report twice)."""
        self.incident_id = uuid.uuid4()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("New case", classes="form-title screen-form-title")
        yield FormMessages(id="form-errors")
        with VerticalScroll(id="new-case"):
            yield Static("The case", classes="section-title")
            yield from choice_field("Category", "category", Category)
            yield from multi_field("Perceived hate strands", "strands", Strand)
            yield from text_field("Summary", "summary")
            yield from text_field("Police reference numbers", "police-refs")
            yield Static("The property", classes="section-title")
            yield from text_field("Address", "address", placeholder="e.g. 14 Larkspur Close")
            yield from text_field("Postcode", "postcode")
            known = Static("", id="known-addresses")
            known.display = False
            yield known
            yield from text_field("Tenancy reference", "tenancy-ref")
            yield Static("The victim and household", classes="section-title")
            yield Label(
                "Victim's full name (type to find someone already known)",
                classes="field-label",
            )
            yield PersonPicker("victim-name", placeholder=FIND_PLACEHOLDER, id="victim")
            with Vertical(id="victim-details"):
                yield from text_field("Date of birth (dd/mm/yyyy)", "victim-dob")
                yield from text_field("Safe contact number", "victim-safe-number")
                yield from text_field("Other phone", "victim-phone")
                yield from text_field("Preferred contact times", "victim-times")
            yield Label(
                "Household: name, relationship, age or date of birth",
                classes="field-label",
            )
            with Vertical(id="household"):
                yield household_row(1)
            yield Static(
                "Alleged perpetrators (leave the name blank if unknown)", classes="section-title"
            )
            with Vertical(id="perpetrators"):
                yield perpetrator_row(1)
            yield Static("First incident", classes="section-title")
            yield from text_field(
                "When (e.g. now, today 14:00, 20/11/2026 21:30)", "occurred-at", "now"
            )
            yield from multi_field("What happened", "kinds", IncidentType)
            yield from text_field(OTHER_KIND_LABEL, "other-kind")
            yield from text_field("Where", "location")
            yield from text_field("Police crime number", "police-crime-number")
            yield from notes_field("Description", "description")
            with Horizontal(classes="form-buttons"):
                yield Button("Open case (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#category").focus()
        self.draft = FormDraft(self, "new-case", "New case", values=self._draft_values)
        self.draft.offer(self._restore_draft, every=None)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _typed(self) -> None:
        """Keep the draft moments after each change (a signal or a crash loses nothing)."""
        if self.draft is not None:
            self.draft.changed()

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The typing so far, kept encrypted on each change, a lock, a signal or a crash."""
        return self.draft.snapshot() if self.draft is not None else None

    def _draft_values(self) -> dict[str, Any]:
        """Every field, and who was picked in each person field."""
        values = form_values(self)
        for picker in self.query(PersonPicker):
            if picker.person_id is not None:
                values[PICKED + picker.input_id] = str(picker.person_id)
        return values

    def _restore_draft(self, values: dict[str, Any]) -> None:
        self.call_later(self._restore_lines, values)

    async def _restore_lines(self, values: dict[str, Any]) -> None:
        """Open as many household and perpetrator lines as the draft has, then fill them."""
        households = sum(1 for key in values if key.startswith("household-name-"))
        for _ in range(households - self.lines["household"]):
            await self._add_line("household", focus=False)
        rows = sum(1 for key in values if key.startswith("perp-name-"))
        for _ in range(rows - self.lines["perpetrators"]):
            await self._add_line("perpetrators", focus=False)
        self._restore_values(values)

    def _restore_values(self, values: dict[str, Any]) -> None:
        restore_values(self, values)
        for key, value in values.items():
            if key.startswith(PICKED) and isinstance(value, str):
                self._picker(key.removeprefix(PICKED)).restore_pick(uuid.UUID(value))

    def _picker(self, input_id: str) -> PersonPicker:
        """The person field whose name input is ``input_id``."""
        return next(p for p in self.query(PersonPicker) if p.input_id == input_id)

    @on(PersonPicker.Picked)
    def person_picked(self, event: PersonPicker.Picked) -> None:
        """A known person's details are not typed again; the role is what the form says."""
        known = event.person is not None
        if event.picker.id == "victim":
            self.query_one("#victim-details").display = not known
        for age in event.picker.query(".household-age"):
            age.display = not known

    @on(Input.Changed, ".person-name")
    async def household_filled(self, event: Input.Changed) -> None:
        """Filling the last household line opens another below it."""
        last = f"household-name-{self.lines['household']}"
        if event.input.id == last and event.value.strip():
            await self._add_line("household", focus=False)

    async def _add_line(self, lines: str, *, focus: bool = True) -> None:
        """Another "household" or "perpetrators" line, below the last."""
        self.lines[lines] += 1
        make = household_row if lines == "household" else perpetrator_row
        row = make(self.lines[lines])
        await self.query_one(f"#{lines}").mount(row)
        if focus:
            row.name_input.focus()

    @on(Input.Submitted)
    def next_field(self) -> None:
        """Enter in a one-line field moves on, as Tab does."""
        self.focus_next()

    @on(Input.Changed, "#postcode")
    def postcode_changed(self, event: Input.Changed) -> None:
        """Show the addresses already known at the postcode typed, so none is typed twice."""
        self.show_known_addresses(event.value)

    @work(exclusive=True, group="known-addresses")
    async def show_known_addresses(self, postcode: str) -> None:
        """Look up the known addresses at ``postcode`` off the interface thread."""
        known = await self.app.run_service(properties.properties_at, postcode)
        hint = self.query_one("#known-addresses", Static)
        hint.display = bool(known)
        if known:
            lines = [f"Known at {known[0].postcode}:"]
            lines += [f"  {p.address}{_known_notes(p)}" for p in known[:6]]
            if len(known) > 6:
                lines.append(f"  and {len(known) - 6} more")
            hint.update(literal("\n".join(lines)))

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Leave without saving (the draft goes too); asks first when something was typed."""
        cancel_form(self, self.draft)

    async def action_add_perpetrator(self) -> None:
        """Another line: a household member when in the household, else an alleged perpetrator."""
        focused = self.focused
        if focused is not None and any(w.id == "household" for w in focused.ancestors):
            await self._add_line("household")
        else:
            await self._add_line("perpetrators")

    def collect(self) -> NewCaseInput:
        """The typed values as a new case; raises WhenError for a bad date or time."""
        app = self.app
        today = app.today()
        typed = [self._victim(today)]
        typed += [
            household_member(self._picker(f"household-name-{n}"), n, today)
            for n in range(1, self.lines["household"] + 1)
        ]
        typed += [
            perpetrator(self._picker(f"perp-name-{n}"), self._v(f"perp-address-{n}"))
            for n in range(1, self.lines["perpetrators"] + 1)
        ]
        entered = [(person, field) for person, field in typed if person is not None]
        self.person_fields = [field for _, field in entered]
        people = [person for person, _ in entered]
        incident = IncidentInput(
            occurred_at=moment_of(self, "occurred-at", now=app.now()),
            kinds=ticked(self, "kinds"),
            strands=ticked(self, "strands"),
            location=self._v("location"),
            who=", ".join(p.full_name for p in people if p.role == PartyRole.PERPETRATOR),
            police_crime_number=self._v("police-crime-number"),
            description=self._v("description"),
            other_kind=self._v("other-kind"),
        )
        return NewCaseInput(
            category=str(self.query_one("#category", Select).value),
            strands=ticked(self, "strands"),
            address=self._v("address"),
            postcode=self._v("postcode"),
            tenancy_ref=self._v("tenancy-ref"),
            summary=self._v("summary"),
            police_refs=self._v("police-refs"),
            people=people,
            incident=incident,
        )

    def _victim(self, today: date) -> tuple[PersonInput | None, str]:
        """The victim as typed or picked, and their name field."""
        picker = self._picker("victim-name")
        if picker.picked is not None:
            return known_input(picker.picked, PartyRole.VICTIM), picker.input_id
        if not picker.value.strip():
            return None, picker.input_id
        return (
            PersonInput(
                full_name=picker.value,
                role=PartyRole.VICTIM,
                date_of_birth=day_of_birth(self._v("victim-dob"), "victim_dob", today),
                phone=self._v("victim-phone"),
                safe_contact_number=self._v("victim-safe-number"),
                preferred_contact_times=self._v("victim-times"),
                declined=picker.declined,
            ),
            picker.input_id,
        )

    def _v(self, field_id: str) -> str:
        return value_of(self, field_id)

    def action_save(self) -> None:
        """Open the case, or show what must be fixed."""
        if not self.saving:
            self.saving = True
            self.app.keys_wait_for(self._save())

    @work(exclusive=True, group="new-case-save")
    async def _save(self) -> None:
        if self.draft is not None:
            await self.draft.settle()
        try:
            case_id = await self._check_and_save(self.collect())
        except WhenError as exc:
            self._errors({"occurred_at": str(exc)})
            return
        except ValidationError as exc:
            self._errors(exc.errors)
            return
        finally:
            self.saving = False
        if case_id is not None:
            if self.draft is not None:
                self.draft.discard()
            self.dismiss(case_id)

    async def _check_and_save(self, data: NewCaseInput) -> uuid.UUID | None:
        """Open the case, or add the report to the victim's open case; None if neither."""
        app = self.app
        check = await app.run_service(
            intake.check_new_case, data, now=app.now(), new_id=self.new_case_id
        )
        if check.errors:
            raise ValidationError(check.errors)
        # Open cases first (the report may belong in one); then who each person typed is,
        # which can show the victim's own open case under another spelling.
        for _ in range(2):
            if check.open_cases and not self.confirmed_new:
                chosen = {str(match.case_id): match.case_id for match in check.open_cases}
                choice = await app.ask(self._where_question(check.open_cases))
                if choice in chosen:
                    return await self._add_to_existing(chosen[choice], data)
                if choice != "new":
                    return None
                self.confirmed_new = True
            if not check.people_known:
                break
            await self._ask_who_is_who(data, check.people_known)
            check = await app.run_service(
                intake.check_new_case, data, now=app.now(), new_id=self.new_case_id
            )
        case = await app.run_service(
            intake.create_case,
            data,
            officer_name=app.officer_name,
            policy=app.settings.policy,
            today=app.today(),
            now=app.now(),
            new_id=self.new_case_id,
        )
        follows = ""
        if check.earlier_case is not None:
            earlier = check.earlier_case
            follows = (
                f" {earlier.reason} It is linked: o on the case file opens {earlier.reference}."
            )
        self.notify(f"Opened case {case.reference}.{follows}", markup=False)
        return case.id

    async def _ask_who_is_who(self, data: NewCaseInput, people_known: list[MaybeKnown]) -> None:
        """Ask who each person typed may already be: a known person or a new one.

        Raises:
            ValidationError: The officer did not answer; nothing is saved.
        """
        for maybe in people_known:
            person = data.people[maybe.index]
            picker = self._picker(self.person_fields[maybe.index])
            picker.close()
            answer = await ask_who_it_is(self.app, person.full_name, maybe.matches)
            if answer is None:
                raise ValidationError({f"people.{maybe.index}": not_answered(person.full_name)})
            if isinstance(answer, KnownPerson):
                picker.pick(answer)
                data.people[maybe.index] = known_input(
                    answer,
                    PartyRole(person.role),
                    relationship=person.relationship,
                    address=person.address,
                )
            else:
                picker.decline(m.id for m in maybe.matches)
                person.declined += [m.id for m in maybe.matches]

    @staticmethod
    def _where_question(open_cases: list[OpenCaseMatch]) -> ChoiceDialog:
        """Ask whether a report on a known victim or address belongs in an open case."""
        question = (
            " ".join(match.reason for match in open_cases)
            + " A new report on an open case belongs in that case as an incident."
        )
        return ChoiceDialog(
            question,
            [
                *(
                    (f"Add this report to {match.reference} as an incident", str(match.case_id))
                    for match in open_cases
                ),
                ("Open a separate new case anyway", "new"),
            ],
        )

    async def _add_to_existing(self, case_id: uuid.UUID, data: NewCaseInput) -> uuid.UUID:
        assert data.incident is not None
        app = self.app
        await app.run_service(
            case_records.add_incident,
            case_id,
            data.incident,
            policy=app.settings.policy,
            now=app.now(),
            new_id=self.incident_id,
        )
        self.notify("Added the report to the open case as an incident.")
        return case_id

    def _errors(self, errors: dict[str, str]) -> None:
        """Every problem under its field, and all of them in the list at the top."""
        text = "Please fix:\n" + "\n".join(f"• {m}" for m in errors.values())
        box = self.query_one("#form-errors", Static)
        box.update(literal(text))
        self._person_targets = {
            f"people.{i}": "#" + field for i, field in enumerate(self.person_fields)
        }
        # The summary shows above the fields, always in view; each message goes under its field.
        show_field_errors(self, errors, self._field_for)

    def _field_for(self, name: str) -> Widget | None:
        """The field a problem is about; a person's problem is on that person's name."""
        person = self._person_targets.get(".".join(name.split(".")[:2]))
        target = person or _FIELDS.get(name, "#" + name.split(".")[-1].replace("_", "-"))
        found = self.query(target) if name else None
        return found.first() if found else None


def _known_notes(prop: properties.PropertyView) -> str:
    """What an officer should know about a known address, e.g. ' (1 caution; FC-2026-0003)'."""
    notes = []
    if prop.cautions:
        notes.append(f"{prop.cautions} caution{'s' if prop.cautions != 1 else ''}")
    if prop.open_cases:
        notes.append("open case " + ", ".join(prop.open_cases))
    return f" ({'; '.join(notes)})" if notes else ""


_FIELDS = {
    "people": "#victim-name",
    "people.0": "#victim-name",
    "people.0.date_of_birth": "#victim-dob",
    "people.0.age_given": "#victim-dob",
    "incident.description": "#description",
    "incident.kinds": "#kinds",
    "incident.other_kind": "#other-kind",
    "incident.occurred_at": "#occurred-at",
}
"""Where a problem named by the service (or the date grammar) is shown on this form."""
