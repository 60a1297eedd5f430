"""The case file: header, people, incidents, contacts and the action plan."""

from __future__ import annotations

import uuid
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Header, Static

from fieldcase.db.models import Case
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    IncidentType,
    PartyRole,
    split_values,
)
from fieldcase.services import case_file, case_records
from fieldcase.services.case_file import CaseFile
from fieldcase.services.case_records import IncidentInput, PersonInput
from fieldcase.services.consent import consent_summary
from fieldcase.services.errors import EditConflict, NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import (
    ActionDialog,
    ActionForm,
    CaseDetailsDialog,
    CaseDetailsForm,
    ContactDialog,
    ContactForm,
    EngagementDialog,
    IncidentDialog,
    IncidentForm,
    PersonDialog,
    PersonForm,
)
from fieldcase.ui.formatting import (
    cell,
    due_text,
    label_of,
    local_datetime,
    risk_text,
    short_date,
    strands_text,
)
from fieldcase.ui.screens.visit_list import CaseVisitsScreen, case_visits_line
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from fieldcase.ui.text import literal


def _labels(enum: Any, stored: str) -> str:
    return ", ".join(label_of(enum, v) for v in split_values(stored))


class CaseFileScreen(FieldcaseScreen[None]):
    """One case: who is involved, what happened, what was done, what is planned."""

    HELP = (
        "The case file. Tab moves between the people, incidents, contacts and action plan "
        "tables; Enter on a row edits it. The keys below add records or open the case's "
        "risk, visits, consent, disclosures, ABCs and audit history."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the caseload"),
        Binding(
            "i",
            "add_incident",
            "Incident",
            id="add-incident",
            tooltip="Record a new report on this case as an incident",
        ),
        Binding(
            "l",
            "log_contact",
            "Log contact",
            id="log-contact",
            tooltip="Log a letter, call, visit or message",
        ),
        Binding(
            "p",
            "add_person",
            "Person",
            id="add-person",
            show=False,
            tooltip="Add a victim, household member, perpetrator, witness or contact",
        ),
        Binding(
            "t",
            "add_action",
            "Action",
            id="add-action",
            show=False,
            tooltip="Add to the action plan",
        ),
        Binding(
            "v",
            "plan_visit",
            "Plan visit",
            id="plan-visit",
            tooltip="Plan a visit and its safety plan",
        ),
        Binding(
            "V", "list_visits", "Visits", id="list-visits", show=False, tooltip="This case's visits"
        ),
        Binding(
            "r",
            "assess_risk",
            "Assess risk",
            id="assess-risk",
            tooltip="Assess a victim's risk (or resume an unfinished assessment)",
        ),
        Binding(
            "R",
            "risk_history",
            "Risk history",
            id="risk-history",
            show=False,
            tooltip="Show how a victim's risk level changed over time",
        ),
        Binding(
            "g",
            "set_engagement",
            "Engagement",
            id="set-engagement",
            show=False,
            tooltip="Record the highlighted perpetrator's engagement",
        ),
        Binding(
            "x",
            "toggle_done",
            "Done",
            id="toggle-done",
            show=False,
            tooltip="Mark the highlighted action done (or not done)",
        ),
        Binding(
            "c",
            "consent",
            "Consent",
            id="consent",
            show=False,
            tooltip="Record or review the victim's consent",
        ),
        Binding(
            "d",
            "disclosures",
            "Disclosures",
            id="disclosures",
            show=False,
            tooltip="Open the disclosure log: what was shared, with whom, and why",
        ),
        Binding(
            "b",
            "abcs",
            "ABCs",
            id="abc",
            tooltip="Acceptable Behaviour Contracts on this case: draw up, review, breaches",
        ),
        Binding(
            "e",
            "ladder",
            "Ladder",
            id="ladder",
            show=False,
            tooltip="Enforcement ladder of the highlighted (or only) alleged perpetrator",
        ),
        Binding(
            "u",
            "edit_case",
            "Details",
            id="edit-case",
            show=False,
            tooltip="Edit category, strands, status, police references and summary",
        ),
        Binding(
            "h",
            "audit",
            "History",
            id="audit",
            show=False,
            tooltip="Show who created, changed or opened what in this case, newest first",
        ),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.file: CaseFile | None = None
        self._first_load = True
        self.consent_line = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="case-header")
        with VerticalScroll(id="case-body"):
            yield Static("People", classes="section-title")
            yield DataTable(id="people", cursor_type="row")
            yield Static("Incidents", classes="section-title")
            yield DataTable(id="incidents", cursor_type="row")
            yield Static("Contacts (engagement log)", classes="section-title")
            yield DataTable(id="contacts", cursor_type="row")
            yield Static("Action plan", classes="section-title")
            yield DataTable(id="actions", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self._columns("#people", "Role", "Name", "Engagement", "Safe number", "Phone", "Born")
        self._columns("#incidents", "When", "What", "Strands", "Where", "Crime no.", "Description")
        self._columns("#contacts", "When", "How", "Way", "With", "Outcome", "Notes", "Officer")
        self._columns("#actions", "Due", "What", "Who", "Done")
        self.refresh_file()
        self.query_one("#people").focus()

    def on_screen_resume(self) -> None:
        if not self._first_load:
            self.refresh_file()

    def _columns(self, selector: str, *names: str) -> None:
        table = self.query_one(selector, DataTable)
        for name in names:
            table.add_column(name, key=name)

    def action_audit(self) -> None:
        """Show the case's audit history."""
        from fieldcase.ui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.case_id))

    def refresh_file(self) -> None:
        """Reload the case from the database and redraw."""
        with self.app.store.transaction() as session:
            self.file = case_file.load_case_file(
                session, self.case_id, record_view=self._first_load
            )
            self.consent_line = consent_summary(session, self.case_id)
        self._first_load = False
        self._draw()

    def header_lines(self, file: CaseFile) -> list[Content]:
        """The lines at the top of the case file."""
        c = file.case
        today = self.app.today()
        title = Content.assemble(
            (c.reference, "bold"),
            "  ·  ",
            label_of(Category, c.category),
            "  ·  ",
            strands_text(split_values(c.strands)) or "no hate strand",
            "  ·  ",
            (label_of(CaseStatus, c.status), "bold"),
            "  ·  Risk: ",
            Content.from_rich_text(risk_text(c.risk_level)),
            "  ·  Officer: ",
            one_line(c.officer_name),
        )
        prop = file.property
        place = one_line(prop.address) if prop else "no property recorded"
        postcode = f", {one_line(prop.postcode)}" if prop and prop.postcode else ""
        second = Content.assemble(
            "Property: ",
            place + postcode,
            "  ·  Police refs: ",
            one_line(c.police_refs) or "none",
            "  ·  Opened ",
            short_date(c.opened_on, today),
        )
        third = Content.assemble(
            "Next contact due: ",
            Content.from_rich_text(due_text(c.next_contact_due, today)),
            "  ·  Last contact with victim: ",
            local_datetime(c.last_contact_at) if c.last_contact_at else "none yet",
            "  ·  Risk review: ",
            Content.from_rich_text(due_text(c.review_due, today)) if c.review_due else "—",
        )
        lines = [title, second, third]
        if self.consent_line:
            lines.append(literal(self.consent_line))
        lines.append(case_visits_line(self.app, c.id))
        if c.summary:
            lines.append(Content.assemble("Summary: ", one_line(c.summary, 200)))
        return lines

    def _draw(self) -> None:
        file = self.file
        assert file is not None
        header = Content("\n").join(self.header_lines(file))
        self.query_one("#case-header", Static).update(header)
        self.sub_title = file.case.reference
        today = self.app.today()

        people = self.query_one("#people", DataTable)
        people.clear()
        for view in file.parties:
            person, party = view.person, view.party
            people.add_row(
                cell(label_of(PartyRole, party.role)),
                cell(person.full_name, 40, style="bold"),
                cell(label_of(Engagement, party.engagement) if party.engagement else ""),
                cell(person.safe_contact_number),
                cell(person.phone),
                cell(short_date(person.date_of_birth) if person.date_of_birth else ""),
                key=str(party.id),
            )
        incidents = self.query_one("#incidents", DataTable)
        incidents.clear()
        for inc in file.incidents:
            incidents.add_row(
                cell(local_datetime(inc.occurred_at)),
                cell(_labels(IncidentType, inc.kinds), 30),
                cell(strands_text(split_values(inc.strands))),
                cell(inc.location, 25),
                cell(inc.police_crime_number),
                cell(inc.description, 50),
                key=str(inc.id),
            )
        names = {v.person.id: v.person.full_name for v in file.parties}
        contacts = self.query_one("#contacts", DataTable)
        contacts.clear()
        for con in file.contacts:
            contacts.add_row(
                cell(local_datetime(con.at)),
                cell(label_of(ContactMethod, con.method)),
                cell(label_of(Direction, con.direction)),
                cell(names.get(con.person_id, "—") if con.person_id else "—", 25),
                cell(label_of(ContactOutcome, con.outcome) if con.outcome else ""),
                cell(con.notes, 40),
                cell(con.officer_name, 20),
                key=str(con.id),
            )
        actions = self.query_one("#actions", DataTable)
        actions.clear()
        for act in file.actions:
            done = act.done_on is not None
            actions.add_row(
                due_text(act.due_on, today) if not done else Text(short_date(act.due_on, today)),
                cell(act.what, 50, style="strike dim" if done else ""),
                cell(act.who, 20),
                cell(f"✓ {short_date(act.done_on, today)}" if done else ""),
                key=str(act.id),
            )

    def _selected_key(self, selector: str) -> uuid.UUID | None:
        table = self.query_one(selector, DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return uuid.UUID(key) if key else None

    def _transaction(self) -> Any:
        return self.app.store.transaction()

    @property
    def policy(self) -> Any:
        return self.app.settings.policy

    def _after_dialog(self, result: object) -> None:
        if result is not None:
            self.refresh_file()

    def action_back(self) -> None:
        """Back to the caseload."""
        self.dismiss(None)

    def action_assess_risk(self) -> None:
        """Assess a victim's risk."""
        from fieldcase.ui.screens.risk_launch import start_risk_assessment

        start_risk_assessment(self.app, self.case_id)

    def action_risk_history(self) -> None:
        """Show a victim's risk history."""
        from fieldcase.ui.screens.risk_launch import open_risk_history

        open_risk_history(self.app, self.case_id)

    def action_add_incident(self) -> None:
        """Record a new report on this case."""

        def save(form: IncidentForm) -> object:
            with self._transaction() as session:
                return case_records.add_incident(
                    session,
                    self.case_id,
                    IncidentInput(**vars(form)),
                    policy=self.policy,
                    now=self.app.now(),
                )

        self.app.push_screen(
            IncidentDialog(save, now=self.app.now()),
            self._after_dialog,
        )

    def _people_choices(self) -> list[tuple[str, uuid.UUID]]:
        assert self.file is not None
        return [
            (f"{v.person.full_name} ({label_of(PartyRole, v.party.role)})", v.person.id)
            for v in self.file.parties
        ]

    def action_log_contact(self) -> None:
        """Log a contact."""

        def save(form: ContactForm) -> object:
            with self._transaction() as session:
                return case_records.add_contact(
                    session,
                    self.case_id,
                    at=form.at,
                    method=form.method,
                    direction=form.direction,
                    person_id=form.person_id,
                    outcome=form.outcome,
                    notes=form.notes,
                    officer_name=self.app.officer_name,
                    policy=self.policy,
                    now=self.app.now(),
                )

        self.app.push_screen(
            ContactDialog(save, now=self.app.now(), people=self._people_choices()),
            self._after_dialog,
        )

    def action_add_person(self) -> None:
        """Add a person to the case."""

        def save(form: PersonForm) -> object:
            with self._transaction() as session:
                party = case_records.add_party(
                    session,
                    self.case_id,
                    PersonInput(
                        full_name=form.full_name,
                        role=PartyRole(form.role),
                        date_of_birth=form.date_of_birth,
                        phone=form.phone,
                        safe_contact_number=form.safe_contact_number,
                        preferred_contact_times=form.preferred_contact_times,
                        address=form.address,
                        notes=form.notes,
                    ),
                    property_id=self.file.case.property_id if self.file else None,
                )
                case = session.get(Case, self.case_id)
                if case is not None:
                    case_file.refresh_case(session, case, self.policy)
                return party

        self.app.push_screen(
            PersonDialog(save, today=self.app.today()),
            self._after_dialog,
        )

    def action_add_action(self) -> None:
        """Add an item to the action plan."""

        def save(form: ActionForm) -> object:
            with self._transaction() as session:
                action = case_records.add_action(
                    session, self.case_id, what=form.what, who=form.who, due_on=form.due_on
                )
                action.done_on = form.done_on
                return action

        self.app.push_screen(
            ActionDialog(save, today=self.app.today()),
            self._after_dialog,
        )

    def action_plan_visit(self) -> None:
        """Plan a visit on this case."""
        self.app.push_screen(VisitPlanScreen(self.case_id), self._after_dialog)

    def action_list_visits(self) -> None:
        """List this case's visits."""
        self.app.push_screen(CaseVisitsScreen(self.case_id))

    def action_set_engagement(self) -> None:
        """Record the highlighted perpetrator's engagement status."""
        party_id = self._selected_key("#people")
        view = self._party(party_id)
        if view is None or view.party.role != PartyRole.PERPETRATOR:
            self.notify("Highlight an alleged perpetrator in People first.", severity="warning")
            self.query_one("#people").focus()
            return

        def save(engagement: str) -> object:
            with self._transaction() as session:
                return case_records.set_engagement(session, view.party.id, engagement)

        self.app.push_screen(
            EngagementDialog(save, name=view.person.full_name, current=view.party.engagement),
            self._after_dialog,
        )

    def action_toggle_done(self) -> None:
        """Mark the highlighted action done, or not done."""
        action_id = self._selected_key("#actions")
        if action_id is None or self.file is None:
            return
        action = next(a for a in self.file.actions if a.id == action_id)
        try:
            with self._transaction() as session:
                case_records.update_action(
                    session,
                    action.id,
                    action.version,
                    what=action.what,
                    who=action.who,
                    due_on=action.due_on,
                    done_on=None if action.done_on else self.app.today(),
                )
        except (EditConflict, NotFound) as exc:
            self.notify(f"{exc} The case file now shows the latest.", severity="warning")
        self.refresh_file()

    def action_edit_case(self) -> None:
        """Edit the case details."""
        assert self.file is not None
        c = self.file.case

        def save(form: CaseDetailsForm) -> object:
            with self._transaction() as session:
                return case_file.update_case_details(
                    session,
                    c.id,
                    c.version,
                    category=form.category,
                    strands=form.strands,
                    status=form.status,
                    police_refs=form.police_refs,
                    summary=form.summary,
                    policy=self.policy,
                    today=self.app.today(),
                )

        initial = CaseDetailsForm(
            category=c.category,
            strands=split_values(c.strands),
            status=c.status,
            police_refs=c.police_refs,
            summary=c.summary,
        )
        self.app.push_screen(CaseDetailsDialog(save, initial=initial), self._after_dialog)

    def action_consent(self) -> None:
        """Open the victim's consent."""
        from fieldcase.ui.screens.consent import ConsentScreen

        self.app.push_screen(ConsentScreen(self.case_id))

    def action_disclosures(self) -> None:
        """Open the disclosure log."""
        from fieldcase.ui.screens.disclosures import DisclosureLogScreen

        self.app.push_screen(DisclosureLogScreen(self.case_id))

    def action_abcs(self) -> None:
        """Open the ABCs on this case."""
        from fieldcase.ui.screens.abc_list import AbcListScreen

        self.app.push_screen(AbcListScreen(self.case_id))

    def action_ladder(self) -> None:
        """Open the enforcement ladder of an alleged perpetrator."""
        from fieldcase.ui.screens.ladder import open_ladder

        highlighted = self._party(self._selected_key("#people"))
        open_ladder(self, self.case_id, highlighted.person.id if highlighted else None)

    def _party(self, party_id: uuid.UUID | None) -> case_file.PartyView | None:
        if party_id is None or self.file is None:
            return None
        return next((v for v in self.file.parties if v.party.id == party_id), None)

    @on(DataTable.RowSelected)
    def edit_row(self, event: DataTable.RowSelected) -> None:
        """Enter on a row edits it."""
        if self.file is None or not event.row_key.value:
            return
        row_id = uuid.UUID(event.row_key.value)
        table_id = event.data_table.id
        if table_id == "people":
            self._edit_person(row_id)
        elif table_id == "incidents":
            self._edit_incident(row_id)
        elif table_id == "contacts":
            self._edit_contact(row_id)
        elif table_id == "actions":
            self._edit_action(row_id)

    def _edit_person(self, party_id: uuid.UUID) -> None:
        view = self._party(party_id)
        if view is None:
            return
        person = view.person

        def save(form: PersonForm) -> object:
            with self._transaction() as session:
                return case_records.update_person(
                    session,
                    person.id,
                    person.version,
                    PersonInput(
                        full_name=form.full_name,
                        date_of_birth=form.date_of_birth,
                        phone=form.phone,
                        safe_contact_number=form.safe_contact_number,
                        preferred_contact_times=form.preferred_contact_times,
                        notes=form.notes,
                    ),
                    policy=self.policy,
                )

        initial = PersonForm(
            role=view.party.role,
            full_name=person.full_name,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            safe_contact_number=person.safe_contact_number,
            preferred_contact_times=person.preferred_contact_times,
            address="",
            notes=person.notes,
        )
        self.app.push_screen(
            PersonDialog(save, today=self.app.today(), initial=initial, role_fixed=True),
            self._after_dialog,
        )

    def _edit_incident(self, incident_id: uuid.UUID) -> None:
        assert self.file is not None
        inc = next(i for i in self.file.incidents if i.id == incident_id)

        def save(form: IncidentForm) -> object:
            with self._transaction() as session:
                return case_records.update_incident(
                    session,
                    inc.id,
                    inc.version,
                    IncidentInput(**vars(form)),
                    now=self.app.now(),
                )

        initial = IncidentForm(
            occurred_at=inc.occurred_at,
            kinds=split_values(inc.kinds),
            strands=split_values(inc.strands),
            location=inc.location,
            who=inc.who,
            police_crime_number=inc.police_crime_number,
            description=inc.description,
        )
        self.app.push_screen(
            IncidentDialog(save, now=self.app.now(), initial=initial),
            self._after_dialog,
        )

    def _edit_contact(self, contact_id: uuid.UUID) -> None:
        assert self.file is not None
        con = next(c for c in self.file.contacts if c.id == contact_id)

        def save(form: ContactForm) -> object:
            with self._transaction() as session:
                return case_records.update_contact(
                    session,
                    con.id,
                    con.version,
                    policy=self.policy,
                    now=self.app.now(),
                    **vars(form),
                )

        initial = ContactForm(
            at=con.at,
            method=con.method,
            direction=con.direction,
            person_id=con.person_id,
            outcome=con.outcome,
            notes=con.notes,
        )
        self.app.push_screen(
            ContactDialog(
                save,
                now=self.app.now(),
                people=self._people_choices(),
                initial=initial,
            ),
            self._after_dialog,
        )

    def _edit_action(self, action_id: uuid.UUID) -> None:
        assert self.file is not None
        act = next(a for a in self.file.actions if a.id == action_id)

        def save(form: ActionForm) -> object:
            with self._transaction() as session:
                return case_records.update_action(session, act.id, act.version, **vars(form))

        initial = ActionForm(what=act.what, who=act.who, due_on=act.due_on, done_on=act.done_on)
        self.app.push_screen(
            ActionDialog(save, today=self.app.today(), initial=initial),
            self._after_dialog,
        )
