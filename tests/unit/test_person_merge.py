"""One person recorded twice: listed as likely duplicates, merged only when an officer says so."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, func, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcSignatory,
    AuditEvent,
    Case,
    CaseParty,
    Draft,
    Person,
)
from fieldcase.db.store import Store
from fieldcase.domain.ladder import Rung, ServedHow
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import AgencyKind, ConsentKind, DisclosureMethod, Gateway
from fieldcase.domain.risk import load_questionnaire
from fieldcase.domain.vocab import CautionKind, Engagement, PartyRole
from fieldcase.services import (
    case_records,
    cautions,
    drafts,
    duplicates,
    enforcement,
    person_merge,
    risk,
)
from fieldcase.services.disclosure import DisclosureInput, record_disclosure
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.merging import references
from fieldcase.services.subject_access import render_person
from tests.builders import (
    PERPETRATOR,
    a_case,
    a_consent,
    a_contact,
    a_person,
    a_visit,
    an_abc,
)

ASSESSED_AT = datetime(2026, 3, 5, 10, tzinfo=UTC)


@dataclass(frozen=True)
class TwoRecords:
    """Ellis Crane as first recorded, and a copy typed "Crane, Ellis" in three cases."""

    keep_id: uuid.UUID
    copy_id: uuid.UUID
    abc_id: uuid.UUID
    case_ids: list[uuid.UUID]


def _join(session: Session, case_id: uuid.UUID, person_id: uuid.UUID, role: str) -> CaseParty:
    return case_records.add_person(
        session, case_id, a_person("", role, person_id=person_id), policy=Policy()
    )


def _ellis_twice(session: Session) -> TwoRecords:
    """The copy is a second alleged perpetrator in Ellis's first case (engaged), the alleged
    perpetrator of a second case (contact, ABC, ladder step, caution, disclosure) and the
    victim of a third (consent, risk assessment, visit)."""
    first = a_case(session)
    copy_party = case_records.add_person(
        session,
        first.case_id,
        a_person(
            "Crane, Ellis",
            PartyRole.PERPETRATOR,
            phone="07700 900555",
            date_of_birth=date(1990, 5, 1),
            notes="Drives a white van.",
        ),
        policy=Policy(),
    )
    copy_id = copy_party.person_id
    case_records.set_engagement(session, copy_party.id, Engagement.ENGAGED)
    second, abc_id = _perpetrator_of_a_second_case(session, copy_id)
    third = a_case(session, victims=["Mo Rudd"], perpetrators=[], address="9 Elm Row")
    _join(session, third.case_id, copy_id, PartyRole.VICTIM)
    a_consent(session, third.case_id, copy_id, ConsentKind.SHARE_POLICE)
    questionnaire = load_questionnaire()
    risk.save_assessment(
        session,
        case_id=third.case_id,
        person_id=copy_id,
        questionnaire=questionnaire,
        answers={q.id: "no" for q in questionnaire.questions} | {"repeat": 0},
        assessor="Officer Test",
        now=ASSESSED_AT,
        policy=Policy(),
    )
    a_visit(session, third.case_id, copy_id)
    cases = [first.case_id, second, third.case_id]
    return TwoRecords(first.perpetrator_id, copy_id, abc_id, cases)


def _perpetrator_of_a_second_case(
    session: Session, copy_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID]:
    """A letter, a warning letter, an ABC, a caution and a disclosure; returns the case and ABC."""
    second = a_case(session, victims=["Jon Pike"], perpetrators=[], address="3 Elm Row")
    _join(session, second.case_id, copy_id, PartyRole.PERPETRATOR)
    a_consent(session, second.case_id, second.victim_id, ConsentKind.APPROACH_PERPETRATOR)
    a_contact(session, second.case_id, person_id=copy_id, notes="Letter to Mr Crane.")
    letter = enforcement.StepInput(
        Rung.WARNING_LETTER, date(2026, 3, 2), served_how=ServedHow.FIRST_CLASS_POST
    )
    enforcement.add_step(session, second.case_id, copy_id, letter, today=date(2026, 3, 2))
    abc = an_abc(session, second.case_id, copy_id, perpetrator_name="Crane, Ellis")
    cautions.add_caution(
        session, kind=CautionKind.VIOLENCE, person_id=copy_id, note="Punched a door."
    )
    record_disclosure(
        session,
        second.case_id,
        DisclosureInput(
            agency="Northvale Police",
            agency_kind=AgencyKind.POLICE,
            requesting_officer="DC Rowan Pell",
            requested_on=date(2026, 3, 9),
            gateway=Gateway.S115_CDA_1998,
            purpose="Investigation",
            data_subjects=f"{PERPETRATOR} (alleged perpetrator)",
            requested_info="Warning letters",
            disclosed_info="Copy of the warning letter",
            necessity="Corroboration",
            approved_by="Jo Marsh",
            disclosed_on=date(2026, 3, 10),
            consent_override_reason="Police investigation under way.",
            method=DisclosureMethod.SECURE_EMAIL,
        ),
        today=date(2026, 3, 10),
    )
    return second.case_id, abc.id


@pytest.fixture
def ellis(store: Store) -> TwoRecords:
    with store.transaction() as session:
        return _ellis_twice(session)


def _merge(store: Store, keep_id: uuid.UUID, copy_id: uuid.UUID) -> person_merge.PersonMergeResult:
    with store.transaction() as session:
        return person_merge.merge_people(session, keep_id, copy_id, policy=Policy())


class TestMerging:
    """Everything recorded against the copy follows the kept record."""

    def test_every_record_pointing_at_the_copy_moves(self, store: Store, ellis: TwoRecords) -> None:
        """Roles, contacts, cautions, consents, risk, visits, ABCs and ladder steps all move."""
        result = _merge(store, ellis.keep_id, ellis.copy_id)
        assert result.moved == {
            "roles": 2,
            "contacts": 1,
            "cautions": 1,
            "consents": 1,
            "risk assessments": 1,
            "visits": 1,
            "ABCs": 1,
            "ladder steps": 2,
        }
        assert result.joined_roles == ["alleged perpetrator in FC-2026-0001"]
        assert result.case_references == ["FC-2026-0001", "FC-2026-0002", "FC-2026-0003"]
        with store.reading() as session:
            assert session.get(Person, ellis.copy_id) is None
            for model, attribute in references("person"):
                column = getattr(model, attribute)
                left = session.exec(
                    select(func.count()).select_from(model).where(column == ellis.copy_id)
                ).one()
                assert left == 0, f"{model.__tablename__}.{attribute} still names the copy"
            abc = session.get(AbcAgreement, ellis.abc_id)
            assert abc is not None and abc.person_id == ellis.keep_id
            signed = session.exec(
                select(AbcSignatory.name).where(AbcSignatory.abc_id == ellis.abc_id)
            ).all()
            assert "Crane, Ellis" in signed and len(signed) == 3

    def test_one_role_where_both_were_in_a_case_in_the_same_role(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """Ellis is one alleged perpetrator of the first case, engaged as the copy was."""
        _merge(store, ellis.keep_id, ellis.copy_id)
        with store.reading() as session:
            parties = session.exec(
                select(CaseParty).where(
                    CaseParty.case_id == ellis.case_ids[0],
                    CaseParty.role == PartyRole.PERPETRATOR,
                )
            ).all()
            case = session.get(Case, ellis.case_ids[0])
        assert [(p.person_id, p.engagement) for p in parties] == [
            (ellis.keep_id, Engagement.ENGAGED)
        ]
        assert case is not None and "crane, ellis" not in case.search_text

    def test_the_kept_person_takes_the_copys_details_where_blank(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """Date of birth and phone are taken; the other spelling and notes go into the notes."""
        _merge(store, ellis.keep_id, ellis.copy_id)
        with store.reading() as session:
            kept = session.get(Person, ellis.keep_id)
        assert kept is not None
        assert (kept.date_of_birth, kept.phone) == (date(1990, 5, 1), "07700 900555")
        assert kept.notes == "Also recorded as Crane, Ellis.\nDrives a white van."

    def test_different_details_are_kept_in_the_notes(self, store: Store) -> None:
        """A second date of birth, phone and safe number are noted; not for disclosure stays."""
        with store.transaction() as session:
            built = a_case(
                session,
                victims=[
                    a_person("Ana Popescu", date_of_birth=date(1985, 2, 3), phone="07700 900101")
                ],
                perpetrators=[],
            )
            copy = _join(session, built.case_id, built.victim_id, PartyRole.WITNESS)
            other = case_records.add_person(
                session,
                built.case_id,
                a_person(
                    "ana popescu",
                    PartyRole.WITNESS,
                    date_of_birth=date(1985, 3, 2),
                    phone="07700 900202",
                    safe_contact_number="07700 900303",
                    notes="Speaks Romanian.",
                    not_for_disclosure=True,
                ),
                policy=Policy(),
            )
            keep_id, copy_id = copy.person_id, other.person_id
        _merge(store, keep_id, copy_id)
        with store.reading() as session:
            kept = session.get(Person, keep_id)
        assert kept is not None
        assert (kept.date_of_birth, kept.phone) == (date(1985, 2, 3), "07700 900101")
        assert kept.safe_contact_number == "07700 900303"
        assert kept.notes.splitlines() == [
            "Also recorded with date of birth 02/03/1985.",
            "Also recorded with phone 07700 900202.",
            "Speaks Romanian.",
        ]
        assert kept.not_for_disclosure

    def test_the_merge_is_one_audit_event_naming_both_records(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """A 'merge' event names the kept record and the copy; the copy's removal is audited."""
        _merge(store, ellis.keep_id, ellis.copy_id)
        with store.reading() as session:
            (merge,) = session.exec(select(AuditEvent).where(AuditEvent.action == "merge")).all()
            removed = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "delete", AuditEvent.entity_id == str(ellis.copy_id)
                )
            ).one()
        changes = json.loads(merge.changes)
        assert (merge.entity, merge.entity_id) == ("person", str(ellis.keep_id))
        assert changes["merged"] == [
            f"Crane, Ellis ({ellis.copy_id})",
            f"{PERPETRATOR} ({ellis.keep_id})",
        ]
        assert changes["joined"] == "alleged perpetrator in FC-2026-0001"
        assert changes["moved"].startswith("2 roles, 1 contact, 1 caution, 1 consent,")
        assert json.loads(removed.changes)["full_name"] == ["Crane, Ellis", None]

    def test_the_copys_caution_ladder_and_records_follow_the_kept_person(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """Visit plans, the ladder and the subject access export of Ellis show the copy's."""
        _merge(store, ellis.keep_id, ellis.copy_id)
        with store.reading() as session:
            markers = cautions.cautions_for(session, property_id=None, person_id=ellis.keep_id)
            ladder = enforcement.ladder_for(session, ellis.keep_id)
            export, counts = render_person(session, ellis.keep_id)
        assert [m.note for m in markers] == ["Punched a door."]
        assert [s.step.kind for s in ladder.steps] == [Rung.WARNING_LETTER, Rung.ABC]
        assert counts.cases == ["FC-2026-0001", "FC-2026-0002", "FC-2026-0003"]
        for text in (
            "Caution marker: violence: Punched a door.",
            "### Acceptable Behaviour Contract from 2 March 2026",
            "### Disclosures naming them",
            "Notes: Letter to Mr Crane.",
        ):
            assert text in export
        assert counts.sections == counts.sections | {
            "ABCs": 1,
            "enforcement steps": 2,
            "risk assessments": 1,
            "visits": 1,
            "consents": 1,
            "disclosures": 1,
        }

    def test_a_draft_about_the_copy_carries_on_for_the_kept_person(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """A risk assessment half-done for the copy is offered for the kept person."""
        third = ellis.case_ids[2]
        with store.transaction() as session:
            drafts.save_draft(
                session, risk.draft_key(third, ellis.copy_id), "Risk", {"who": str(ellis.copy_id)}
            )
        _merge(store, ellis.keep_id, ellis.copy_id)
        with store.reading() as session:
            kept = drafts.load_draft(session, risk.draft_key(third, ellis.keep_id))
            left = session.exec(
                select(Draft).where(col(Draft.key).contains(str(ellis.copy_id)))
            ).all()
        assert kept == {"who": str(ellis.keep_id)}
        assert left == []

    def test_a_person_is_not_merged_with_themselves_or_a_missing_record(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """Keep and copy must be two people in the database; nothing changes otherwise."""
        with pytest.raises(ValidationError), store.transaction() as session:
            person_merge.merge_people(session, ellis.keep_id, ellis.keep_id, policy=Policy())
        with pytest.raises(NotFound), store.transaction() as session:
            person_merge.merge_people(session, ellis.keep_id, uuid.uuid4(), policy=Policy())
        with store.reading() as session:
            assert session.get(Person, ellis.copy_id) is not None


class TestListing:
    """Likely duplicates are listed with what is recorded against each; none is merged."""

    def test_same_name_similar_name_with_birthday_and_shared_phone_are_grouped(
        self, store: Store
    ) -> None:
        """Each rule finds its pair; different people and unknown names are not grouped."""
        born = date(1979, 8, 14)
        with store.transaction() as session:
            a_case(
                session,
                victims=[
                    a_person("Ștefan Ionescu"),
                    a_person("Kim Hale", date_of_birth=born),
                    a_person("Dee Marr", phone="07700 900411"),
                ],
                perpetrators=["Unknown", "Joe Bloggs"],
            )
            a_case(
                session,
                victims=[
                    a_person("IONESCU,  Stefan"),
                    a_person("Kimberley Hale", date_of_birth=born),
                    a_person("Rae Kent", phone="+44 7700 900411"),
                ],
                perpetrators=["Unknown", "Jane Bloggs"],
                address="2 Elm Row",
            )
        with store.reading() as session:
            groups = person_merge.likely_duplicate_people(session)
            people = session.exec(select(func.count()).select_from(Person)).one()
        found = {g.why: [p.person.full_name for p in g.people] for g in groups}
        assert found == {
            "same phone number": ["Dee Marr", "Rae Kent"],
            "similar name, same date of birth": ["Kim Hale", "Kimberley Hale"],
            "same name": ["Ștefan Ionescu", "IONESCU,  Stefan"],
        }
        assert people == 10

    def test_each_record_comes_with_its_cases_roles_and_counts(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """The copy is listed after the original, with its roles and what is recorded."""
        with store.reading() as session:
            (group,) = person_merge.likely_duplicate_people(session)
        first, second = group.people
        assert (first.person.id, second.person.id) == (ellis.keep_id, ellis.copy_id)
        assert [r.label for r in second.person.roles] == [
            "alleged perpetrator in FC-2026-0001",
            "alleged perpetrator in FC-2026-0002",
            "victim in FC-2026-0003",
        ]
        assert second.person.cautions == ["History of violence"]
        assert second.records["ABCs"] == 1 and second.records["roles"] == 3
        assert first.records["roles"] == 1 and first.records["ABCs"] == 0


class TestMergingByIds:
    """The command and the screen merge by ids, working out what the records are."""

    def test_the_preview_says_what_will_move_and_changes_nothing(
        self, store: Store, ellis: TwoRecords
    ) -> None:
        """Two roles move and one joins the kept record's role."""
        with store.reading() as session:
            preview = duplicates.merge_preview(session, ellis.keep_id, ellis.copy_id)
        assert preview.question().startswith(
            f"Merge Crane, Ellis into {PERPETRATOR}?\nMoves 2 roles, 1 contact, 1 caution,"
        )
        assert "(1 role both had become one: alleged perpetrator in FC-2026-0001)" in (
            preview.question()
        )
        with store.reading() as session:
            assert session.get(Person, ellis.copy_id) is not None

    def test_a_person_and_an_address_are_not_merged(self, store: Store, ellis: TwoRecords) -> None:
        """Mixing a person and a property is refused with the reason."""
        with store.reading() as session:
            case = session.get(Case, ellis.case_ids[0])
            assert case is not None and case.property_id is not None
            property_id = case.property_id
        mixed = pytest.raises(ValidationError, match="a person and the other an address")
        with mixed, store.transaction() as session:
            duplicates.merge_records(session, ellis.keep_id, property_id, policy=Policy())
