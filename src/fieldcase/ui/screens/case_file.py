"""The case file: header, people, incidents, contacts and the action plan.

The screen loads everything in one service call off the interface thread,
and every edit is one service call from its dialog; the sections draw.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from fieldcase.db.models import Action, Case, Contact, Entity, Incident, Person
from fieldcase.domain.policy import Policy
from fieldcase.domain.text import one_line
from fieldcase.domain.visits import VisitKind
from fieldcase.domain.vocab import CaseStatus, Category, PartyRole, split_values
from fieldcase.domain.when import format_when
from fieldcase.services import case_file, case_records, records
from fieldcase.services.case_file import CaseDetailsInput, PartyView
from fieldcase.services.case_overview import CaseOverview, case_overview
from fieldcase.services.case_records import ActionInput, ContactInput, IncidentInput, PersonInput
from fieldcase.services.errors import EditConflict, NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import (
    ActionDialog,
    CaseDetailsDialog,
    ContactDialog,
    EngagementDialog,
    IncidentDialog,
    PersonDialog,
)
from fieldcase.ui.dialogs.form import Reload, VersionedEdit
from fieldcase.ui.formatting import (
    due_text,
    label_of,
    local_datetime,
    risk_text,
    short_date,
    strands_text,
)
from fieldcase.ui.screens.case_file_keys import CASE_FILE_BINDINGS
from fieldcase.ui.screens.team_launch import can_move_cases, start_reassign
from fieldcase.ui.screens.visit_list import CaseVisitsScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.case_sections import (
    ActionsSection,
    CaseSection,
    ContactsSection,
    IncidentsSection,
    PeopleSection,
)


class CaseFileScreen(FieldcaseScreen[None]):
    """One case: who is involved, what happened, what was done, what is planned."""

    HELP = (
        "The case file. Tab moves between the people, incidents, contacts and action plan "
        "tables; Enter on a row edits it. The keys below add records or open the case's "
        "risk, visits, consent, disclosures, ABCs and audit history."
    )
    BINDINGS = CASE_FILE_BINDINGS

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.overview: CaseOverview | None = None
        """What the screen shows; None until the first load has finished."""
        self._viewed = False

    @property
    def file(self) -> case_file.CaseFile | None:
        """The case file shown, once loaded."""
        return self.overview.file if self.overview else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the case file…", id="case-header")
        with VerticalScroll(id="case-body"):
            yield PeopleSection(id="people-section")
            yield IncidentsSection(id="incidents-section")
            yield ContactsSection(id="contacts-section")
            yield ActionsSection(id="actions-section")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#case-body").loading = True
        self.query_one("#people").focus()
        self.refresh_file()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.refresh_file()

    @work(exclusive=True, group="case-file")
    async def refresh_file(self) -> None:
        """Reload the case off the interface thread, then redraw."""
        record_view = not self._viewed
        try:
            overview = await self.app.run_service(
                case_overview, self.case_id, now=self.app.now(), record_view=record_view
            )
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self._viewed = True
        self.overview = overview
        self._draw(overview)
        self.query_one("#case-body").loading = False

    @property
    def policy(self) -> Policy:
        """The organisation's policy, for due dates."""
        return self.app.settings.policy

    def header_lines(self, overview: CaseOverview) -> list[Content]:
        """The lines at the top of the case file."""
        c = overview.file.case
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
        prop = overview.file.property
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
        if overview.consent_line:
            lines.append(literal(overview.consent_line))
        lines.append(self._visits_line(overview))
        if c.summary:
            lines.append(Content.assemble("Summary: ", one_line(c.summary, 200)))
        return lines

    @staticmethod
    def _visits_line(overview: CaseOverview) -> Content:
        upcoming = overview.next_visit
        nxt = (
            f"next {format_when(upcoming.planned_at)} ({label_of(VisitKind, upcoming.kind)})"
            if upcoming
            else "none coming up"
        )
        parts = [Content(f"Visits: {nxt} · {overview.planned_visits} planned (V lists, v plans)")]
        if overview.cautions:
            kinds = ", ".join(overview.cautions)
            parts.append(Content.styled(f"  ⚠ Cautions: {kinds}", "bold red"))
        return Content.assemble(*parts)

    def _draw(self, overview: CaseOverview) -> None:
        self.query_one("#case-header", Static).update(
            Content("\n").join(self.header_lines(overview))
        )
        self.sub_title = overview.file.case.reference
        today = self.app.today()
        for section in self.query(CaseSection):
            section.show(overview.file, today)

    def _after_dialog(self, result: object) -> None:
        if result is not None:
            self.refresh_file()

    def _section(self, kind: type[CaseSection]) -> CaseSection:
        return self.query_one(kind)

    def _party(self, party_id: uuid.UUID | None) -> PartyView | None:
        if party_id is None or self.file is None:
            return None
        return next((v for v in self.file.parties if v.party.id == party_id), None)

    def _people_choices(self) -> list[tuple[str, uuid.UUID]]:
        assert self.file is not None
        return [
            (f"{v.person.full_name} ({label_of(PartyRole, v.party.role)})", v.person.id)
            for v in self.file.parties
        ]

    def action_back(self) -> None:
        """Back to the caseload."""
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reassigning is offered to a supervisor on a team server only."""
        return can_move_cases(self.app) if action == "reassign" else True

    def action_reassign(self) -> None:
        """Give the case to another officer (a supervisor, on a team server)."""
        if self.file is not None:
            start_reassign(self.app, self.file.case, self.refresh_file)

    def action_audit(self) -> None:
        """Show the case's audit history."""
        from fieldcase.ui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.case_id))

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
        now = self.app.now()

        async def save(data: IncidentInput) -> object:
            return await self.app.run_service(
                case_records.add_incident, self.case_id, data, policy=self.policy, now=now
            )

        self.app.push_screen(IncidentDialog(save, now=now), self._after_dialog)

    def action_log_contact(self) -> None:
        """Log a contact."""
        if self.file is None:
            return
        now = self.app.now()

        async def save(data: ContactInput) -> object:
            return await self.app.run_service(
                case_records.add_contact,
                self.case_id,
                data,
                officer_name=self.app.officer_name,
                policy=self.policy,
                now=now,
            )

        self.app.push_screen(
            ContactDialog(save, now=now, people=self._people_choices()), self._after_dialog
        )

    def action_add_person(self) -> None:
        """Add a person to the case."""

        async def save(data: PersonInput) -> object:
            return await self.app.run_service(
                case_records.add_person, self.case_id, data, policy=self.policy
            )

        self.app.push_screen(PersonDialog(save, today=self.app.today()), self._after_dialog)

    def action_add_action(self) -> None:
        """Add an item to the action plan."""

        async def save(data: ActionInput) -> object:
            return await self.app.run_service(case_records.add_action, self.case_id, data)

        self.app.push_screen(ActionDialog(save, today=self.app.today()), self._after_dialog)

    def action_plan_visit(self) -> None:
        """Plan a visit on this case."""
        self.app.push_screen(VisitPlanScreen(self.case_id), self._after_dialog)

    def action_list_visits(self) -> None:
        """List this case's visits."""
        self.app.push_screen(CaseVisitsScreen(self.case_id))

    def action_set_engagement(self) -> None:
        """Record the highlighted perpetrator's engagement status."""
        view = self._party(self._section(PeopleSection).selected)
        if view is None or view.party.role != PartyRole.PERPETRATOR:
            self.notify("Highlight an alleged perpetrator in People first.", severity="warning")
            self.query_one("#people").focus()
            return
        party_id = view.party.id

        async def save(engagement: str) -> object:
            return await self.app.run_service(case_records.set_engagement, party_id, engagement)

        self.app.push_screen(
            EngagementDialog(save, name=view.person.full_name, current=view.party.engagement),
            self._after_dialog,
        )

    def action_toggle_done(self) -> None:
        """Mark the highlighted action done, or not done."""
        action_id = self._section(ActionsSection).selected
        if action_id is None or self.file is None:
            return
        action = next(a for a in self.file.actions if a.id == action_id)
        self._set_done(action.id, action.version, done=action.done_on is None)

    @work(exclusive=True, group="case-file-done")
    async def _set_done(self, action_id: uuid.UUID, version: int, *, done: bool) -> None:
        try:
            await self.app.run_service(
                case_records.set_action_done,
                action_id,
                version,
                done_on=self.app.today() if done else None,
            )
        except (EditConflict, NotFound) as exc:
            self.notify(f"{exc} The case file now shows the latest.", severity="warning")
        self.refresh_file()

    def action_edit_case(self) -> None:
        """Edit the case details."""
        if self.file is None:
            return
        c = self.file.case
        case_id = c.id

        async def save(data: CaseDetailsInput, version: int) -> object:
            return await self.app.run_service(
                case_file.update_case_details,
                case_id,
                version,
                data,
                policy=self.policy,
                today=self.app.today(),
            )

        initial = CaseDetailsInput(
            category=c.category,
            strands=split_values(c.strands),
            status=c.status,
            police_refs=c.police_refs,
            summary=c.summary,
        )
        edit = VersionedEdit(c.version, save, self._latest(Case, case_id))
        self.app.push_screen(
            CaseDetailsDialog(edit.save, initial=initial, reload=edit.reload), self._after_dialog
        )

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

        highlighted = self._party(self._section(PeopleSection).selected)
        open_ladder(self, self.case_id, highlighted.person.id if highlighted else None)

    @on(CaseSection.EditRequested)
    def edit_row(self, event: CaseSection.EditRequested) -> None:
        """Enter on a row edits it."""
        if self.file is None:
            return
        if isinstance(event.section, PeopleSection):
            self._edit_person(event.record_id)
        elif isinstance(event.section, IncidentsSection):
            self._edit_incident(event.record_id)
        elif isinstance(event.section, ContactsSection):
            self._edit_contact(event.record_id)
        elif isinstance(event.section, ActionsSection):
            self._edit_action(event.record_id)

    def _edit_person(self, party_id: uuid.UUID) -> None:
        view = self._party(party_id)
        if view is None:
            return
        person = view.person
        person_id = person.id

        async def save(data: PersonInput, version: int) -> object:
            return await self.app.run_service(
                case_records.update_person, person_id, version, data, policy=self.policy
            )

        initial = PersonInput(
            role=PartyRole(view.party.role),
            full_name=person.full_name,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            safe_contact_number=person.safe_contact_number,
            preferred_contact_times=person.preferred_contact_times,
            notes=person.notes,
            not_for_disclosure=person.not_for_disclosure,
        )
        edit = VersionedEdit(person.version, save, self._latest(Person, person_id))
        dialog = PersonDialog(
            edit.save, today=self.app.today(), initial=initial, role_fixed=True, reload=edit.reload
        )
        self.app.push_screen(dialog, self._after_dialog)

    def _edit_incident(self, incident_id: uuid.UUID) -> None:
        assert self.file is not None
        inc = next(i for i in self.file.incidents if i.id == incident_id)
        now: datetime = self.app.now()

        async def save(data: IncidentInput, version: int) -> object:
            return await self.app.run_service(
                case_records.update_incident, incident_id, version, data, now=now
            )

        initial = IncidentInput(
            occurred_at=inc.occurred_at,
            kinds=split_values(inc.kinds),
            strands=split_values(inc.strands),
            location=inc.location,
            who=inc.who,
            police_crime_number=inc.police_crime_number,
            description=inc.description,
            other_kind=inc.other_kind,
            not_for_disclosure=inc.not_for_disclosure,
        )
        edit = VersionedEdit(inc.version, save, self._latest(Incident, incident_id))
        self.app.push_screen(
            IncidentDialog(edit.save, now=now, initial=initial, reload=edit.reload),
            self._after_dialog,
        )

    def _edit_contact(self, contact_id: uuid.UUID) -> None:
        assert self.file is not None
        con = next(c for c in self.file.contacts if c.id == contact_id)
        now = self.app.now()

        async def save(data: ContactInput, version: int) -> object:
            return await self.app.run_service(
                case_records.update_contact, contact_id, version, data, policy=self.policy, now=now
            )

        initial = ContactInput(
            at=con.at,
            method=con.method,
            direction=con.direction,
            person_id=con.person_id,
            outcome=con.outcome,
            notes=con.notes,
            not_for_disclosure=con.not_for_disclosure,
            consent_override_reason=con.consent_override_reason,
        )
        edit = VersionedEdit(con.version, save, self._latest(Contact, contact_id))
        people = self._people_choices()
        self.app.push_screen(
            ContactDialog(edit.save, now=now, people=people, initial=initial, reload=edit.reload),
            self._after_dialog,
        )

    def _edit_action(self, action_id: uuid.UUID) -> None:
        assert self.file is not None
        act = next(a for a in self.file.actions if a.id == action_id)

        async def save(data: ActionInput, version: int) -> object:
            return await self.app.run_service(case_records.update_action, action_id, version, data)

        initial = ActionInput(what=act.what, who=act.who, due_on=act.due_on, done_on=act.done_on)
        edit = VersionedEdit(act.version, save, self._latest(Action, action_id))
        self.app.push_screen(
            ActionDialog(edit.save, today=self.app.today(), initial=initial, reload=edit.reload),
            self._after_dialog,
        )

    def _latest(self, model: type[Entity], record_id: uuid.UUID) -> Reload:
        """Fetches the version a record has now, for a form reloading after a conflict."""

        async def latest() -> int:
            return await self.app.run_service(records.current_version, model, record_id)

        return latest
