"""One property per address: matching, picking, searching, offering open cases, merging.

The matching classes run on PostgreSQL too (``tests/pg/test_properties_pg.py``),
so nothing here may depend on SQLite.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from fieldcase.db.models import AuditEvent, Case, CaseParty, CautionMarker, Property, Visit
from fieldcase.db.store import Store
from fieldcase.domain.address import address_key
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, Category, CautionKind, IncidentType, PartyRole
from fieldcase.services import caseload, cautions, intake, properties, property_merge
from fieldcase.services.case_records import IncidentInput, PersonInput, add_person
from fieldcase.services.errors import ValidationError
from fieldcase.services.visit_planning import planning_facts

OPENED = date(2026, 3, 2)


def new_case(
    session: Session,
    address: str,
    postcode: str = "",
    *,
    victim: str = "Marta Nowicka",
    perpetrator_address: str = "",
) -> Case:
    """Open a case through the intake service, as the new-case form does."""
    people = [PersonInput(full_name=victim, role=PartyRole.VICTIM)]
    if perpetrator_address:
        people.append(
            PersonInput("Dan Reeve", role=PartyRole.PERPETRATOR, address=perpetrator_address)
        )
    return intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.PERSONAL_ASB,
            strands=[],
            address=address,
            postcode=postcode,
            people=people,
            incident=IncidentInput(
                occurred_at=datetime(2026, 3, 1, 19, 30, tzinfo=UTC),
                kinds=[IncidentType.VERBAL_ABUSE],
                description="Shouting at the door.",
            ),
        ),
        officer_name="Officer Test",
        policy=Policy(),
        today=OPENED,
    )


def property_count(session: Session) -> int:
    return len(session.exec(select(Property)).all())


class TestOnePropertyPerAddress:
    """However an address is typed, it is one property."""

    def test_spellings_of_one_address_share_one_property(self, store: Store) -> None:
        """'8 sorrel way', '8 Sorrel Way, EB2 7QL' and '8, Sorrel Wy' open cases on one property."""
        with store.transaction() as session:
            first = new_case(session, "8 sorrel way", victim="Marta Nowicka")
            second = new_case(session, "8 Sorrel Way, EB2 7QL", victim="Jon Pike")
            third = new_case(session, "8, Sorrel Wy.", "eb27ql", victim="Ada Lane")
            assert first.property_id == second.property_id == third.property_id
            assert property_count(session) == 1
            prop = session.get(Property, first.property_id)
            assert prop is not None
            assert (prop.address, prop.postcode, prop.address_key) == (
                "8 sorrel way",
                "EB2 7QL",
                "8 sorrel way",
            )

    def test_a_flat_is_another_property(self, store: Store) -> None:
        """'Flat 2, 8 Sorrel Way' is not the house at 8 Sorrel Way."""
        with store.transaction() as session:
            house = new_case(session, "8 Sorrel Way", "EB2 7QL")
            flat = new_case(session, "Flat 2, 8 Sorrel Way", "EB2 7QL", victim="Jon Pike")
            assert house.property_id != flat.property_id

    def test_same_street_at_another_postcode_is_another_property(self, store: Store) -> None:
        """1 High Street in two towns is two properties; without a postcode it is asked for."""
        with store.transaction() as session:
            one = new_case(session, "1 High Street", "EB1 2AB")
            other = new_case(session, "1 High St", "EB9 8XY", victim="Jon Pike")
            assert one.property_id != other.property_id
        with pytest.raises(ValidationError) as refused, store.transaction() as session:
            new_case(session, "1 high street", victim="Ada Lane")
        assert refused.value.errors == {
            "postcode": "1 high street is recorded at EB1 2AB and EB9 8XY: give the postcode."
        }

    def test_impossible_postcode_is_refused_before_anything_is_saved(self, store: Store) -> None:
        """The new-case check names the postcode problem; nothing is written."""
        data = intake.NewCaseInput(
            category=Category.PERSONAL_ASB,
            strands=[],
            address="8 Sorrel Way",
            postcode="EB2 7Q",
            people=[PersonInput("Marta Nowicka")],
        )
        errors = intake.validate_new_case(data)
        assert errors["postcode"].startswith(
            "EB2 7Q is not a UK postcode: the last part is a digit and two letters"
        )
        with pytest.raises(ValidationError), store.transaction() as session:
            intake.create_case(session, data, officer_name="Officer Test", policy=Policy())
        with store.reading() as session:
            assert property_count(session) == 0

    def test_postcode_in_the_address_that_disagrees_is_refused(self, store: Store) -> None:
        """An address ending in one postcode with another in the postcode field is queried."""
        with pytest.raises(ValidationError) as refused, store.transaction() as session:
            properties.find_or_add_property(session, "8 Sorrel Way, EB2 7QL", "EB3 1AA", "")
        assert refused.value.errors == {
            "postcode": "The address ends in EB2 7QL but the postcode is EB3 1AA."
        }

    def test_a_perpetrators_address_is_the_known_property(self, store: Store) -> None:
        """A person's address typed in another case finds the property already recorded."""
        with store.transaction() as session:
            victim_case = new_case(session, "16 Alder Road", "ZZ1 4AB", victim="Dan Reeve")
            other = new_case(
                session, "14 Alder Road", "ZZ1 4AB", victim="Mira Patel",
                perpetrator_address="16 alder rd",
            )  # fmt: skip
            party = session.exec(
                select(CaseParty).where(
                    CaseParty.case_id == other.id, CaseParty.role == PartyRole.PERPETRATOR
                )
            ).one()
            assert party.property_id == victim_case.property_id
            assert property_count(session) == 2

    def test_a_caution_on_the_address_shows_whichever_way_it_was_typed(
        self, store: Store, policy: Policy
    ) -> None:
        """A dogs caution on '8 sorrel way' shows on the plan of a case typed with a postcode."""
        with store.transaction() as session:
            first = new_case(session, "8 sorrel way")
            cautions.add_caution(
                session, kind=CautionKind.DOGS, property_id=first.property_id, note="Two dogs"
            )
            second = new_case(session, "8 Sorrel Way, EB2 7QL", victim="Jon Pike")
            lodger = add_person(session, second.id, PersonInput("Ada Lane"), policy=policy)
            facts = planning_facts(
                session, second.id, person_id=lodger.person_id, place_kind="property"
            )
        assert [(c.kind, c.note) for c in facts.cautions] == [("dogs", "Two dogs")]
        assert "8 sorrel way, EB2 7QL" in facts.place


class TestPickingAnAddress:
    """Forms offer the addresses already known."""

    def test_properties_at_a_postcode_in_street_order(self, store: Store) -> None:
        """Typed any way, a postcode lists its known addresses, 2 before 10, with cautions."""
        with store.transaction() as session:
            ten = new_case(session, "10 Sorrel Way", "EB2 7QL")
            new_case(session, "2 Sorrel Way", "EB2 7QL", victim="Jon Pike")
            new_case(session, "3 Quince Ave", "EB2 7QL", victim="Ada Lane")
            new_case(session, "4 Sorrel Way", "EB3 1AA", victim="Ivy Lane")
            cautions.add_caution(session, kind=CautionKind.DOGS, property_id=ten.property_id)
        with store.reading() as session:
            found = properties.properties_at(session, "eb27ql")
            assert properties.properties_at(session, "EB2 7Q") == []
        assert [p.label for p in found] == [
            "3 Quince Ave, EB2 7QL",
            "2 Sorrel Way, EB2 7QL",
            "10 Sorrel Way, EB2 7QL",
        ]
        assert [(p.cautions, p.open_cases) for p in found][2] == (1, ("FC-2026-0001",))

    def test_find_properties_by_words_or_postcode(self, store: Store) -> None:
        """Abbreviations, case and a compact postcode all find the known address."""
        with store.transaction() as session:
            new_case(session, "8 Sorrel Way", "EB2 7QL")
            new_case(session, "12 Larkspur Close", "EB4 2CD", victim="Jon Pike")
        with store.reading() as session:
            for text in ("sorrel", "8 SORREL WY", "eb27ql", "EB2 7QL", "sorrel eb2"):
                found = properties.find_properties(session, text)
                assert [p.address for p in found] == ["8 Sorrel Way"], text
            assert [p.address for p in properties.find_properties(session, "larkspur cl")] == [
                "12 Larkspur Close"
            ]
            assert properties.find_properties(session, "") == []


class TestSearchAndOffers:
    """Search finds a postcode with or without its space; a report finds the case at its address."""

    def test_search_finds_postcode_with_or_without_its_space(self, store: Store) -> None:
        """'EB2 7QL', 'eb27ql' and 'sorrel rd' find the case."""
        with store.transaction() as session:
            case = new_case(session, "8 Sorrel Road", "eb2 7ql")
            new_case(session, "12 Larkspur Close", "EB4 2CD", victim="Jon Pike")
        with store.reading() as session:
            for query in ("EB2 7QL", "eb27ql", "EB27QL", "sorrel rd", "8 sorrel road"):
                rows = caseload.search_cases(session, query, today=OPENED)
                assert [r.id for r in rows] == [case.id], query

    def test_a_new_report_at_a_known_address_offers_its_open_case(self, store: Store) -> None:
        """Another name at the same address, typed differently, is offered the open case there."""
        with store.transaction() as session:
            case = new_case(session, "8 Sorrel Way", "EB2 7QL", victim="Marta Nowicka")
            closed = new_case(session, "8 Sorrel Way", "EB2 7QL", victim="Old Tenant")
            closed.status = CaseStatus.CLOSED
        report = intake.NewCaseInput(
            category=Category.PERSONAL_ASB,
            strands=[],
            address="8 sorrel wy, eb27ql",
            people=[PersonInput("Jon Pike")],
        )
        with store.reading() as session:
            offers = intake.open_cases_for_report(session, report)
        assert [(o.case_id, o.reason) for o in offers] == [
            (case.id, f"Open case {case.reference} is at the same address, 8 sorrel wy.")
        ]

    def test_the_victims_own_case_is_offered_once(self, store: Store) -> None:
        """The victim's open case at the same address is offered once, by name."""
        with store.transaction() as session:
            case = new_case(session, "8 Sorrel Way", "EB2 7QL", victim="Marta Nowicka")
        report = intake.NewCaseInput(
            category=Category.PERSONAL_ASB,
            strands=[],
            address="8 Sorrel Way",
            people=[PersonInput("marta nowicka")],
        )
        with store.reading() as session:
            offers = intake.open_cases_for_report(session, report)
        assert [(o.case_id, o.reason) for o in offers] == [
            (case.id, f"marta nowicka is already in open case {case.reference}.")
        ]


def old_duplicate(session: Session, address: str, postcode: str = "", key: str = "") -> Property:
    """A property written before addresses were matched: a second copy of one address."""
    prop = Property(address=address, postcode=postcode, address_key=key or address_key(address))
    session.add(prop)
    session.flush()
    return prop


class TestDuplicates:
    """Copies of one address in an older database are listed, and merged only when asked."""

    def test_likely_duplicates_group_one_address(self, store: Store) -> None:
        """Same key and a compatible postcode are listed; another postcode or a flat is not."""
        with store.transaction() as session:
            kept = new_case(session, "8 Sorrel Way", "EB2 7QL")
            copy = old_duplicate(session, "8 sorrel wy")
            old_duplicate(session, "8 Sorrel Way", "EB9 8XY")
            old_duplicate(session, "Flat 2, 8 Sorrel Way", "EB2 7QL")
        with store.reading() as session:
            groups = property_merge.likely_duplicates(session)
        by_postcode = {g.postcode: [p.view.id for p in g.properties] for g in groups}
        assert by_postcode["EB2 7QL"] == [kept.property_id, copy.id]
        assert len(by_postcode["EB9 8XY"]) == 2  # the copy without a postcode may be either
        first = groups[0].properties[0]
        assert first.records == {"cases": 1, "cautions": 0, "people": 1, "visits": 0}

    def test_merge_moves_everything_and_is_audited(self, store: Store, policy: Policy) -> None:
        """Every case, person, caution and visit at the copy moves; the copy goes; it is audited."""
        with store.transaction() as session:
            kept_case = new_case(session, "8 Sorrel Way", "EB2 7QL")
            copy = old_duplicate(session, "8 sorrel wy")
            copy.tenancy_ref = "T-0081"
            copy.notes = "Side gate sticks."
            moved_case = new_case(session, "1 Elm Row", "EB5 5AB", victim="Jon Pike")
            moved_case.property_id = copy.id
            party = session.exec(select(CaseParty).where(CaseParty.case_id == moved_case.id)).one()
            party.property_id = copy.id
            cautions.add_caution(session, kind=CautionKind.DOGS, property_id=copy.id)
            session.add(
                Visit(
                    case_id=moved_case.id,
                    property_id=copy.id,
                    kind="victim_support",
                    planned_at=datetime(2026, 3, 4, 10, tzinfo=UTC),
                )
            )
            keep_id, copy_id = kept_case.property_id, copy.id
            assert keep_id is not None
        with store.transaction() as session:
            result = property_merge.merge_properties(session, keep_id, copy_id, policy=policy)
        assert result.moved == {"cases": 1, "cautions": 1, "people": 1, "visits": 1}
        assert result.case_references == ["FC-2026-0001", "FC-2026-0002"]
        with store.reading() as session:
            assert session.get(Property, copy_id) is None
            kept = session.get(Property, keep_id)
            assert kept is not None
            assert (kept.tenancy_ref, kept.notes) == ("T-0081", "Side gate sticks.")
            left = [
                *session.exec(select(Case).where(Case.property_id == copy_id)).all(),
                *session.exec(select(CaseParty).where(CaseParty.property_id == copy_id)).all(),
                *session.exec(
                    select(CautionMarker).where(CautionMarker.property_id == copy_id)
                ).all(),
                *session.exec(select(Visit).where(Visit.property_id == copy_id)).all(),
            ]
            assert left == []
            moved = session.get(Case, moved_case.id)
            assert moved is not None and moved.property_id == keep_id
            assert "eb27ql" in moved.search_text
            merge = session.exec(select(AuditEvent).where(AuditEvent.action == "merge")).one()
            deleted = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "delete", AuditEvent.entity_id == str(copy_id)
                )
            ).one()
        assert merge.entity_id == str(keep_id)
        assert json.loads(deleted.changes)["address"] == ["8 sorrel wy", None]

    def test_merging_a_property_into_itself_is_refused(self, store: Store, policy: Policy) -> None:
        """Keep and copy must be two records."""
        with store.transaction() as session:
            prop = old_duplicate(session, "8 Sorrel Way")
        with pytest.raises(ValidationError), store.transaction() as session:
            property_merge.merge_properties(session, prop.id, prop.id, policy=policy)
        with pytest.raises(LookupError), store.transaction() as session:
            property_merge.merge_properties(session, prop.id, uuid.uuid4(), policy=policy)
