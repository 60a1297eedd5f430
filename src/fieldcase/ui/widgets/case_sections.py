"""The case file's sections: people, incidents, contacts and the action plan.

Each section owns its table and columns, keeps the highlight on the row the
officer left it on across reloads, and asks for an edit by message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from fieldcase.db.models import Contact, Incident, Person, Property
from fieldcase.domain.people import age_now
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import (
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    PartyRole,
    incident_kinds_text,
    split_values,
)
from fieldcase.services.case_file import CaseFile, PartyView
from fieldcase.ui.formatting import (
    cell,
    due_text,
    label_of,
    local_datetime,
    short_date,
    strands_text,
)
from fieldcase.ui.widgets.tables import Row, ScreenfulTable, highlighted_key, refill


class CaseSection(Vertical):
    """A titled table of one kind of record on the case file."""

    TITLE = ""
    COLUMNS: tuple[str, ...] = ()
    TABLE_ID = ""

    @dataclass
    class EditRequested(Message):
        """The officer pressed Enter on a row: edit that record."""

        section: CaseSection
        record_id: uuid.UUID

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE, classes="section-title", id=f"{self.TABLE_ID}-title")
        yield ScreenfulTable(id=self.TABLE_ID, cursor_type="row")

    def on_mount(self) -> None:
        table = self.table
        for name in self.COLUMNS:
            table.add_column(name, key=name)

    @property
    def table(self) -> DataTable[Any]:
        """The section's table."""
        return self.query_one(DataTable)

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        """The rows to show for this case."""
        raise NotImplementedError

    def show(self, file: CaseFile, today: date) -> None:
        """Redraw the rows, keeping the highlight on the same record where it is still there."""
        refill(self.table, self.rows(file, today))

    @property
    def selected(self) -> uuid.UUID | None:
        """The highlighted record's id, if any."""
        key = highlighted_key(self.table)
        return uuid.UUID(key) if key else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.EditRequested(self, uuid.UUID(event.row_key.value)))


class PeopleSection(CaseSection):
    """Who is involved, in which role, where they live and how to reach them."""

    TITLE = "People"
    TABLE_ID = "people"
    COLUMNS = ("Role", "Name", "Engagement", "Lives at", "Contact", "Born or age")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._views: dict[str, PartyView] = {}
        self._case_property: Property | None = None

    def show(self, file: CaseFile, today: date) -> None:
        """Redraw, and say where the highlighted person lives and how to reach them."""
        self._views = {str(view.party.id): view for view in file.parties}
        self._case_property = file.property
        super().show(file, today)
        self._show_details()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()

    def _show_details(self) -> None:
        """The title names the highlighted person, where they live and how to reach them
        (on a narrow screen the table's columns for those are off to the right)."""
        title = self.query_one(".section-title", Static)
        view = self._views.get(str(self.selected))
        if view is None:
            title.update(self.TITLE)
            return
        where = _address(view, self._case_property) or "address not known"
        reach = _contact_details(view.person) or "no contact details"
        details = f"{one_line(view.person.full_name, 40)} · {where} · {one_line(reach)}"
        title.update(Content.assemble(self.TITLE, ("  ·  " + details, "not bold")))

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        return [
            (
                str(view.party.id),
                [
                    cell(_role_text(view.party.role, view.party.relationship), 40),
                    cell(view.person.full_name, 40, style="bold"),
                    cell(
                        label_of(Engagement, view.party.engagement) if view.party.engagement else ""
                    ),
                    _lives_at(view, file.property),
                    cell(_contact_details(view.person), 60),
                    cell(_born_or_age(view.person, today)),
                ],
            )
            for view in file.parties
        ]


def _role_text(role: str, relationship: str) -> str:
    """E.g. "Household member (son)"."""
    label = label_of(PartyRole, role)
    return f"{label} ({relationship})" if relationship else label


def _born_or_age(person: Person, today: date) -> str:
    """The date of birth, or "about 9" where only an age was given."""
    if person.date_of_birth is not None:
        return short_date(person.date_of_birth)
    if person.age_given is not None:
        return f"about {age_now(person.age_given, person.age_given_on, today)}"
    return ""


CASE_PROPERTY = "the case property"
"""Where someone lives when it is the address in the case file's header."""


def _address(view: PartyView, case_property: Property | None) -> str:
    """Where they live: their address, ``CASE_PROPERTY``, or blank when not known."""
    home = view.home
    if home is None:
        return ""
    if case_property is not None and home.id == case_property.id:
        return CASE_PROPERTY
    postcode = f", {home.postcode}" if home.postcode else ""
    return one_line(f"{home.address}{postcode}")


def _lives_at(view: PartyView, case_property: Property | None) -> Text:
    """The table's cell: the address, or in grey "the case property" or "not known"."""
    address = _address(view, case_property)
    if address in ("", CASE_PROPERTY):
        return Text(address or "not known", style="dim")
    return cell(address, 50)


def _contact_details(person: Person) -> str:
    """Safe number first (marked), then phone, email and when to call."""
    parts = [
        f"safe {person.safe_contact_number}" if person.safe_contact_number else "",
        person.phone,
        person.email,
        person.preferred_contact_times,
    ]
    return " · ".join(part.strip() for part in parts if part.strip())


class IncidentsSection(CaseSection):
    """What happened, newest first."""

    TITLE = "Incidents"
    TABLE_ID = "incidents"
    COLUMNS = ("When", "What", "Strands", "Where", "Crime no.", "Description")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        return [(str(inc.id), partial(_incident_cells, inc)) for inc in file.incidents]


def _incident_cells(inc: Incident) -> list[Text]:
    return [
        cell(local_datetime(inc.occurred_at)),
        cell(incident_kinds_text(inc.kinds, inc.other_kind), 30),
        cell(strands_text(split_values(inc.strands))),
        cell(inc.location, 25),
        cell(inc.police_crime_number),
        cell(inc.description, 50),
    ]


class ContactsSection(CaseSection):
    """Letters, calls, visits and messages: the engagement log."""

    TITLE = "Contacts (engagement log) · l log · a again · L letter to each alleged perpetrator"
    TABLE_ID = "contacts"
    COLUMNS = ("When", "How", "Way", "With", "Outcome", "Notes", "Officer")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        names = {v.person.id: v.person.full_name for v in file.parties}
        return [(str(con.id), partial(_contact_cells, con, names)) for con in file.contacts]


def _contact_cells(con: Contact, names: dict[uuid.UUID, str]) -> list[Text]:
    return [
        cell(local_datetime(con.at)),
        cell(label_of(ContactMethod, con.method)),
        cell(label_of(Direction, con.direction)),
        cell(names.get(con.person_id, "—") if con.person_id else "—", 25),
        cell(label_of(ContactOutcome, con.outcome) if con.outcome else ""),
        cell(con.notes, 40),
        cell(con.officer_name, 20),
    ]


class ActionsSection(CaseSection):
    """The agreed action plan: what, who, due, done."""

    TITLE = "Action plan"
    TABLE_ID = "actions"
    COLUMNS = ("Due", "What", "Who", "Done")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        rows: list[Row] = []
        for act in file.actions:
            done = act.done_on is not None
            rows.append(
                (
                    str(act.id),
                    [
                        due_text(act.due_on, today)
                        if not done
                        else Text(short_date(act.due_on, today)),
                        cell(act.what, 50, style="strike dim" if done else ""),
                        cell(act.who, 20),
                        cell(f"✓ {short_date(act.done_on, today)}" if done else ""),
                    ],
                )
            )
        return rows
