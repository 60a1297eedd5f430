"""Optimistic locking: an edit never overwrites a save it did not see, for every kind of record.

Each kind is edited through its own service. Two ways to lose an update are
tried: a form opened at an older version, and another officer saving between
the edit loading the row and writing it. Both are refused with an
``EditConflict`` that says who saved last, and the other officer's save stays.

The same specifications run on PostgreSQL in ``tests/pg`` (for the key kinds),
so nothing here may depend on SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from fieldcase.db import audit
from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcSignatory,
    Action,
    Case,
    CaseParty,
    Contact,
    EnforcementStep,
    Entity,
    Incident,
    Person,
    Visit,
)
from fieldcase.db.store import Store
from fieldcase.domain.abc import AbcStatus
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee, AttendeeRole, VisitKind, VisitStatus
from fieldcase.domain.vocab import CaseStatus, Category, ContactMethod, PartyRole, Strand
from fieldcase.services import (
    abc_agreements,
    abc_reviews,
    case_file,
    case_records,
    contact_records,
    enforcement,
    intake,
    records,
    visit_checkins,
    visit_planning,
)
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput
from fieldcase.services.case_records import ActionInput, IncidentInput, PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.enforcement import StepInput
from fieldcase.services.errors import EditConflict

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
POLICY = Policy()
OTHER_OFFICER = "Officer Two"
SIGNED = date(2026, 3, 2)

Edit = Callable[[Session, uuid.UUID, int, str], object]
"""Saves ``text`` into the record through its service, expecting a version."""


@dataclass(frozen=True)
class Kind:
    """One kind of editable record, edited through its service."""

    name: str
    model: type[Entity]
    make: Callable[[Session], uuid.UUID]
    """Creates the record (and what it needs); returns its id."""
    edit: Edit
    read: Callable[[Session, uuid.UUID], str]
    """The text the edit saved."""


def _case(session: Session) -> Case:
    return intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.HATE_CRIME,
            strands=[Strand.RACE],
            address="14 Larch Close",
            postcode="ZZ1 4AB",
            people=[
                PersonInput("Zofia Wiśniewska", PartyRole.VICTIM),
                PersonInput("Dean Marsh", PartyRole.PERPETRATOR),
            ],
            incident=IncidentInput(
                occurred_at=NOW - timedelta(days=3),
                kinds=["verbal_abuse"],
                strands=[Strand.RACE],
                description="Shouted abuse over the fence.",
            ),
        ),
        officer_name="Officer Test",
        policy=POLICY,
        today=date(2026, 2, 2),
    )


def _party(session: Session, case_id: uuid.UUID, role: PartyRole) -> uuid.UUID:
    return session.exec(
        select(CaseParty.person_id).where(CaseParty.case_id == case_id, CaseParty.role == role)
    ).one()


def _row(session: Session, model: type[Any], record_id: uuid.UUID) -> Any:
    return records.load_record(session, model, record_id)


# Case details, people, incidents, contacts, actions


def make_case(session: Session) -> uuid.UUID:
    return _case(session).id


def edit_case(session: Session, case_id: uuid.UUID, version: int, text: str) -> object:
    data = case_file.CaseDetailsInput(
        Category.HATE_CRIME, [Strand.RACE], CaseStatus.OPEN, summary=text
    )
    return case_file.update_case_details(session, case_id, version, data, policy=POLICY)


def make_person(session: Session) -> uuid.UUID:
    return _party(session, _case(session).id, PartyRole.VICTIM)


def edit_person(session: Session, person_id: uuid.UUID, version: int, text: str) -> object:
    data = PersonInput("Zofia Wiśniewska", PartyRole.VICTIM, notes=text)
    return case_records.update_person(session, person_id, version, data, policy=POLICY)


def make_incident(session: Session) -> uuid.UUID:
    case_id = _case(session).id
    return session.exec(select(Incident.id).where(Incident.case_id == case_id)).one()


def edit_incident(session: Session, incident_id: uuid.UUID, version: int, text: str) -> object:
    data = IncidentInput(NOW - timedelta(days=3), ["verbal_abuse"], [Strand.RACE], description=text)
    return case_records.update_incident(session, incident_id, version, data, now=NOW)


def make_contact(session: Session) -> uuid.UUID:
    case_id = _case(session).id
    data = ContactInput(NOW - timedelta(days=1), ContactMethod.CALL, notes="Called.")
    return contact_records.add_contact(
        session, case_id, data, officer_name="Officer Test", policy=POLICY, now=NOW
    ).id


def edit_contact(session: Session, contact_id: uuid.UUID, version: int, text: str) -> object:
    data = ContactInput(NOW - timedelta(days=1), ContactMethod.CALL, notes=text)
    return contact_records.update_contact(
        session, contact_id, version, data, policy=POLICY, now=NOW
    )


def make_action(session: Session) -> uuid.UUID:
    return case_records.add_action(session, _case(session).id, ActionInput("Write to Dean")).id


def edit_action(session: Session, action_id: uuid.UUID, version: int, text: str) -> object:
    return case_records.update_action(session, action_id, version, ActionInput(text))


# Visits: the plan and the outcome


def make_visit(session: Session) -> uuid.UUID:
    data = visit_planning.VisitInput(
        kind=VisitKind.VICTIM_SUPPORT,
        planned_at=NOW + timedelta(days=1),
        attendees=[Attendee("Officer Test", AttendeeRole.OFFICER)],
    )
    return visit_planning.plan_visit(session, _case(session).id, data, now=NOW).id


def edit_visit(session: Session, visit_id: uuid.UUID, version: int, text: str) -> object:
    data = visit_planning.visit_input_of(_row(session, Visit, visit_id))
    return visit_planning.update_visit(
        session,
        visit_id,
        replace(data, do_not_disclose=text),
        expected_version=version,
        now=NOW,
    )


def record_outcome(session: Session, visit_id: uuid.UUID, version: int, text: str) -> object:
    data = visit_checkins.OutcomeInput(VisitStatus.CANCELLED, notes=text)
    return visit_checkins.record_outcome(
        session,
        visit_id,
        data,
        now=NOW,
        officer_name="Officer Test",
        policy=POLICY,
        expected_version=version,
    )


# ABCs: the agreement, its conditions and signatures, its status, breaches


def abc_input(person_id: uuid.UUID, *, signed: bool, **changes: Any) -> AbcInput:
    data = AbcInput(
        person_id=person_id,
        start_on=SIGNED,
        conditions=[
            ConditionInput("I will not verbally abuse the residents of 14 Larch Close."),
            ConditionInput("I will not damage vehicles parked on Larch Close."),
        ],
        signatories=[
            SignatoryInput("perpetrator", "Dean Marsh", SIGNED),
            SignatoryInput("housing_officer", "Officer Test", SIGNED),
            SignatoryInput("police_officer", "PC Amira Lowe", SIGNED if signed else None, "4521"),
        ],
    )
    return replace(data, **changes)


def _make_abc(session: Session, *, signed: bool) -> uuid.UUID:
    case_id = _case(session).id
    person_id = _party(session, case_id, PartyRole.PERPETRATOR)
    data = abc_input(person_id, signed=signed)
    return abc_agreements.create_abc(session, case_id, data, policy=POLICY, today=TODAY).id


def make_draft_abc(session: Session) -> uuid.UUID:
    return _make_abc(session, signed=False)


def make_active_abc(session: Session) -> uuid.UUID:
    return _make_abc(session, signed=True)


def _save_abc(session: Session, abc_id: uuid.UUID, version: int, **changes: Any) -> object:
    abc = _row(session, AbcAgreement, abc_id)
    data = abc_input(abc.person_id, signed=False, **changes)
    return abc_agreements.update_abc(
        session, abc_id, data, expected_version=version, policy=POLICY, today=TODAY
    )


def edit_abc(session: Session, abc_id: uuid.UUID, version: int, text: str) -> object:
    return _save_abc(session, abc_id, version, notes=text)


def edit_conditions(session: Session, abc_id: uuid.UUID, version: int, text: str) -> object:
    return _save_abc(session, abc_id, version, conditions=[ConditionInput(text)])


def read_conditions(session: Session, abc_id: uuid.UUID) -> str:
    rows = session.exec(select(AbcCondition.text).where(AbcCondition.abc_id == abc_id)).all()
    return " | ".join(rows)


def edit_signatories(session: Session, abc_id: uuid.UUID, version: int, text: str) -> object:
    sign = [
        SignatoryInput("perpetrator", "Dean Marsh", SIGNED),
        SignatoryInput("housing_officer", text, SIGNED),
        SignatoryInput("police_officer", "PC Amira Lowe", None, "4521"),
    ]
    return _save_abc(session, abc_id, version, signatories=sign)


def read_signatories(session: Session, abc_id: uuid.UUID) -> str:
    names = session.exec(select(AbcSignatory.name).where(AbcSignatory.abc_id == abc_id)).all()
    return " | ".join(sorted(names))


def end_abc(session: Session, abc_id: uuid.UUID, version: int, text: str) -> object:
    return abc_agreements.change_status(
        session,
        abc_id,
        AbcStatus.ENDED_EARLY,
        today=TODAY,
        reason=text,
        expected_version=version,
    )


def make_breach(session: Session) -> uuid.UUID:
    abc_id = make_active_abc(session)
    condition = session.exec(select(AbcCondition.id).where(AbcCondition.abc_id == abc_id)).first()
    assert condition is not None
    data = BreachInput(TODAY - timedelta(days=1), [condition], "Shouting again.", "Zofia")
    return abc_reviews.record_breach(session, abc_id, data, today=TODAY).breach.id


def edit_breach(session: Session, breach_id: uuid.UUID, version: int, text: str) -> object:
    breach = _row(session, AbcBreach, breach_id)
    data = BreachInput(breach.occurred_on, [uuid.UUID(breach.conditions)], text, breach.reported_by)
    return abc_reviews.update_breach(
        session, breach_id, data, expected_version=version, today=TODAY
    )


# Enforcement steps


def make_step(session: Session) -> uuid.UUID:
    case_id = _case(session).id
    person_id = _party(session, case_id, PartyRole.PERPETRATOR)
    data = StepInput("verbal_warning", TODAY - timedelta(days=2))
    return enforcement.add_step(session, case_id, person_id, data, today=TODAY).id


def edit_step(session: Session, step_id: uuid.UUID, version: int, text: str) -> object:
    data = StepInput("verbal_warning", TODAY - timedelta(days=2), notes=text)
    return enforcement.update_step(session, step_id, data, expected_version=version, today=TODAY)


def column(model: type[Any], name: str) -> Callable[[Session, uuid.UUID], str]:
    """Reads one column of the record."""
    return lambda session, record_id: str(getattr(_row(session, model, record_id), name))


KINDS = [
    Kind("case", Case, make_case, edit_case, column(Case, "summary")),
    Kind("person", Person, make_person, edit_person, column(Person, "notes")),
    Kind("incident", Incident, make_incident, edit_incident, column(Incident, "description")),
    Kind("contact", Contact, make_contact, edit_contact, column(Contact, "notes")),
    Kind("action", Action, make_action, edit_action, column(Action, "what")),
    Kind("visit", Visit, make_visit, edit_visit, column(Visit, "do_not_disclose")),
    Kind("visit-outcome", Visit, make_visit, record_outcome, column(Visit, "outcome_notes")),
    Kind("abc", AbcAgreement, make_draft_abc, edit_abc, column(AbcAgreement, "notes")),
    Kind("abc-conditions", AbcAgreement, make_draft_abc, edit_conditions, read_conditions),
    Kind("abc-signatories", AbcAgreement, make_draft_abc, edit_signatories, read_signatories),
    Kind("abc-status", AbcAgreement, make_active_abc, end_abc, column(AbcAgreement, "end_reason")),
    Kind("abc-breach", AbcBreach, make_breach, edit_breach, column(AbcBreach, "description")),
    Kind(
        "enforcement-step", EnforcementStep, make_step, edit_step, column(EnforcementStep, "notes")
    ),
]
KEY_KINDS = ["case", "person", "visit", "abc-conditions", "abc-breach", "enforcement-step"]
"""The kinds run again on PostgreSQL."""


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    """Each kind of editable record in turn."""
    chosen: Kind = request.param
    return chosen


def other_officer(store: Store) -> Store:
    """The same database as another officer (whose saves the audit trail names)."""
    return Store(engine=store.engine, actor=OTHER_OFFICER)


def created(store: Store, kind: Kind) -> tuple[uuid.UUID, int]:
    """A new record of the kind, and the version a form opened now would carry."""
    with store.transaction() as session:
        record_id = kind.make(session)
    with store.reading() as session:
        return record_id, _row(session, kind.model, record_id).version


def saved(store: Store, kind: Kind, record_id: uuid.UUID) -> tuple[str, int]:
    """What the record holds now, and its version."""
    with store.reading() as session:
        return kind.read(session, record_id), _row(session, kind.model, record_id).version


@contextmanager
def deferred(store: Store) -> Iterator[Session]:
    """A writing transaction begun without the write lock, as on a team server.

    ``Store.transaction`` takes SQLite's write lock as it begins, so on a laptop
    another save waits for it; a PostgreSQL transaction locks rows only as it
    writes them, so a save can land between this one's reads and its writes.
    """
    with Session(store.engine, expire_on_commit=False) as session:
        session.info["actor"] = store.actor
        audit.watch(session)
        with session.begin():
            yield session


def when_flushing(session: Session, do: Callable[[], None]) -> None:
    """Run ``do`` once, when ``session`` first writes: after its reads, before its writes."""
    done: list[bool] = []

    def hook(*_: object) -> None:
        if not done:
            done.append(True)
            do()

    event.listen(session, "before_flush", hook)


class TestEditConflicts:
    """Two officers edit the same record; the second save is refused, not applied."""

    def test_stale_version_is_refused(self, store: Store, kind: Kind) -> None:
        """A form opened before someone else's save cannot save over it."""
        record_id, opened_at = created(store, kind)
        with other_officer(store).transaction() as session:
            kind.edit(session, record_id, opened_at, "Their change.")
        with pytest.raises(EditConflict) as caught, store.transaction() as session:
            kind.edit(session, record_id, opened_at, "My change.")
        text, version = saved(store, kind, record_id)
        assert "Their change." in text and "My change." not in text
        assert caught.value.current_version == version > opened_at
        assert caught.value.changed_by == OTHER_OFFICER

    def test_save_between_load_and_write_is_refused(self, store: Store, kind: Kind) -> None:
        """A save landing after this edit loaded the row, before it wrote, wins over it."""
        record_id, opened_at = created(store, kind)

        def someone_else_saves() -> None:
            with other_officer(store).transaction() as other:
                kind.edit(other, record_id, opened_at, "Their change.")

        with pytest.raises(EditConflict) as caught, deferred(store) as session:
            when_flushing(session, someone_else_saves)
            kind.edit(session, record_id, opened_at, "My change.")
        text, version = saved(store, kind, record_id)
        assert "Their change." in text and "My change." not in text
        assert caught.value.current_version == version > opened_at
        assert caught.value.changed_by == OTHER_OFFICER


class TestWhatTheConflictSays:
    """The refusal tells the officer which record, who saved it, when and what changed."""

    def test_names_the_record_the_officer_the_moment_and_the_fields(self, store: Store) -> None:
        """“This person was changed by Officer Two on … (Notes)”, with the same as attributes."""
        kind = next(k for k in KINDS if k.name == "person")
        record_id, opened_at = created(store, kind)
        with other_officer(store).transaction() as session:
            kind.edit(session, record_id, opened_at, "Their change.")
        with pytest.raises(EditConflict) as caught, store.transaction() as session:
            kind.edit(session, record_id, opened_at, "My change.")
        with store.reading() as session:
            person = _row(session, Person, record_id)
        conflict = caught.value
        assert (conflict.what, conflict.record_id) == ("person", record_id)
        assert conflict.changed_at == person.updated_at
        assert conflict.changed_fields == ("Notes",)
        assert str(conflict).startswith("This person was changed by Officer Two on ")
        assert "(Notes)" in str(conflict) and "Nothing you typed has been saved" in str(conflict)

    def test_a_reload_saves_over_the_latest_version(self, store: Store) -> None:
        """After a conflict, saving again at the current version goes through."""
        kind = next(k for k in KINDS if k.name == "incident")
        record_id, opened_at = created(store, kind)
        with other_officer(store).transaction() as session:
            kind.edit(session, record_id, opened_at, "Their change.")
        with store.reading() as session:
            latest = records.current_version(session, Incident, record_id)
        with store.transaction() as session:
            kind.edit(session, record_id, latest, "My change, having seen theirs.")
        assert saved(store, kind, record_id) == ("My change, having seen theirs.", latest + 1)

    def test_a_parts_only_edit_moves_the_abc_on(self, store: Store) -> None:
        """Changing only an ABC's conditions still refuses a form opened before it."""
        kind = next(k for k in KINDS if k.name == "abc-conditions")
        record_id, opened_at = created(store, kind)
        with other_officer(store).transaction() as session:
            edit_conditions(session, record_id, opened_at, "I will not shout.")
        with pytest.raises(EditConflict) as caught, store.transaction() as session:
            edit_abc(session, record_id, opened_at, "Notes only.")
        assert caught.value.changed_by == OTHER_OFFICER
        assert saved(store, kind, record_id)[0] == "I will not shout."
