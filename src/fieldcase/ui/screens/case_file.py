"""The case file: header, people, incidents, contacts and the action plan.

The screen loads everything in one service call off the interface thread,
and every edit is one service call from its dialog; the sections draw.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static
from textual.worker import Worker

from fieldcase.db.models import Action, Case, Entity, Incident, Person
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, ContactMethod, PartyRole, split_values
from fieldcase.services import case_file, case_records, record_inputs, records
from fieldcase.services.case_file import CaseDetailsInput, PartyView
from fieldcase.services.case_overview import CaseOverview, case_overview
from fieldcase.services.case_records import ActionInput, ContactInput, IncidentInput, PersonInput
from fieldcase.services.errors import EditConflict, NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.case_items import (
    ActionDialog,
    CaseDetailsDialog,
    EngagementDialog,
    IncidentDialog,
)
from fieldcase.ui.dialogs.form import FormDialog, Reload, VersionedEdit
from fieldcase.ui.dialogs.person import PersonDialog, stored_person
from fieldcase.ui.screens import case_contacts, case_letters
from fieldcase.ui.screens.case_file_keys import CASE_FILE_BINDINGS
from fieldcase.ui.screens.case_header import header_lines
from fieldcase.ui.screens.team_launch import can_move_cases, start_reassign
from fieldcase.ui.screens.visit_list import CaseVisitsScreen
from fieldcase.ui.screens.visit_plan import VisitPlanScreen
from fieldcase.ui.widgets.case_sections import (
    ActionsSection,
    CaseSection,
    ContactsSection,
    IncidentsSection,
    PeopleSection,
)
from fieldcase.ui.widgets.footer import Footer

Kept = TypeVar("Kept", bound=FormDialog[Any, Any])
"""A dialog pushed from the case file."""


_ACTION_FOR_KEY = {
    key: binding.action
    for binding in CASE_FILE_BINDINGS
    if isinstance(binding, Binding) and binding.action != "back"
    for key in binding.key.split(",")
}
"""The case keys that act on the case, by key (Esc, which leaves, is not one)."""


class CaseFileScreen(FieldcaseScreen[None]):
    """One case: who is involved, what happened, what was done, what is planned."""

    HELP = (
        "The case file. Tab moves between the people, incidents, contacts and action plan "
        "tables; Enter on a row edits it. The keys below add records or open the case's "
        "risk, visits, consent, disclosures, ABCs and audit history."
    )
    BINDINGS = CASE_FILE_BINDINGS

    def __init__(self, case_id: uuid.UUID, *, then: str | None = None) -> None:
        """Show a case; ``then`` names an action to run once it has loaded (e.g. a form)."""
        super().__init__()
        self.case_id = case_id
        self._then = then
        self.overview: CaseOverview | None = None
        """What the screen shows; None until the first load has finished."""
        self._viewed = False
        self._first_load: Worker[None] | None = None

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
        self._first_load = self.refresh_file()

    def on_key(self, event: events.Key) -> None:
        """A case key typed while the case is still opening acts once it has opened.

        The officer who presses ``l`` as the case file appears gets the contact
        form, and the keys typed after it wait for the form. Esc still leaves at
        once, and keys typed before any case key are not held up.
        """
        if self.overview is not None or self._then is not None:
            return
        action = _ACTION_FOR_KEY.get(event.key)
        if action is None:
            return
        event.stop()
        event.prevent_default()
        self._then = action
        if self._first_load is not None:
            self.app.keys_wait_for(self._first_load)

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.refresh_file()

    @work(exclusive=True, group="case-file")
    async def refresh_file(self) -> None:
        """Reload the case off the interface thread, then redraw."""
        record_view = not self._viewed
        try:
            overview = await self.app.run_service(
                case_overview,
                self.case_id,
                now=self.app.now(),
                record_view=record_view,
                policy=self.policy,
            )
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self._viewed = True
        self.overview = overview
        self._draw(overview)
        self.refresh_bindings()
        self.query_one("#case-body").loading = False
        then, self._then = self._then, None
        if then is not None and self.check_action(then, ()):
            getattr(self, f"action_{then}")()

    @property
    def policy(self) -> Policy:
        """The organisation's policy, for due dates."""
        return self.app.settings.policy

    def _draw(self, overview: CaseOverview) -> None:
        self.query_one("#case-header", Static).update(
            Content("\n").join(header_lines(overview, self.app.today()))
        )
        self.sub_title = overview.file.case.reference
        today = self.app.today()
        for section in self.query(CaseSection):
            section.show(overview.file, today)

    def after_dialog(self, result: object) -> None:
        """Redraw once a dialog has saved something."""
        if result is not None:
            self.refresh_file()

    def _section(self, kind: type[CaseSection]) -> CaseSection:
        return self.query_one(kind)

    def _party(self, party_id: uuid.UUID | None) -> PartyView | None:
        if party_id is None or self.file is None:
            return None
        return next((v for v in self.file.parties if v.party.id == party_id), None)

    def action_back(self) -> None:
        """Back to the caseload."""
        self.dismiss(None)

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

        strands = split_values(self.file.case.strands) if self.file else []
        dialog = IncidentDialog(save, now=now, case_strands=strands)
        self.app.push_screen(self.kept(dialog, "incident", "New incident"), self.after_dialog)

    def action_log_contact(self) -> None:
        """Log a contact, with the person highlighted in People."""
        highlighted = self._party(self._section(PeopleSection).selected)
        start = ContactInput(
            at=self.app.now(),
            method=ContactMethod.LETTER,
            person_id=highlighted.person.id if highlighted else None,
        )
        case_contacts.log_contact(self, start)

    def action_letter_to_each(self) -> None:
        """Log a letter to each alleged perpetrator still at their address."""
        case_contacts.letter_to_each_perpetrator(self)

    def action_write_letter(self) -> None:
        """Write a letter from a template, logged as a contact."""
        case_letters.write_letter(self)

    def action_attachments(self) -> None:
        """Open the case's attachments."""
        from fieldcase.ui.screens.attachments import AttachmentsScreen

        if self.file is not None:
            self.app.push_screen(AttachmentsScreen(self.case_id, self.file.case.reference))

    def action_log_again(self) -> None:
        """Log the highlighted contact (in Contacts) or the latest one again, now."""
        contacts = self._section(ContactsSection)
        chosen = contacts.selected if contacts.table.has_focus else None
        if self.file is None or not self.file.contacts:
            self.notify("There is no contact on this case to log again.", severity="warning")
            return
        case_contacts.log_again(self, chosen)

    def action_add_person(self) -> None:
        """Add a person to the case."""

        async def save(data: PersonInput) -> object:
            return await self.app.run_service(
                case_records.add_person, self.case_id, data, policy=self.policy
            )

        dialog = PersonDialog(save, today=self.app.today())
        self.app.push_screen(self.kept(dialog, "person", "New person"), self.after_dialog)

    def action_add_action(self) -> None:
        """Add an item to the action plan."""

        async def save(data: ActionInput) -> object:
            return await self.app.run_service(case_records.add_action, self.case_id, data)

        dialog = ActionDialog(save, today=self.app.today())
        self.app.push_screen(self.kept(dialog, "action", "New action"), self.after_dialog)

    def action_plan_visit(self) -> None:
        """Plan a visit on this case."""
        self.app.push_screen(VisitPlanScreen(self.case_id), self.after_dialog)

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
            self.after_dialog,
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
            )

        initial = CaseDetailsInput(
            category=c.category,
            strands=split_values(c.strands),
            status=c.status,
            police_refs=c.police_refs,
            summary=c.summary,
        )
        edit = VersionedEdit(c.version, save, self.latest(Case, case_id))
        dialog = CaseDetailsDialog(edit.save, initial=initial, reload=edit.reload)
        self.app.push_screen(
            self.kept(dialog, "case-details", "Case details change", self.case_id),
            self.after_dialog,
        )

    def action_close_case(self) -> None:
        """Close the case: how it ended, why, the victim's satisfaction, what is still live."""
        from fieldcase.ui.screens.case_closure import start_closing

        start_closing(self, self.case_id, self.refresh_file)

    def action_reopen_case(self) -> None:
        """Reopen the closed case, saying why."""
        from fieldcase.ui.screens.case_closure import start_reopening

        if self.file is not None:
            c = self.file.case
            start_reopening(self, c.id, c.reference, c.version, self.refresh_file)

    def action_linked_case(self) -> None:
        """Open the closed case this one follows, or a later case following it."""
        from fieldcase.ui.screens.case_closure import open_linked

        if self.overview is not None:
            open_linked(self, self.overview.links)

    def action_chronology(self) -> None:
        """Show everything recorded in the case, numbered in time order."""
        from fieldcase.ui.screens.chronology import ChronologyScreen

        self.app.push_screen(ChronologyScreen(self.case_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """C closes an open case and reopens a closed one; reassigning is offered to a
        supervisor on a team server only."""
        if action == "reassign":
            return can_move_cases(self.app)
        closed = self.file is not None and self.file.case.status == CaseStatus.CLOSED
        if action == "close_case":
            return not closed
        if action == "reopen_case":
            return closed
        return True

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
            case_contacts.edit_contact(self, event.record_id)
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
                case_records.update_person,
                person_id,
                version,
                data,
                policy=self.policy,
                today=self.app.today(),
            )

        initial = stored_person(person, PartyRole(view.party.role), self.app.today())
        edit = VersionedEdit(person.version, save, self.latest(Person, person_id))
        dialog = PersonDialog(
            edit.save, today=self.app.today(), initial=initial, role_fixed=True, reload=edit.reload
        )
        kept = self.kept(dialog, "person", "Person change", person_id)
        self.app.push_screen(kept, self.after_dialog)

    def _edit_incident(self, incident_id: uuid.UUID) -> None:
        assert self.file is not None
        inc = next(i for i in self.file.incidents if i.id == incident_id)
        now: datetime = self.app.now()

        async def save(data: IncidentInput, version: int) -> object:
            return await self.app.run_service(
                case_records.update_incident, incident_id, version, data, now=now
            )

        initial = record_inputs.incident_input(inc)
        edit = VersionedEdit(inc.version, save, self.latest(Incident, incident_id))
        dialog = IncidentDialog(edit.save, now=now, initial=initial, reload=edit.reload)
        self.app.push_screen(
            self.kept(dialog, "incident", "Incident change", incident_id), self.after_dialog
        )

    def _edit_action(self, action_id: uuid.UUID) -> None:
        assert self.file is not None
        act = next(a for a in self.file.actions if a.id == action_id)

        async def save(data: ActionInput, version: int) -> object:
            return await self.app.run_service(case_records.update_action, action_id, version, data)

        initial = record_inputs.action_input(act)
        edit = VersionedEdit(act.version, save, self.latest(Action, action_id))
        dialog = ActionDialog(
            edit.save, today=self.app.today(), initial=initial, reload=edit.reload
        )
        self.app.push_screen(
            self.kept(dialog, "action", "Action change", action_id), self.after_dialog
        )

    def kept(self, dialog: Kept, kind: str, what: str, record_id: uuid.UUID | None = None) -> Kept:
        """``dialog``, keeping its typing as an encrypted draft named for this case."""
        return dialog.keep_case_draft(kind, self.case_id, f"{what} on {self.sub_title}", record_id)

    def latest(self, model: type[Entity], record_id: uuid.UUID) -> Reload:
        """Fetches the version a record has now, for a form reloading after a conflict."""

        async def latest() -> int:
            return await self.app.run_service(records.current_version, model, record_id)

        return latest
