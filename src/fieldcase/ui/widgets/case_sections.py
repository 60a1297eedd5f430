"""The case file's sections: people, incidents, contacts and the action plan.

Each section owns its table and columns, keeps the highlight on the row the
officer left it on across reloads, and asks for an edit by message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from fieldcase.domain.vocab import (
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    PartyRole,
    incident_kinds_text,
    split_values,
)
from fieldcase.services.case_file import CaseFile
from fieldcase.ui.formatting import (
    cell,
    due_text,
    label_of,
    local_datetime,
    short_date,
    strands_text,
)
from fieldcase.ui.widgets.tables import Row, highlighted_key, refill


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
        yield Static(self.TITLE, classes="section-title")
        yield DataTable(id=self.TABLE_ID, cursor_type="row")

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
    """Who is involved, in which role."""

    TITLE = "People"
    TABLE_ID = "people"
    COLUMNS = ("Role", "Name", "Engagement", "Safe number", "Phone", "Born")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        return [
            (
                str(view.party.id),
                [
                    cell(label_of(PartyRole, view.party.role)),
                    cell(view.person.full_name, 40, style="bold"),
                    cell(
                        label_of(Engagement, view.party.engagement) if view.party.engagement else ""
                    ),
                    cell(view.person.safe_contact_number),
                    cell(view.person.phone),
                    cell(
                        short_date(view.person.date_of_birth) if view.person.date_of_birth else ""
                    ),
                ],
            )
            for view in file.parties
        ]


class IncidentsSection(CaseSection):
    """What happened, newest first."""

    TITLE = "Incidents"
    TABLE_ID = "incidents"
    COLUMNS = ("When", "What", "Strands", "Where", "Crime no.", "Description")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        return [
            (
                str(inc.id),
                [
                    cell(local_datetime(inc.occurred_at)),
                    cell(incident_kinds_text(inc.kinds, inc.other_kind), 30),
                    cell(strands_text(split_values(inc.strands))),
                    cell(inc.location, 25),
                    cell(inc.police_crime_number),
                    cell(inc.description, 50),
                ],
            )
            for inc in file.incidents
        ]


class ContactsSection(CaseSection):
    """Letters, calls, visits and messages: the engagement log."""

    TITLE = "Contacts (engagement log)"
    TABLE_ID = "contacts"
    COLUMNS = ("When", "How", "Way", "With", "Outcome", "Notes", "Officer")

    def rows(self, file: CaseFile, today: date) -> list[Row]:
        names = {v.person.id: v.person.full_name for v in file.parties}
        return [
            (
                str(con.id),
                [
                    cell(local_datetime(con.at)),
                    cell(label_of(ContactMethod, con.method)),
                    cell(label_of(Direction, con.direction)),
                    cell(names.get(con.person_id, "—") if con.person_id else "—", 25),
                    cell(label_of(ContactOutcome, con.outcome) if con.outcome else ""),
                    cell(con.notes, 40),
                    cell(con.officer_name, 20),
                ],
            )
            for con in file.contacts
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
