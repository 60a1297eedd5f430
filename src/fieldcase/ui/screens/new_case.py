"""Opening a new case by keyboard alone."""

from __future__ import annotations

import uuid
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Select, Static

from fieldcase.domain.vocab import Category, IncidentType, PartyRole, Strand
from fieldcase.domain.when import MIDDAY, WhenError, parse_day, parse_when
from fieldcase.services import case_records, intake, properties
from fieldcase.services.case_records import IncidentInput, PersonInput
from fieldcase.services.drafts import DraftSnapshot
from fieldcase.services.errors import ValidationError
from fieldcase.services.intake import NewCaseInput, OpenCaseMatch
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import ticked, value_of
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.keys import CANCEL, SAVE, reworded
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import (
    OTHER_KIND_LABEL,
    choice_field,
    multi_field,
    notes_field,
    text_field,
)
from fieldcase.ui.widgets.form_draft import FormDraft, restore_values


class NewCaseScreen(FieldcaseScreen[uuid.UUID | None]):
    """The new-case form: category, strands, people, property and the first incident."""

    HELP = (
        "Tab and Shift+Tab move between fields; Space ticks a checklist item; Enter opens a "
        "drop-down. Ctrl+S saves the case. Ctrl+O adds another alleged perpetrator. "
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
        self.perpetrator_rows = 1
        self.confirmed_new = False
        """True once the officer chose a new case although the victim has an open one."""
        self.saving = False
        """True while the case is on its way to the database."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="new-case"):
            yield Static("New case", classes="form-title")
            yield Static("", id="form-errors", classes="error")
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
            yield from text_field("Victim's full name", "victim-name")
            yield from text_field("Date of birth (dd/mm/yyyy)", "victim-dob")
            yield from text_field("Safe contact number", "victim-safe-number")
            yield from text_field("Other phone", "victim-phone")
            yield from text_field("Preferred contact times", "victim-times")
            yield from text_field("Household members (names, separated by commas)", "household")
            yield Static(
                "Alleged perpetrators (leave the name blank if unknown)", classes="section-title"
            )
            with Horizontal(classes="perpetrator-row", id="perpetrator-row-1"):
                yield Input(placeholder="Name (blank = unknown)", id="perp-name-1")
                yield Input(placeholder="Address, if known", id="perp-address-1")
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
        self.draft = FormDraft(self, "new-case", "New case")
        self.draft.offer(self._restore_draft)

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The typing so far, kept encrypted on a timer, a lock or a crash."""
        return self.draft.snapshot()

    def _restore_draft(self, values: dict[str, Any]) -> None:
        rows = sum(1 for key in values if key.startswith("perp-name-"))
        for _ in range(rows - self.perpetrator_rows):
            self.action_add_perpetrator()
        self.call_after_refresh(restore_values, self, values)

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
        """Leave without saving (the draft is thrown away too)."""
        self.draft.discard()
        self.dismiss(None)

    def action_add_perpetrator(self) -> None:
        """Another name/address pair for an alleged perpetrator."""
        self.perpetrator_rows += 1
        n = self.perpetrator_rows
        row = Horizontal(
            Input(placeholder="Name (blank = unknown)", id=f"perp-name-{n}"),
            Input(placeholder="Address, if known", id=f"perp-address-{n}"),
            classes="perpetrator-row",
            id=f"perpetrator-row-{n}",
        )
        self.query_one("#new-case").mount(row, after=f"#perpetrator-row-{n - 1}")
        self.call_after_refresh(lambda: self.query_one(f"#perp-name-{n}").focus())

    def collect(self) -> NewCaseInput:
        """The typed values as a new case; raises WhenError for a bad date or time."""
        app = self.app
        people = []
        dob = value_of(self, "victim-dob").strip()
        victim = PersonInput(
            full_name=self._v("victim-name"),
            role=PartyRole.VICTIM,
            date_of_birth=parse_day(dob, today=app.today(), prefer="past") if dob else None,
            phone=self._v("victim-phone"),
            safe_contact_number=self._v("victim-safe-number"),
            preferred_contact_times=self._v("victim-times"),
        )
        if victim.full_name.strip():
            people.append(victim)
        for name in self._v("household").split(","):
            if name.strip():
                people.append(PersonInput(full_name=name.strip(), role=PartyRole.HOUSEHOLD))
        for n in range(1, self.perpetrator_rows + 1):
            name = self._v(f"perp-name-{n}").strip()
            address = self._v(f"perp-address-{n}").strip()
            if name or address:
                people.append(
                    PersonInput(
                        full_name=name or "Unknown", role=PartyRole.PERPETRATOR, address=address
                    )
                )
        incident = IncidentInput(
            occurred_at=parse_when(
                self._v("occurred-at"),
                now=app.now(),
                prefer="past",
                default_time=MIDDAY,
            ),
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

    def _v(self, field_id: str) -> str:
        return value_of(self, field_id)

    def action_save(self) -> None:
        """Open the case, or show what must be fixed."""
        if not self.saving:
            self.saving = True
            self.app.keys_wait_for(self._save())

    @work(exclusive=True, group="new-case-save")
    async def _save(self) -> None:
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
            self.draft.discard()
            self.dismiss(case_id)

    async def _check_and_save(self, data: NewCaseInput) -> uuid.UUID | None:
        """Open the case, or add the report to the victim's open case; None if neither."""
        app = self.app
        check = await app.run_service(intake.check_new_case, data, now=app.now())
        if check.errors:
            raise ValidationError(check.errors)
        if check.open_cases and not self.confirmed_new:
            chosen = {str(match.case_id): match.case_id for match in check.open_cases}
            choice = await app.ask(self._where_question(check.open_cases))
            if choice in chosen:
                return await self._add_to_existing(chosen[choice], data)
            if choice != "new":
                return None
            self.confirmed_new = True
        case = await app.run_service(
            intake.create_case,
            data,
            officer_name=app.officer_name,
            policy=app.settings.policy,
            today=app.today(),
            now=app.now(),
        )
        self.notify(f"Opened case {case.reference}.")
        return case.id

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
        )
        self.notify("Added the report to the open case as an incident.")
        return case_id

    def _errors(self, errors: dict[str, str]) -> None:
        text = "Please fix:\n" + "\n".join(f"• {m}" for m in errors.values())
        box = self.query_one("#form-errors", Static)
        box.update(literal(text))
        for name in filter(None, errors):
            target = {
                "people": "#victim-name",
                "people.0": "#victim-name",
                "incident.description": "#description",
                "incident.kinds": "#kinds",
                "incident.other_kind": "#other-kind",
                "incident.occurred_at": "#occurred-at",
                "occurred_at": "#occurred-at",
            }.get(name, "#" + name.replace("_", "-"))
            found = self.query(target)
            if found:
                found.first().focus()
                break
        self.query_one("#new-case", VerticalScroll).scroll_to_widget(box)


def _known_notes(prop: properties.PropertyView) -> str:
    """What an officer should know about a known address, e.g. ' (1 caution; FC-2026-0003)'."""
    notes = []
    if prop.cautions:
        notes.append(f"{prop.cautions} caution{'s' if prop.cautions != 1 else ''}")
    if prop.open_cases:
        notes.append("open case " + ", ".join(prop.open_cases))
    return f" ({'; '.join(notes)})" if notes else ""
