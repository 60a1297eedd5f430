"""Case services: opening, finding, the case file, incidents, contacts, actions, edits.

The same classes run on PostgreSQL in ``tests/pg`` (the ``store`` fixture is
replaced there), so nothing here may depend on SQLite.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fieldcase.db.access import OWNER_ONLY_TABLES
from fieldcase.db.models import (
    AuditEvent,
    CaseParty,
    Contact,
    Incident,
    Person,
    Property,
    metadata,
)
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Engagement,
    IncidentType,
    PartyRole,
    RiskLevel,
    Strand,
)
from fieldcase.services import case_file, case_records, caseload, contact_records, intake
from fieldcase.services.case_records import ActionInput, IncidentInput, PersonInput
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.services.intake import NewCaseInput

TODAY = date(2026, 11, 20)
"""A Friday. Every moment below is before it, so nothing is ever in the future."""
OFFICER = "Officer Test"
NO_CONSENT_YET = "Police asked us to approach him before the victim could be reached."
"""The reason to approach a perpetrator in tests that record no consent."""


def at(days_before_today: int, hour: int = 10) -> datetime:
    """A moment some days before TODAY, in UTC."""
    day = TODAY - timedelta(days=days_before_today)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def incident(**changes: Any) -> IncidentInput:
    values: dict[str, Any] = {
        "occurred_at": at(1, 19),
        "kinds": [IncidentType.VERBAL_ABUSE],
        "strands": [Strand.RACE],
        "description": "Shouted abuse over the fence.",
    }
    values.update(changes)
    return IncidentInput(**values)


def new_case(**changes: Any) -> NewCaseInput:
    """A valid hate-crime case, with any field replaced."""
    values: dict[str, Any] = {
        "category": Category.HATE_CRIME,
        "strands": [Strand.RACE],
        "address": "12 Larkspur Close, Eastbridge",
        "postcode": "eb2 7ql",
        "tenancy_ref": "EBH-40001",
        "police_refs": "EB/41173/26",
        "people": [
            PersonInput("Marta Nowicka", PartyRole.VICTIM, safe_contact_number="07700 900123"),
            PersonInput("Tomasz Nowicki", PartyRole.HOUSEHOLD),
            PersonInput("Gary Stroud", PartyRole.PERPETRATOR, address="14 Larkspur Close"),
        ],
        "incident": incident(),
    }
    values.update(changes)
    return NewCaseInput(**values)


def open_case(
    store: Store,
    policy: Policy,
    data: NewCaseInput | None = None,
    *,
    opened_days_ago: int = 0,
    risk: RiskLevel | None = None,
    status: CaseStatus | None = None,
    officer: str = OFFICER,
) -> uuid.UUID:
    """Open a case in its own transaction and return its id."""
    with store.transaction() as session:
        case = intake.create_case(
            session,
            data or new_case(),
            officer_name=officer,
            policy=policy,
            today=TODAY - timedelta(days=opened_days_ago),
        )
        if risk is not None:
            case.risk_level = risk
        if status is not None:
            case.status = status
        case_file.refresh_case(session, case, policy)
        return case.id


def victim_only(name: str, address: str, **changes: Any) -> NewCaseInput:
    """A nuisance case with just a victim."""
    values: dict[str, Any] = {
        "category": Category.NUISANCE_ASB,
        "strands": [],
        "address": address,
        "postcode": "",
        "tenancy_ref": "",
        "police_refs": "",
        "people": [PersonInput(name, PartyRole.VICTIM)],
        "incident": incident(kinds=[IncidentType.NOISE], strands=[], description="Loud music."),
    }
    values.update(changes)
    return NewCaseInput(**values)


def row_counts(store: Store) -> dict[str, int]:
    """Rows in every table the store's login may read (an officer's cannot read settings)."""
    hidden = OWNER_ONLY_TABLES if store.officer is not None else frozenset()
    with store.reading() as session:
        return {
            table.name: session.execute(sa_select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
            if table.name not in hidden
        }


def refs(rows: list[caseload.CaseRow]) -> list[str]:
    return [r.reference for r in rows]


class TestCreateCase:
    """Opening a new case."""

    def test_creates_case_property_people_and_first_incident(
        self, store: Store, policy: Policy
    ) -> None:
        """A new case holds its property, victim, household, perpetrator and incident."""
        case_id = open_case(store, policy)
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert file.case.reference == "FC-2026-0001"
        assert file.case.status == CaseStatus.OPEN
        assert file.case.officer_name == OFFICER
        assert file.case.opened_on == TODAY
        assert file.property is not None
        assert file.property.postcode == "EB2 7QL"
        assert [p.person.full_name for p in file.people_in(PartyRole.VICTIM)] == ["Marta Nowicka"]
        assert [p.person.full_name for p in file.people_in(PartyRole.HOUSEHOLD)] == [
            "Tomasz Nowicki"
        ]
        (perp,) = file.people_in(PartyRole.PERPETRATOR)
        assert perp.party.engagement == Engagement.NOT_CONTACTED
        (first,) = file.incidents
        assert first.kinds == "verbal_abuse"
        assert first.occurred_at == at(1, 19)

    def test_references_count_up_within_the_year(self, store: Store, policy: Policy) -> None:
        """The second case of the year is FC-<year>-0002."""
        open_case(store, policy)
        second = open_case(store, policy, victim_only("Eileen Marsh", "4 Tannery Row"))
        with store.reading() as session:
            assert case_file.load_case_file(session, second).case.reference == "FC-2026-0002"

    def test_household_lives_at_the_case_address_and_others_do_not(
        self, store: Store, policy: Policy
    ) -> None:
        """Victim and household get the case property; a perpetrator gets their own or none."""
        data = new_case(
            people=[
                PersonInput("Marta Nowicka", PartyRole.VICTIM),
                PersonInput("Tomasz Nowicki", PartyRole.HOUSEHOLD),
                PersonInput("Gary Stroud", PartyRole.PERPETRATOR, address="14 Larkspur Close"),
                PersonInput("", PartyRole.PERPETRATOR),
            ]
        )
        case_id = open_case(store, policy, data)
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
            home = file.case.property_id
            by_name = {p.person.full_name: p.party.property_id for p in file.parties}
            gary_home = session.get(Property, by_name["Gary Stroud"])
        assert by_name["Marta Nowicka"] == home
        assert by_name["Tomasz Nowicki"] == home
        assert by_name["Gary Stroud"] not in (None, home)
        assert gary_home is not None and gary_home.address == "14 Larkspur Close"
        assert by_name["Unknown"] is None

    def test_unnamed_perpetrator_is_recorded_as_unknown(self, store: Store, policy: Policy) -> None:
        """An alleged perpetrator may be unknown; the typed form is left as it was."""
        unknown = PersonInput("", PartyRole.PERPETRATOR)
        data = new_case(people=[PersonInput("Marta Nowicka", PartyRole.VICTIM), unknown])
        case_id = open_case(store, policy, data)
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert [p.person.full_name for p in file.people_in(PartyRole.PERPETRATOR)] == ["Unknown"]
        assert unknown.full_name == ""

    def test_same_address_is_one_property(self, store: Store, policy: Policy) -> None:
        """A second case at the same address, typed differently in case, shares the property."""
        first = open_case(store, policy)
        data = victim_only("Other Person", "12 LARKSPUR CLOSE, EASTBRIDGE", postcode="EB2 7QL")
        second = open_case(store, policy, data)
        with store.reading() as session:
            one = case_file.load_case_file(session, first, record_view=False)
            two = case_file.load_case_file(session, second, record_view=False)
        assert one.case.property_id == two.case.property_id

    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"category": "burglary"}, "category", "category"),
            ({"strands": []}, "strands", "strand"),
            ({"strands": ["astrology"]}, "strands", "astrology"),
            ({"address": "   "}, "address", "address"),
            ({"people": [PersonInput("Tomasz", PartyRole.HOUSEHOLD)]}, "people", "victim"),
            (
                {
                    "people": [
                        PersonInput("V", PartyRole.VICTIM),
                        PersonInput(" ", PartyRole.WITNESS),
                    ]
                },
                "people.1",
                "name",
            ),
            ({"incident": incident(kinds=[])}, "incident.kinds", "what happened"),
            ({"incident": incident(kinds=["teleport"])}, "incident.kinds", "teleport"),
            ({"incident": incident(description=" ")}, "incident.description", "Describe"),
            (
                {"incident": incident(occurred_at=datetime(2026, 11, 19, 18, 0))},
                "incident.occurred_at",
                "time zone",
            ),
            (
                {"incident": incident(occurred_at=datetime.now(UTC) + timedelta(hours=1))},
                "incident.occurred_at",
                "future",
            ),
        ],
    )
    def test_invalid_case_names_the_field_and_writes_nothing(
        self, store: Store, policy: Policy, changes: dict[str, Any], field: str, words: str
    ) -> None:
        """Bad input raises a clear per-field message and leaves every table untouched."""
        open_case(store, policy)
        before = row_counts(store)
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            intake.create_case(
                session, new_case(**changes), officer_name=OFFICER, policy=policy, today=TODAY
            )
        assert words.lower() in caught.value.errors[field].lower()
        assert row_counts(store) == before

    def test_every_problem_is_reported_at_once(self, store: Store, policy: Policy) -> None:
        """The form can show all messages together, not one per attempt."""
        data = new_case(address="", strands=[], people=[], incident=incident(description=""))
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            intake.create_case(session, data, officer_name=OFFICER, policy=policy, today=TODAY)
        assert {"address", "strands", "people", "incident.description"} <= set(caught.value.errors)
        assert row_counts(store)["case"] == 0

    def test_asb_case_needs_no_strand(self, store: Store, policy: Policy) -> None:
        """Strands are required only for hate cases."""
        case_id = open_case(store, policy, victim_only("Eileen Marsh", "4 Tannery Row"))
        with store.reading() as session:
            assert case_file.load_case_file(session, case_id).case.strands == ""

    def test_creating_a_case_is_audited(self, store: Store, policy: Policy) -> None:
        """Every row written when opening a case has a create event by the officer."""
        case_id = open_case(store, policy)
        with store.reading() as session:
            events = session.exec(
                select(AuditEvent).where(col(AuditEvent.case_id) == case_id)
            ).all()
        entities = {e.entity for e in events if e.action == "create"}
        assert {"case", "caseparty", "incident"} <= entities
        assert {e.actor for e in events} == {store.actor}


class TestSearch:
    """Finding a case by part of a reference, name, street or police reference."""

    @pytest.fixture
    def three(self, store: Store, policy: Policy) -> dict[str, uuid.UUID]:
        return {
            "story": open_case(store, policy),
            "noise": open_case(
                store, policy, victim_only("Eileen Marsh-Whitley", "4 Tannery Row, Eastbridge")
            ),
            "dogs": open_case(
                store,
                policy,
                victim_only(
                    "Harold Penhaligon",
                    "12 Cobbler's Yard, Eastbridge",
                    police_refs="EB/55501/26",
                ),
            ),
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("FC-2026-0002", ["FC-2026-0002"]),
            ("0003", ["FC-2026-0003"]),
            ("nowicka", ["FC-2026-0001"]),
            ("MARTA", ["FC-2026-0001"]),
            ("stroud", ["FC-2026-0001"]),  # a perpetrator's name finds the case too
            ("tannery", ["FC-2026-0002"]),
            ("Cobbler's", ["FC-2026-0003"]),
            ("eb2 7ql", ["FC-2026-0001"]),
            ("EB/41173", ["FC-2026-0001"]),  # police reference
            ("55501", ["FC-2026-0003"]),
            ("eastbridge marsh", ["FC-2026-0002"]),  # every word must match
            ("nowhere", []),
        ],
    )
    def test_filters(
        self, store: Store, three: dict[str, uuid.UUID], query: str, expected: list[str]
    ) -> None:
        """Search matches any part of reference, names, address and police references."""
        with store.reading() as session:
            assert refs(caseload.search_cases(session, query, today=TODAY)) == expected
            assert caseload.count_cases(session, query) == len(expected)

    def test_empty_query_lists_every_open_case(
        self, store: Store, three: dict[str, uuid.UUID]
    ) -> None:
        """No query: all open cases."""
        with store.reading() as session:
            assert caseload.count_cases(session) == 3
            assert len(caseload.search_cases(session, "", today=TODAY)) == 3

    def test_a_page_of_the_caseload_carries_the_count_of_every_match(
        self, store: Store, three: dict[str, uuid.UUID]
    ) -> None:
        """The dashboard's page holds its rows, the count of all matches and the page count."""
        found = store.run(caseload.caseload_page, "", today=TODAY, page=1, page_size=2)
        assert found.total == 3 and found.pages == 2
        assert len(found.rows) == 1

    def test_crime_number_of_a_later_incident_is_searchable(
        self, store: Store, policy: Policy, three: dict[str, uuid.UUID]
    ) -> None:
        """A crime number given on a new incident finds the case."""
        with store.transaction() as session:
            case_records.add_incident(
                session,
                three["noise"],
                incident(kinds=[IncidentType.THREATS], police_crime_number="EB/60606/26"),
                policy=policy,
            )
        with store.reading() as session:
            assert refs(caseload.search_cases(session, "60606", today=TODAY)) == ["FC-2026-0002"]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("%", ["FC-2026-0003"]),
            ("_", ["FC-2026-0002"]),
            ("d_an", []),  # would match "dean" if _ were a wildcard
            ("jo_ann", ["FC-2026-0002"]),
            ("10%", []),  # would match "x-100%" if % were a wildcard
            ("100%", ["FC-2026-0003"]),
            ("a\\b", ["FC-2026-0003"]),
            ("\\", ["FC-2026-0003"]),
        ],
    )
    def test_sql_wildcards_are_taken_literally(
        self, store: Store, policy: Policy, query: str, expected: list[str]
    ) -> None:
        """% _ and backslash in a query match only themselves."""
        open_case(store, policy, victim_only("Dean Farrow", "40 Bellweather Road"))
        open_case(store, policy, victim_only("Jo_Ann Smith", "2 Millrace Lane"))
        open_case(store, policy, victim_only("A\\B Jones", "6 Sorrel Way", police_refs="X-100%"))
        with store.reading() as session:
            assert refs(caseload.search_cases(session, query, today=TODAY)) == expected

    def test_closed_cases_only_when_asked(self, store: Store, policy: Policy) -> None:
        """Closed cases are left out unless included, and then come last."""
        open_case(store, policy, status=CaseStatus.CLOSED, opened_days_ago=30)
        open_case(store, policy, victim_only("Eileen Marsh", "4 Tannery Row"))
        with store.reading() as session:
            assert refs(caseload.search_cases(session, today=TODAY)) == ["FC-2026-0002"]
            assert refs(caseload.search_cases(session, include_closed=True, today=TODAY)) == [
                "FC-2026-0002",
                "FC-2026-0001",
            ]
            assert caseload.count_cases(session, include_closed=True) == 2

    def test_officer_filter(self, store: Store, policy: Policy) -> None:
        """'My cases' are the cases assigned to the officer."""
        open_case(store, policy)
        open_case(store, policy, victim_only("Eileen Marsh", "4 Tannery Row"), officer="Priya")
        with store.reading() as session:
            mine = caseload.search_cases(session, officer_name=OFFICER, today=TODAY)
            assert refs(mine) == ["FC-2026-0001"]
            assert caseload.count_cases(session, officer_name="Priya") == 1

    def test_pages_cover_every_case_once(self, store: Store, policy: Policy) -> None:
        """Pages of three over seven cases: 3, 3, 1, nothing missed or repeated."""
        for n in range(7):
            open_case(store, policy, victim_only(f"Tenant {n}", f"{n} Pennant Road"))
        with store.reading() as session:
            pages = [
                refs(caseload.search_cases(session, limit=3, offset=offset, today=TODAY))
                for offset in (0, 3, 6, 9)
            ]
            everything = refs(caseload.search_cases(session, today=TODAY))
        assert [len(p) for p in pages] == [3, 3, 1, 0]
        assert [r for page in pages for r in page] == everything
        assert len(set(everything)) == 7

    def test_most_urgent_first(self, store: Store, policy: Policy) -> None:
        """High, then not yet assessed, Medium, Standard; overdue first within each, then due."""
        made = {
            "standard": open_case(
                store, policy, victim_only("S", "1 A Road"), risk=RiskLevel.STANDARD
            ),
            "high": open_case(store, policy, victim_only("H", "2 A Road"), risk=RiskLevel.HIGH),
            "overdue-standard": open_case(
                store,
                policy,
                victim_only("OS", "3 A Road"),
                risk=RiskLevel.STANDARD,
                opened_days_ago=10,
            ),
            "unassessed": open_case(store, policy, victim_only("U", "4 A Road")),
            "medium": open_case(store, policy, victim_only("M", "5 A Road"), risk=RiskLevel.MEDIUM),
            "overdue-high-earlier": open_case(
                store,
                policy,
                victim_only("OHE", "6 A Road"),
                risk=RiskLevel.HIGH,
                opened_days_ago=20,
            ),
            "overdue-high": open_case(
                store,
                policy,
                victim_only("OH", "7 A Road"),
                risk=RiskLevel.HIGH,
                opened_days_ago=8,
            ),
        }
        names = {v: k for k, v in made.items()}
        with store.reading() as session:
            rows = caseload.search_cases(session, today=TODAY)
        assert [names[r.id] for r in rows] == [
            "overdue-high-earlier",
            "overdue-high",
            "high",
            "unassessed",
            "medium",
            "overdue-standard",
            "standard",
        ]
        assert [r.overdue(TODAY) for r in rows] == [True, True, False, False, False, True, False]

    def test_row_shows_the_victim(self, store: Store, policy: Policy) -> None:
        """A caseload row names the victim, with strands as a list."""
        open_case(store, policy)
        with store.reading() as session:
            (row,) = caseload.search_cases(session, today=TODAY)
        assert row.victim == "Marta Nowicka"
        assert row.strands == ["race"]
        assert row.category == Category.HATE_CRIME


class TestCaseFile:
    """The case file: everything about one case."""

    def test_sections_in_reading_order(self, store: Store, policy: Policy) -> None:
        """Incidents and contacts newest first; open actions before done ones, by due date."""
        case_id = open_case(store, policy, opened_days_ago=5)
        with store.transaction() as session:
            case_records.add_incident(
                session,
                case_id,
                incident(occurred_at=at(2, 20), kinds=[IncidentType.CRIMINAL_DAMAGE]),
                policy=policy,
            )
            for days in (4, 1, 3):
                contact_records.add_contact(
                    session,
                    case_id,
                    ContactInput(at=at(days), method=ContactMethod.CALL),
                    policy=policy,
                )
            done = case_records.add_action(
                session, case_id, ActionInput(what="Write letters", due_on=TODAY)
            )
            done.done_on = TODAY
            case_records.add_action(
                session, case_id, ActionInput(what="Joint visit", due_on=TODAY + timedelta(3))
            )
            case_records.add_action(
                session, case_id, ActionInput(what="Refer", due_on=TODAY + timedelta(1))
            )
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert [i.occurred_at for i in file.incidents] == [at(1, 19), at(2, 20)]
        assert [c.at for c in file.contacts] == [at(1), at(3), at(4)]
        assert [a.what for a in file.actions] == ["Refer", "Joint visit", "Write letters"]

    def test_opening_a_case_file_is_audited(self, store: Store, policy: Policy) -> None:
        """Viewing a case file leaves a 'view' event, kept when the transaction commits."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            case_file.load_case_file(session, case_id)
        with store.reading() as session:
            views = session.exec(
                select(AuditEvent).where(
                    col(AuditEvent.case_id) == case_id, col(AuditEvent.action) == "view"
                )
            ).all()
        assert len(views) == 1

    def test_unknown_case_is_not_found(self, store: Store) -> None:
        """Asking for a case that is not there raises NotFound."""
        with pytest.raises(NotFound), store.reading() as session:
            case_file.load_case_file(session, uuid.uuid4())


class TestIncidents:
    """A new report on an open case."""

    def test_new_report_on_an_open_case_is_an_incident_of_that_case(
        self, store: Store, policy: Policy
    ) -> None:
        """The victim's open case is found by name and the report joins it; no new case."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            (found,) = intake.find_open_case_for_person(session, "  marta NOWICKA ")
            assert found.id == case_id
            case_records.add_incident(
                session,
                found.id,
                incident(
                    occurred_at=at(1, 22),
                    kinds=[IncidentType.CRIMINAL_DAMAGE],
                    description="Car scratched.",
                ),
                policy=policy,
            )
        with store.reading() as session:
            assert caseload.count_cases(session, include_closed=True) == 1
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert [i.description for i in file.incidents][0] == "Car scratched."
        assert len(file.incidents) == 2

    def test_checking_a_new_case_finds_the_victims_open_case(
        self, store: Store, policy: Policy
    ) -> None:
        """Checking a valid new case for a victim with an open case names that case."""
        case_id = open_case(store, policy)
        check = store.run(intake.check_new_case, new_case(), now=at(0))
        assert check.errors == {}
        assert [match.case_id for match in check.open_cases] == [case_id]

    def test_checking_a_bad_new_case_gives_every_problem_and_no_case(
        self, store: Store, policy: Policy
    ) -> None:
        """A new case without an address or victim is refused before any case is looked for."""
        open_case(store, policy)
        check = store.run(intake.check_new_case, new_case(address="", people=[]), now=at(0))
        assert set(check.errors) == {"address", "people"}
        assert check.open_cases == []

    def test_closed_cases_do_not_take_new_reports(self, store: Store, policy: Policy) -> None:
        """A victim whose only case is closed has no open case for a new report."""
        open_case(store, policy, status=CaseStatus.CLOSED)
        with store.reading() as session:
            assert intake.find_open_case_for_person(session, "Marta Nowicka") == []

    def test_invalid_incident_writes_nothing(self, store: Store, policy: Policy) -> None:
        """An incident in the future is refused and nothing is saved."""
        case_id = open_case(store, policy)
        before = row_counts(store)
        future = incident(occurred_at=datetime.now(UTC) + timedelta(days=1))
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            case_records.add_incident(session, case_id, future, policy=policy)
        assert "future" in caught.value.errors["occurred_at"]
        assert row_counts(store) == before


class TestContacts:
    """The engagement log and what it moves on."""

    def test_victim_contact_sets_last_contact_and_next_due(
        self, store: Store, policy: Policy
    ) -> None:
        """After contact with the victim the next is due by the risk level's cadence."""
        case_id = open_case(store, policy, risk=RiskLevel.MEDIUM, opened_days_ago=6)
        with store.transaction() as session:
            victim = case_file.load_case_file(session, case_id).people_in(PartyRole.VICTIM)[0]
            contact_records.add_contact(
                session,
                case_id,
                ContactInput(
                    at=at(2),
                    method=ContactMethod.VISIT,
                    person_id=victim.person.id,
                    outcome=ContactOutcome.SPOKE,
                ),
                policy=policy,
            )
        with store.reading() as session:
            case = case_file.load_case_file(session, case_id, record_view=False).case
        assert case.last_contact_at == at(2)
        assert case.next_contact_due == TODAY - timedelta(days=2) + timedelta(days=14)

    def test_no_victim_contact_means_first_contact_deadline(
        self, store: Store, policy: Policy
    ) -> None:
        """A hate case not yet contacted is due within one working day of opening."""
        case_id = open_case(store, policy, opened_days_ago=0)
        with store.reading() as session:
            case = case_file.load_case_file(session, case_id, record_view=False).case
        assert case.last_contact_at is None
        assert case.next_contact_due == TODAY + timedelta(days=3)  # Friday -> Monday

    def test_first_contact_deadline_skips_christmas_bank_holidays(
        self, store: Store, policy: Policy
    ) -> None:
        """A hate case opened on Christmas Eve 2026 is due on Tuesday 29th, not Christmas or
        the Monday that stands in for Boxing Day."""
        christmas_eve = date(2026, 12, 24)
        data = new_case(incident=incident(occurred_at=datetime(2026, 12, 23, 21, tzinfo=UTC)))
        with store.transaction() as session:
            case = intake.create_case(
                session,
                data,
                officer_name=OFFICER,
                policy=policy,
                today=christmas_eve,
                now=datetime(2026, 12, 24, 9, 30, tzinfo=UTC),
            )
            case_id = case.id
        with store.reading() as session:
            case = case_file.load_case_file(session, case_id, record_view=False).case
        assert case.opened_on == christmas_eve
        assert case.next_contact_due == date(2026, 12, 29)

    def test_first_contact_deadline_uses_the_organisation_nation(self, store: Store) -> None:
        """In Scotland 2 January is a bank holiday, so a case opened on New Year's Eve 2026
        is due on Tuesday 5 January (1 January, the weekend and the substitute Monday off)."""
        scotland = Policy(nation="scotland")
        data = new_case(incident=incident(occurred_at=datetime(2026, 12, 30, 21, tzinfo=UTC)))
        with store.transaction() as session:
            case = intake.create_case(
                session,
                data,
                officer_name=OFFICER,
                policy=scotland,
                today=date(2026, 12, 31),
                now=datetime(2026, 12, 31, 9, 30, tzinfo=UTC),
            )
            assert case.next_contact_due == date(2027, 1, 5)

    def test_contact_with_perpetrator_moves_engagement_to_attempting(
        self, store: Store, policy: Policy
    ) -> None:
        """Writing to a not-contacted perpetrator makes them 'attempting'; the victim's
        last contact is unchanged."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            (perp,) = case_file.load_case_file(session, case_id).people_in(PartyRole.PERPETRATOR)
            contact_records.add_contact(
                session,
                case_id,
                ContactInput(
                    at=at(1),
                    method=ContactMethod.LETTER,
                    person_id=perp.person.id,
                    outcome=ContactOutcome.SENT,
                    consent_override_reason=NO_CONSENT_YET,
                ),
                policy=policy,
            )
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert file.people_in(PartyRole.PERPETRATOR)[0].party.engagement == Engagement.ATTEMPTING
        assert file.case.last_contact_at is None

    def test_contact_does_not_undo_a_recorded_engagement(
        self, store: Store, policy: Policy
    ) -> None:
        """An engaged perpetrator stays engaged after another contact."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            (perp,) = case_file.load_case_file(session, case_id).people_in(PartyRole.PERPETRATOR)
            case_records.set_engagement(session, perp.party.id, Engagement.ENGAGED)
            contact_records.add_contact(
                session,
                case_id,
                ContactInput(
                    at=at(1),
                    method=ContactMethod.VISIT,
                    person_id=perp.person.id,
                    consent_override_reason=NO_CONSENT_YET,
                ),
                policy=policy,
            )
        with store.reading() as session:
            party = session.get(CaseParty, perp.party.id)
            assert party is not None and party.engagement == Engagement.ENGAGED

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"method": "pigeon"}, "method"),
            ({"direction": "sideways"}, "direction"),
            ({"at": datetime(2026, 11, 19, 10, 0)}, "at"),
            ({"at": datetime.now(UTC) + timedelta(hours=2)}, "at"),
        ],
    )
    def test_invalid_contact_writes_nothing(
        self, store: Store, policy: Policy, changes: dict[str, Any], field: str
    ) -> None:
        """A contact that cannot be saved names the field and changes nothing."""
        case_id = open_case(store, policy)
        before = row_counts(store)
        values: dict[str, Any] = {"at": at(1), "method": ContactMethod.CALL}
        values.update(changes)
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            contact_records.add_contact(session, case_id, ContactInput(**values), policy=policy)
        assert field in caught.value.errors
        assert row_counts(store) == before

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"method": "pigeon"}, "method"),
            ({"direction": "sideways"}, "direction"),
            ({"at": datetime.now(UTC) + timedelta(hours=2)}, "at"),
        ],
    )
    def test_invalid_edit_of_a_contact_keeps_the_saved_one(
        self, store: Store, policy: Policy, changes: dict[str, Any], field: str
    ) -> None:
        """Editing a contact is checked as strictly as logging one; the saved contact stays."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            contact = contact_records.add_contact(
                session, case_id, ContactInput(at=at(1), method=ContactMethod.CALL), policy=policy
            )
        values: dict[str, Any] = {
            "at": at(1),
            "method": ContactMethod.CALL,
            "direction": "out",
            "person_id": None,
            "outcome": "",
            "notes": "edited",
        }
        values.update(changes)
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            contact_records.update_contact(
                session, contact.id, contact.version, ContactInput(**values), policy=policy
            )
        assert field in caught.value.errors
        with store.reading() as session:
            saved = session.get(Contact, contact.id)
        assert saved is not None and saved.notes == "" and saved.direction == "out"

    @pytest.mark.parametrize("engagement", list(Engagement))
    def test_set_engagement(self, store: Store, policy: Policy, engagement: Engagement) -> None:
        """Every engagement status can be recorded for an alleged perpetrator."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            (perp,) = case_file.load_case_file(session, case_id).people_in(PartyRole.PERPETRATOR)
            case_records.set_engagement(session, perp.party.id, engagement)
        with store.reading() as session:
            party = session.get(CaseParty, perp.party.id)
            assert party is not None and party.engagement == engagement

    def test_engagement_must_be_known_and_for_a_perpetrator(
        self, store: Store, policy: Policy
    ) -> None:
        """An unknown status, or a status for a victim, is refused."""
        case_id = open_case(store, policy)
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        perp = file.people_in(PartyRole.PERPETRATOR)[0].party
        victim = file.people_in(PartyRole.VICTIM)[0].party
        with pytest.raises(ValidationError), store.transaction() as session:
            case_records.set_engagement(session, perp.id, "sulking")
        with pytest.raises(ValidationError), store.transaction() as session:
            case_records.set_engagement(session, victim.id, Engagement.ENGAGED)
        with pytest.raises(NotFound), store.transaction() as session:
            case_records.set_engagement(session, uuid.uuid4(), Engagement.ENGAGED)


class TestActions:
    """The action plan."""

    def test_action_needs_saying_what(self, store: Store, policy: Policy) -> None:
        """An empty action is refused."""
        case_id = open_case(store, policy)
        with pytest.raises(ValidationError) as caught, store.transaction() as session:
            case_records.add_action(session, case_id, ActionInput(what="  "))
        assert "what" in caught.value.errors

    def test_mark_done(self, store: Store, policy: Policy) -> None:
        """An action edited with a done date moves below the open ones."""
        case_id = open_case(store, policy)
        with store.transaction() as session:
            first = case_records.add_action(
                session, case_id, ActionInput(what="Letter", due_on=TODAY)
            )
            case_records.add_action(
                session, case_id, ActionInput(what="Visit", due_on=TODAY + timedelta(days=2))
            )
        with store.transaction() as session:
            case_records.update_action(
                session,
                first.id,
                first.version,
                ActionInput(what="Letter", who="", due_on=TODAY, done_on=TODAY),
            )
        with store.reading() as session:
            file = case_file.load_case_file(session, case_id, record_view=False)
        assert [(a.what, a.done_on) for a in file.actions] == [("Visit", None), ("Letter", TODAY)]


class TestEditConflict:
    """Two edits of the same record: the second is refused, not silently applied."""

    def test_stale_edit_raises_and_keeps_the_first(self, store: Store, policy: Policy) -> None:
        """A form opened at version 1 cannot save over an edit made since."""
        case_id = open_case(store, policy)
        with store.reading() as session:
            victim = case_file.load_case_file(session, case_id).people_in(PartyRole.VICTIM)[0]
        opened_at = victim.person.version
        with store.transaction() as session:
            case_records.update_person(
                session,
                victim.person.id,
                opened_at,
                PersonInput("Marta Nowicka-Kowal", PartyRole.VICTIM),
                policy=policy,
            )
        with pytest.raises(EditConflict), store.transaction() as session:
            case_records.update_person(
                session,
                victim.person.id,
                opened_at,
                PersonInput("Marta N.", PartyRole.VICTIM),
                policy=policy,
            )
        with store.reading() as session:
            person = session.get(Person, victim.person.id)
            assert person is not None
            assert person.full_name == "Marta Nowicka-Kowal"
            assert person.version == opened_at + 1
            assert refs(caseload.search_cases(session, "kowal", today=TODAY)) == ["FC-2026-0001"]

    def test_long_lived_session_with_an_old_copy_gets_edit_conflict(
        self, store: Store, policy: Policy
    ) -> None:
        """A session still holding version 1 of a row cannot overwrite a newer save."""
        case_id = open_case(store, policy)
        with Session(store.engine, expire_on_commit=False) as slow:
            stale = slow.exec(select(Incident).where(col(Incident.case_id) == case_id)).one()
            incident_id = stale.id
            slow.commit()
            with store.transaction() as quick:
                fresh = quick.get(Incident, incident_id)
                assert fresh is not None
                fresh.description = "Edited first."
            with pytest.raises(EditConflict):
                case_file.update_record(slow, stale, 1, description="Edited second.")
            slow.rollback()
        with store.reading() as session:
            kept = session.get(Incident, incident_id)
            assert kept is not None
            assert (kept.description, kept.version) == ("Edited first.", 2)

    def test_edit_of_removed_record_is_not_found(self, store: Store, policy: Policy) -> None:
        """Editing something no longer there says so."""
        with pytest.raises(NotFound), store.transaction() as session:
            case_records.update_person(
                session, uuid.uuid4(), 1, PersonInput("X", PartyRole.VICTIM), policy=policy
            )


def test_contacts_are_logged_by_the_officer(store: Store, policy: Policy) -> None:
    """A contact records which officer made it."""
    case_id = open_case(store, policy)
    with store.transaction() as session:
        contact_records.add_contact(
            session,
            case_id,
            ContactInput(at=at(1), method=ContactMethod.CALL),
            officer_name=OFFICER,
            policy=policy,
        )
    with store.reading() as session:
        (contact,) = session.exec(select(Contact).where(col(Contact.case_id) == case_id)).all()
    assert contact.officer_name == OFFICER
