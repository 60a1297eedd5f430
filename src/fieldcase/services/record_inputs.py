"""What an edit form starts from: a stored record as the input type its service takes."""

from __future__ import annotations

from fieldcase.db.models import Action, Case, Contact, Incident, Person
from fieldcase.domain.vocab import PartyRole, split_values
from fieldcase.services.case_file import CaseDetailsInput
from fieldcase.services.case_records import ActionInput, IncidentInput, PersonInput
from fieldcase.services.contact_records import ContactInput


def person_input(person: Person, role: PartyRole) -> PersonInput:
    """A person's details as the person form shows them, in their role on the case."""
    return PersonInput(
        role=role,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        phone=person.phone,
        safe_contact_number=person.safe_contact_number,
        preferred_contact_times=person.preferred_contact_times,
        notes=person.notes,
        not_for_disclosure=person.not_for_disclosure,
    )


def incident_input(incident: Incident) -> IncidentInput:
    """An incident as the incident form shows it."""
    return IncidentInput(
        occurred_at=incident.occurred_at,
        kinds=split_values(incident.kinds),
        strands=split_values(incident.strands),
        location=incident.location,
        who=incident.who,
        police_crime_number=incident.police_crime_number,
        description=incident.description,
        other_kind=incident.other_kind,
        not_for_disclosure=incident.not_for_disclosure,
    )


def contact_input(contact: Contact) -> ContactInput:
    """A logged contact as the contact form shows it."""
    return ContactInput(
        at=contact.at,
        method=contact.method,
        direction=contact.direction,
        person_id=contact.person_id,
        outcome=contact.outcome,
        notes=contact.notes,
        not_for_disclosure=contact.not_for_disclosure,
        consent_override_reason=contact.consent_override_reason,
    )


def action_input(action: Action) -> ActionInput:
    """An action-plan item as the action form shows it."""
    return ActionInput(
        what=action.what, who=action.who, due_on=action.due_on, done_on=action.done_on
    )


def case_details_input(case: Case) -> CaseDetailsInput:
    """The case's details as the case details form shows them."""
    return CaseDetailsInput(
        category=case.category,
        strands=split_values(case.strands),
        status=case.status,
        police_refs=case.police_refs,
        summary=case.summary,
    )
