"""Every approach to an alleged perpetrator needs the victim's consent, or a reason kept with it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from fieldcase.db.models import Contact, Incident, Person, Visit
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.visits import Attendee, AttendeeRole, VisitKind
from fieldcase.domain.vocab import ContactMethod, Direction
from fieldcase.services import visit_checkins, visit_planning
from fieldcase.services.case_records import (
    IncidentInput,
    PersonInput,
    add_incident,
    update_incident,
    update_person,
)
from fieldcase.services.consent import ConsentInput, record_consent
from fieldcase.services.contact_records import (
    CONSENT_OVERRIDE,
    ContactInput,
    add_contact,
    update_contact,
)
from fieldcase.services.errors import ValidationError
from fieldcase.services.visit_checkins import OutcomeInput
from tests.protection_data import VICTIM, MadeCase, make_case

POLICY = Policy()
LETTER_AT = datetime(2026, 3, 10, 11, tzinfo=UTC)
REASON = "Police asked us to deliver the warning before the victim could be reached."


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


def _letter(case: MadeCase, **changes: object) -> ContactInput:
    data = ContactInput(
        at=LETTER_AT,
        method=ContactMethod.LETTER,
        person_id=case.perpetrator_id,
        notes="Letter about the reported behaviour.",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def _add(store: Store, case: MadeCase, data: ContactInput) -> Contact:
    with store.transaction() as session:
        contact = add_contact(session, case.case_id, data, policy=POLICY)
        session.flush()
        session.expunge(contact)
        return contact


def _consent(store: Store, case: MadeCase, *, given: bool, at: datetime) -> None:
    with store.transaction() as session:
        record_consent(
            session,
            case.case_id,
            ConsentInput(
                person_id=case.victim_id,
                kind=ConsentKind.APPROACH_PERPETRATOR,
                given=given,
                recorded_at=at,
            ),
            recorded_by="Officer Test",
        )


def _contacts(store: Store) -> list[Contact]:
    with store.reading() as session:
        return list(session.exec(select(Contact)).all())


class TestApproachingThePerpetrator:
    @pytest.mark.parametrize("method", [m.value for m in ContactMethod])
    def test_without_consent_is_refused_saying_whose_consent_is_missing(
        self, store: Store, case: MadeCase, method: str
    ) -> None:
        """A letter, call, visit, email, text or meeting to the perpetrator without consent
        is refused on its own key, naming the victim; nothing is written."""
        with pytest.raises(ValidationError) as raised:
            _add(store, case, _letter(case, method=method))
        assert set(raised.value.errors) == {CONSENT_OVERRIDE}
        message = raised.value.errors[CONSENT_OVERRIDE]
        assert message.startswith(
            f"No consent to approach the alleged perpetrator(s) is recorded for {VICTIM}."
        )
        assert _contacts(store) == []

    def test_with_a_reason_the_reason_is_kept_with_the_contact(
        self, store: Store, case: MadeCase
    ) -> None:
        """Given a reason, the approach is logged and the reason stays with it."""
        _add(store, case, _letter(case, consent_override_reason=f"  {REASON}  "))
        [saved] = _contacts(store)
        assert saved.consent_override_reason == REASON

    def test_with_consent_no_reason_is_needed_or_kept(self, store: Store, case: MadeCase) -> None:
        """With the victim's consent in place the approach needs no reason; one typed is dropped."""
        _consent(store, case, given=True, at=LETTER_AT - timedelta(days=1))
        _add(store, case, _letter(case))
        _add(store, case, _letter(case, consent_override_reason="not needed"))
        assert [c.consent_override_reason for c in _contacts(store)] == ["", ""]

    def test_consent_counts_as_it_stood_when_the_contact_was_made(
        self, store: Store, case: MadeCase
    ) -> None:
        """Consent given after the letter does not cover it; withdrawn after, it still does."""
        _consent(store, case, given=True, at=LETTER_AT + timedelta(days=1))
        with pytest.raises(ValidationError):
            _add(store, case, _letter(case))
        _add(store, case, _letter(case, at=LETTER_AT + timedelta(days=2)))
        _consent(store, case, given=False, at=LETTER_AT + timedelta(days=3))
        _add(store, case, _letter(case, at=LETTER_AT + timedelta(days=2, hours=1)))
        with pytest.raises(ValidationError) as raised:
            _add(store, case, _letter(case, at=LETTER_AT + timedelta(days=4)))
        assert f"{VICTIM} withdrew consent to approach" in raised.value.errors[CONSENT_OVERRIDE]

    def test_incoming_contact_from_the_perpetrator_is_not_an_approach(
        self, store: Store, case: MadeCase
    ) -> None:
        """A call coming in from the perpetrator is logged without consent or reason."""
        _add(store, case, _letter(case, method=ContactMethod.CALL, direction=Direction.IN))
        assert len(_contacts(store)) == 1

    def test_contact_with_the_victim_needs_no_consent_to_approach(
        self, store: Store, case: MadeCase
    ) -> None:
        """Only contacts with an alleged perpetrator are approaches."""
        _add(store, case, _letter(case, person_id=case.victim_id))
        _add(store, case, _letter(case, person_id=None))
        assert len(_contacts(store)) == 2

    def test_other_problems_are_reported_with_the_consent_one(
        self, store: Store, case: MadeCase
    ) -> None:
        """A bad contact to the perpetrator lists every problem, consent included."""
        with pytest.raises(ValidationError) as raised:
            _add(store, case, _letter(case, method="pigeon"))
        assert {"method", CONSENT_OVERRIDE} == set(raised.value.errors)


class TestEditingAContact:
    def test_turning_a_contact_into_an_approach_asks_for_the_reason(
        self, store: Store, case: MadeCase
    ) -> None:
        """Editing a victim call into a letter to the perpetrator is checked like a new one."""
        saved = _add(store, case, _letter(case, person_id=case.victim_id))
        with pytest.raises(ValidationError) as raised, store.transaction() as session:
            update_contact(session, saved.id, saved.version, _letter(case), policy=POLICY)
        assert set(raised.value.errors) == {CONSENT_OVERRIDE}
        with store.transaction() as session:
            update_contact(
                session,
                saved.id,
                saved.version,
                _letter(case, consent_override_reason=REASON),
                policy=POLICY,
            )
        [edited] = _contacts(store)
        assert edited.person_id == case.perpetrator_id
        assert edited.consent_override_reason == REASON

    def test_an_incoming_contact_keeps_no_reason(self, store: Store, case: MadeCase) -> None:
        """Once the contact is marked as coming in, the reason no longer applies and goes."""
        saved = _add(store, case, _letter(case, consent_override_reason=REASON))
        with store.transaction() as session:
            update_contact(
                session,
                saved.id,
                saved.version,
                _letter(case, direction=Direction.IN, consent_override_reason=REASON),
                policy=POLICY,
            )
        [edited] = _contacts(store)
        assert edited.direction == "in" and edited.consent_override_reason == ""


class TestVisitOutcomes:
    def test_a_visit_planned_without_consent_logs_its_reason_with_the_contact(
        self, store: Store, case: MadeCase
    ) -> None:
        """The outcome of a perpetrator interview planned with a reason keeps that reason."""
        now = datetime(2026, 3, 20, 9, tzinfo=UTC)
        with store.transaction() as session:
            visit = visit_planning.plan_visit(
                session,
                case.case_id,
                visit_planning.VisitInput(
                    kind=VisitKind.PERPETRATOR_INTERVIEW,
                    planned_at=now + timedelta(hours=1),
                    person_id=case.perpetrator_id,
                    attendees=[Attendee("Officer Test", AttendeeRole.OFFICER)],
                    consent_override_reason=REASON,
                ),
                now=now,
            )
            visit_checkins.record_outcome(
                session,
                visit.id,
                OutcomeInput(
                    status="completed", notes="Spoke at the door.", not_for_disclosure=True
                ),
                now=now + timedelta(hours=2),
                officer_name="Officer Test",
                policy=POLICY,
            )
        [logged] = _contacts(store)
        assert logged.consent_override_reason == REASON
        assert logged.not_for_disclosure
        with store.reading() as session:
            [saved] = session.exec(select(Visit)).all()
            assert saved.not_for_disclosure

    def test_consent_withdrawn_after_planning_does_not_lose_the_outcome(
        self, store: Store, case: MadeCase
    ) -> None:
        """A visit planned with consent, withdrawn before the visit, is still logged, and
        its contact says it was planned while consent was in place."""
        now = datetime(2026, 3, 20, 9, tzinfo=UTC)
        _consent(store, case, given=True, at=now - timedelta(days=5))
        with store.transaction() as session:
            visit_id = visit_planning.plan_visit(
                session,
                case.case_id,
                visit_planning.VisitInput(
                    kind=VisitKind.PERPETRATOR_INTERVIEW,
                    planned_at=now + timedelta(hours=1),
                    person_id=case.perpetrator_id,
                    attendees=[Attendee("Officer Test", AttendeeRole.OFFICER)],
                ),
                now=now,
            ).id
        _consent(store, case, given=False, at=now + timedelta(minutes=30))
        with store.transaction() as session:
            visit_checkins.record_outcome(
                session,
                visit_id,
                OutcomeInput("no_access"),
                now=now + timedelta(hours=2),
                officer_name="Officer Test",
                policy=POLICY,
            )
        [logged] = _contacts(store)
        assert logged.consent_override_reason == visit_checkins.PLANNED_WITH_CONSENT


class TestNotForDisclosureFlag:
    def test_flags_are_kept_on_contacts_incidents_and_people(
        self, store: Store, case: MadeCase
    ) -> None:
        """Marking a note not for disclosure is stored, and an edit can clear it."""
        _add(store, case, _letter(case, person_id=case.victim_id, not_for_disclosure=True))
        incident = IncidentInput(
            occurred_at=LETTER_AT,
            kinds=["graffiti"],
            description="Source: the neighbour at number 9.",
            not_for_disclosure=True,
        )
        with store.transaction() as session:
            saved = add_incident(session, case.case_id, incident, policy=POLICY)
            update_incident(
                session, saved.id, saved.version, replace(incident, not_for_disclosure=False)
            )
            person = session.get(Person, case.victim_id)
            assert person is not None
            update_person(
                session,
                person.id,
                person.version,
                PersonInput(full_name=VICTIM, notes="Husband unaware.", not_for_disclosure=True),
                policy=POLICY,
            )
        with store.reading() as session:
            [contact] = session.exec(select(Contact)).all()
            assert contact.not_for_disclosure
            flagged = session.exec(select(Incident).where(Incident.id == saved.id)).one()
            assert not flagged.not_for_disclosure
            person = session.get(Person, case.victim_id)
            assert person is not None and person.not_for_disclosure
