"""Subject access: everything held about one person, across every case, in one file.

The export is Markdown. A subject access response is read, checked and
redacted by a person before it is released, and then given to the requester:
Markdown is readable as it stands, edits cleanly in any text editor, and
converts to a letter or PDF. Other people's names (third parties) are marked
``[REDACT: name]`` for the officer's review; officers' own names are not
marked. Stored text is escaped so it cannot change the document's layout,
and control characters are made visible.

Some things are never exported, for anyone: notes an officer marked "not for
disclosure" (the export says a note was withheld), other people's safe contact
numbers and preferred contact times (cut out of free text too), the staff
safety plans of visits, and who reported a breach of an ABC. The reasons
recorded for going ahead without the victim's consent go only to the victim
and their household, never to an alleged perpetrator.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import (
    AbcAgreement,
    AbcSignatory,
    Case,
    CaseParty,
    CautionMarker,
    Consent,
    Contact,
    Incident,
    Person,
    RiskAssessment,
    Visit,
)
from fieldcase.domain.protection import (
    ConsentKind,
    ConsentMethod,
    mentions,
    name_patterns,
)
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Direction,
    PartyRole,
    Strand,
    incident_kinds_text,
)
from fieldcase.services.errors import NotFound
from fieldcase.services.export_files import write_new_file
from fieldcase.services.subject_access_markdown import (
    ExportCounts,
    MarkdownDoc,
    answers,
    heading,
    label,
    labels,
    when,
    withheld_pattern,
)
from fieldcase.services.subject_access_sections import (
    abcs,
    disclosures,
    disclosures_elsewhere,
    naming,
)


@dataclass(frozen=True)
class PersonMatch:
    """A person whose name or id matched, with the cases they appear in."""

    id: uuid.UUID
    name: str
    roles: list[tuple[str, str]]
    """(case reference, role label) pairs."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    path: Path
    cases: list[str]
    """References of the cases the person appears in."""
    sections: dict[str, int] = field(default_factory=dict)
    """Kind of record -> how many were exported."""


def find_people(session: Session, name_or_id: str) -> list[PersonMatch]:
    """People matching an id, else a full name (any case), else part of a name."""
    query = " ".join(name_or_id.split())
    people: list[Person] = []
    try:
        found = session.get(Person, uuid.UUID(query))
        people = [found] if found else []
    except ValueError:
        if query:
            people = list(
                session.exec(
                    select(Person).where(func.lower(Person.full_name) == query.lower())
                ).all()
            )
            if not people:
                escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%")
                escaped = escaped.replace("_", "\\_")
                people = list(
                    session.exec(
                        select(Person).where(
                            func.lower(Person.full_name).like(f"%{escaped}%", escape="\\")
                        )
                    ).all()
                )
    return [
        PersonMatch(person.id, person.full_name, _roles(session, person.id))
        for person in sorted(people, key=lambda p: (p.full_name.lower(), str(p.id)))
    ]


def _roles(session: Session, person_id: uuid.UUID) -> list[tuple[str, str]]:
    rows = session.exec(
        select(Case.reference, CaseParty.role)
        .join(CaseParty, col(CaseParty.case_id) == Case.id)
        .where(CaseParty.person_id == person_id)
        .order_by(col(Case.reference))
    ).all()
    return [(ref, label(PartyRole, role)) for ref, role in rows]


def export_person(
    session: Session,
    person_id: uuid.UUID,
    path: Path,
    *,
    now: datetime | None = None,
) -> ExportSummary:
    """Write everything held about one person to a new Markdown file; the export is audited.

    The file is created only if it does not exist, readable by its owner alone.

    Raises:
        NotFound: There is no such person.
        FileExistsError: ``path`` already exists; it is left as it was.
    """
    text, summary = render_person(session, person_id, now=now)
    write_new_file(path, text.encode("utf-8"))
    audit.record(
        session,
        action="export",
        entity="person",
        entity_id=str(person_id),
        changes={"subject_access": True, "cases": summary.cases, "records": summary.sections},
    )
    return ExportSummary(path=path, cases=summary.cases, sections=summary.sections)


def render_person(
    session: Session, person_id: uuid.UUID, *, now: datetime | None = None
) -> tuple[str, ExportCounts]:
    """The Markdown export for one person, and what it contains.

    Raises:
        NotFound: There is no such person.
    """
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("That person is not in this database.")
    now = now or datetime.now(UTC)
    memberships = session.exec(
        select(CaseParty, Case)
        .join(Case, col(Case.id) == CaseParty.case_id)
        .where(CaseParty.person_id == person_id)
        .order_by(col(Case.opened_on), col(Case.reference))
    ).all()
    cases: dict[uuid.UUID, Case] = {}
    roles: dict[uuid.UUID, list[CaseParty]] = {}
    for party, case in memberships:
        cases[case.id] = case
        roles.setdefault(case.id, []).append(party)
    others = _third_parties(session, list(cases), person)
    doc = MarkdownDoc(
        name_patterns(others, person.full_name), _others_safe_details(session, list(cases), person)
    )
    summary = ExportCounts(cases=[c.reference for c in cases.values()])

    doc.line(f"# Subject access export: {doc.esc(person.full_name)}")
    doc.blank()
    doc.line(f"Prepared {when(now)} from fieldcase. Person id `{person.id}`.")
    doc.blank()
    doc.line(
        "> **Review before release.** Text marked `[REDACT: …]` is another person's "
        "name (a third party) and should normally be redacted before this is sent; "
        "officers' names are not marked. Check free text for other third-party details. "
        "Visit safety plans are not included: they concern staff safety. Other people's "
        "safe contact details are cut out, and notes marked not for disclosure are "
        "withheld (each one says so). "
        "This file is not encrypted: keep it on encrypted storage and delete it once "
        "the request has been answered."
    )
    doc.blank()
    _person_section(session, doc, person, summary)
    if not cases:
        doc.line("This person does not appear in any case.")
        doc.blank()
    for case_id, case in cases.items():
        _case_section(session, doc, case, roles[case_id], person, summary)
    disclosures_elsewhere(session, doc, person, set(cases), summary)
    return doc.text(), summary


def _third_parties(session: Session, case_ids: list[uuid.UUID], subject: Person) -> set[str]:
    """Names of everyone else in the subject's cases, and of ABC guardians."""
    names: set[str] = set()
    if case_ids:
        names.update(
            session.exec(
                select(Person.full_name)
                .join(CaseParty, col(CaseParty.person_id) == Person.id)
                .where(col(CaseParty.case_id).in_(case_ids), Person.id != subject.id)
            ).all()
        )
        names.update(
            session.exec(
                select(AbcSignatory.name)
                .join(AbcAgreement, col(AbcAgreement.id) == AbcSignatory.abc_id)
                .where(col(AbcAgreement.case_id).in_(case_ids), AbcSignatory.role == "guardian")
            ).all()
        )
    names.discard(subject.full_name)
    return {n for n in names if n.strip()}


def _others_safe_details(
    session: Session, case_ids: list[uuid.UUID], subject: Person
) -> re.Pattern[str] | None:
    """Everyone else's safe contact numbers and preferred contact times, to cut from free text."""
    if not case_ids:
        return None
    rows = session.exec(
        select(Person.safe_contact_number, Person.preferred_contact_times)
        .join(CaseParty, col(CaseParty.person_id) == Person.id)
        .where(col(CaseParty.case_id).in_(case_ids), Person.id != subject.id)
    ).all()
    return withheld_pattern([n for n, _ in rows if n], [t for _, t in rows if t])


def _person_section(
    session: Session, doc: MarkdownDoc, person: Person, summary: ExportCounts
) -> None:
    doc.line("## Person record")
    doc.blank()
    doc.field("Name", person.full_name)
    doc.field("Date of birth", person.date_of_birth)
    doc.field("Phone", person.phone)
    doc.field("Safe contact number", person.safe_contact_number)
    doc.field("Preferred contact times", person.preferred_contact_times)
    doc.field("Email", person.email)
    if doc.note("Notes", person.notes, withheld=person.not_for_disclosure and bool(person.notes)):
        summary.count("withheld notes")
    doc.field("Record created", person.created_at)
    summary.count("person")
    markers = session.exec(select(CautionMarker).where(CautionMarker.person_id == person.id)).all()
    for marker in markers:
        doc.field("Caution marker", f"{marker.kind.replace('_', ' ')}: {marker.note}")
        summary.count("caution markers")
    doc.blank()


def _case_section(
    session: Session,
    doc: MarkdownDoc,
    case: Case,
    parties: list[CaseParty],
    person: Person,
    summary: ExportCounts,
) -> None:
    doc.line(f"## Case {doc.esc(case.reference)}")
    doc.blank()
    for party in parties:
        role = label(PartyRole, party.role)
        if party.engagement:
            role += f" (engagement: {party.engagement.replace('_', ' ')})"
        doc.field("Role", role)
        doc.field("Notes on their role", party.notes)
    doc.field("Category", label(Category, case.category))
    doc.field("Hate strands (as perceived)", labels(Strand, case.strands))
    doc.field("Status", label(CaseStatus, case.status))
    doc.field("Opened", case.opened_on)
    doc.field("Closed", case.closed_on)
    doc.field("Officer", case.officer_name)
    doc.field("Police references", case.police_refs)
    doc.field("Summary", case.summary)
    doc.blank()
    affected = any(p.role in (PartyRole.VICTIM, PartyRole.HOUSEHOLD) for p in parties)
    _incidents(session, doc, case, person, affected, summary)
    _contacts(session, doc, case, person, summary)
    _assessments(session, doc, case, person, summary)
    _visits(session, doc, case, person, summary)
    _consents(session, doc, case, person, summary)
    disclosures(doc, naming(session, person, [case.id]), summary, consent_reasons=affected)
    abcs(session, doc, case, person, summary)


def _incidents(
    session: Session,
    doc: MarkdownDoc,
    case: Case,
    person: Person,
    affected: bool,
    summary: ExportCounts,
) -> None:
    rows = session.exec(
        select(Incident).where(Incident.case_id == case.id).order_by(col(Incident.occurred_at))
    ).all()
    chosen = [
        i
        for i in rows
        if affected
        or any(mentions(t, person.full_name) for t in (i.who, i.description, i.location))
    ]
    if not heading(doc, "Incidents", len(chosen)):
        return
    for incident in chosen:
        doc.line(f"#### {when(incident.occurred_at)}")
        doc.blank()
        doc.field("What", incident_kinds_text(incident.kinds, incident.other_kind))
        doc.field("Hate strands (as perceived)", labels(Strand, incident.strands))
        doc.field("Where", incident.location)
        doc.field("Who", incident.who)
        doc.field("Police crime number", incident.police_crime_number)
        if doc.note("Description", incident.description, withheld=incident.not_for_disclosure):
            summary.count("withheld notes")
        doc.blank()
        summary.count("incidents")


def _contacts(
    session: Session, doc: MarkdownDoc, case: Case, person: Person, summary: ExportCounts
) -> None:
    rows = session.exec(
        select(Contact)
        .where(Contact.case_id == case.id, Contact.person_id == person.id)
        .order_by(col(Contact.at))
    ).all()
    if not heading(doc, "Contacts with them", len(rows)):
        return
    for contact in rows:
        how = f"{label(ContactMethod, contact.method)}, {label(Direction, contact.direction)}"
        if contact.outcome:
            how += f", {label(ContactOutcome, contact.outcome).lower()}"
        doc.field(when(contact.at), how)
        withheld = contact.not_for_disclosure and bool(contact.notes)
        if doc.note("Notes", contact.notes, withheld=withheld, sub=True):
            summary.count("withheld notes")
        doc.field("Officer", contact.officer_name, sub=True)
        summary.count("contacts")
    doc.blank()


def _assessments(
    session: Session, doc: MarkdownDoc, case: Case, person: Person, summary: ExportCounts
) -> None:
    rows = session.exec(
        select(RiskAssessment)
        .where(RiskAssessment.case_id == case.id, RiskAssessment.person_id == person.id)
        .order_by(col(RiskAssessment.assessed_at))
    ).all()
    if not heading(doc, "Risk assessments", len(rows)):
        return
    for assessment in rows:
        doc.line(f"#### {when(assessment.assessed_at)}")
        doc.blank()
        doc.field("Level", assessment.final_level.capitalize())
        if assessment.final_level != assessment.computed_level:
            doc.field("Level from the answers", assessment.computed_level.capitalize())
            doc.field("Reason for the officer's level", assessment.override_reason)
        doc.field("Score", assessment.score)
        doc.field("Assessor", assessment.assessor)
        doc.field("Next review", assessment.next_review_on)
        for question, answer in answers(assessment.answers):
            doc.field(f"Answer to {question}", answer)
        doc.blank()
        summary.count("risk assessments")


def _visits(
    session: Session, doc: MarkdownDoc, case: Case, person: Person, summary: ExportCounts
) -> None:
    rows = session.exec(
        select(Visit)
        .where(Visit.case_id == case.id, Visit.person_id == person.id)
        .order_by(col(Visit.planned_at))
    ).all()
    if not heading(doc, "Visits", len(rows)):
        return
    for visit in rows:
        doc.field(
            when(visit.planned_at),
            f"{visit.kind.replace('_', ' ')}, {visit.status.replace('_', ' ')}",
        )
        doc.field("Place", visit.place_detail or visit.place_kind.replace("_", " "), sub=True)
        withheld = visit.not_for_disclosure and bool(visit.outcome_notes)
        if doc.note("Outcome", visit.outcome_notes, withheld=withheld, sub=True):
            summary.count("withheld notes")
        summary.count("visits")
    doc.blank()


def _consents(
    session: Session, doc: MarkdownDoc, case: Case, person: Person, summary: ExportCounts
) -> None:
    rows = session.exec(
        select(Consent)
        .where(Consent.case_id == case.id, Consent.person_id == person.id)
        .order_by(col(Consent.recorded_at))
    ).all()
    if not heading(doc, "Consent", len(rows)):
        return
    for consent in rows:
        decision = "given" if consent.given else "withdrawn"
        how = label(ConsentMethod, consent.method).lower()
        doc.field(
            when(consent.recorded_at),
            f"{label(ConsentKind, consent.kind)}: {decision} ({how})",
        )
        doc.field("Recorded by", consent.recorded_by, sub=True)
        doc.field("Notes", consent.notes, sub=True)
        summary.count("consents")
    doc.blank()
