"""Moving in: people and addresses the team server already holds are listed, and merged there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CautionKind, PartyRole
from fieldcase.services import cautions, duplicates
from fieldcase.services.errors import NotAllowed
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.screens.duplicates import DuplicatesScreen
from tests.builders import BuiltCase, a_case, a_person
from tests.pg.team import TeamServer, rows
from tests.pg.test_server_import_pg import LAPTOP_OFFICER, PASSPHRASE, move, server
from tests.pg.test_team_app_pg import app_on
from tests.ui.helpers import screen_text, settle

BORN = date(1984, 6, 12)
LISTED = "1 person and 1 address may already be known on the server"


@dataclass(frozen=True)
class Laptop:
    """A laptop file whose alleged perpetrator and address a colleague already recorded."""

    path: Path
    gary: uuid.UUID
    address: uuid.UUID


def strouds_case(
    session: Session, *, name: str, address: str, postcode: str, officer: str
) -> BuiltCase:
    """A case against Gary Stroud (born 12/06/1984) at an address on Sorrel Way."""
    return a_case(
        session,
        victims=["Nadia Okoro" if officer == LAPTOP_OFFICER else "Rosa Quint"],
        perpetrators=[a_person(name, PartyRole.PERPETRATOR, date_of_birth=BORN)],
        address=address,
        postcode=postcode,
        officer_name=officer,
    )


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Laptop:
    """ "gary  STROUD", same birthday, at "8 sorrel way" "eb27ql", with a violence caution."""
    path = tmp_path_factory.mktemp("laptop") / "fieldcase.db"
    store = open_store(path, PASSPHRASE, create=True, actor=LAPTOP_OFFICER)
    try:
        with store.transaction() as session:
            made = strouds_case(
                session,
                name="gary  STROUD",
                address="8 sorrel way",
                postcode="eb27ql",
                officer=LAPTOP_OFFICER,
            )
            cautions.add_caution(
                session,
                kind=CautionKind.VIOLENCE,
                person_id=made.perpetrator_id,
                note="Threatened staff with a bat",
            )
            case = session.get(Case, made.case_id)
            assert case is not None and case.property_id is not None
            address = case.property_id
    finally:
        store.close()
    return Laptop(path, made.perpetrator_id, address)


def on_server(team: TeamServer, officer: str) -> BuiltCase:
    """A colleague's case on the server: Gary Stroud at 8 Sorrel Way, with a dogs caution."""
    store = team.officer(officer)
    with store.transaction() as session:
        made = strouds_case(
            session,
            name="Gary Stroud",
            address="8 Sorrel Way",
            postcode="EB2 7QL",
            officer=store.actor,
        )
        cautions.add_caution(
            session, kind=CautionKind.DOGS, person_id=made.perpetrator_id, note="Two dogs loose"
        )
    return made


def people_named_gary(store: Store) -> list[list[str]]:
    """The Gary Stroud groups the store's officer sees on the Duplicates screen."""
    with store.reading() as session:
        found = duplicates.likely_duplicates(session)
    return [
        [p.person.full_name for p in group.people]
        for group in found.people
        if "stroud" in group.people[0].person.full_name.lower()
    ]


class TestListedOnImport:
    def test_a_colleagues_person_and_address_are_listed(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """Same name and birthday, same address: named with the colleague's case; nothing merged."""
        held = on_server(team, "anna")
        code, out, err = move(team, laptop.path)
        assert code == 0, err
        assert f"{LISTED} (nothing was merged):" in out
        assert "gary  STROUD (same name, same date of birth): also Gary Stroud in " in out
        assert f"{held.reference} (North)" in out
        assert "8 sorrel way, EB2 7QL (same address): also 8 Sorrel Way, EB2 7QL in " in out
        assert "An officer of team North reviews them" in out and "Duplicates" in out
        assert "Nadia Okoro" not in out and "only a supervisor" not in out
        assert rows(
            team.officer("anna"), "SELECT count(*) FROM person WHERE name_key = 'gary stroud'"
        ) == [(2,)]

    def test_a_second_run_does_not_list_them_again(self, team: TeamServer, laptop: Laptop) -> None:
        """The second run moves nothing and lists nothing: each is listed once, in the first."""
        on_server(team, "anna")
        first, second = move(team, laptop.path)[1], move(team, laptop.path)[1]
        assert first.count("gary  STROUD (") == 1 and first.count("8 sorrel way, EB2 7QL (") == 1
        assert "Nothing new to move" in second and "may already be known" not in second

    def test_a_person_only_in_another_teams_cases_is_for_a_supervisor(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """bob of South recorded him: alice's team cannot see both records, and is told so."""
        held = on_server(team, "bob")
        out = move(team, laptop.path)[1]
        assert f"also Gary Stroud in {held.reference} (South) [only a supervisor sees both]" in out
        assert people_named_gary(team.officer("alice")) == []
        assert len(people_named_gary(team.officer("sue"))) == 1


class TestMergedOnTheServer:
    def test_an_officer_merges_them_and_both_cautions_follow(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """alice keeps anna's record: dogs and violence show on it, the merges are hers."""
        held = on_server(team, "anna")
        assert move(team, laptop.path)[0] == 0
        alice = team.officer("alice")
        assert [sorted(g) for g in people_named_gary(alice)] == [["Gary Stroud", "gary  STROUD"]]
        policy = Policy()
        merged = alice.run(
            duplicates.merge_records, held.perpetrator_id, laptop.gary, policy=policy
        )
        assert merged.moved["cautions"] == 1 and merged.moved["roles"] == 1
        with alice.reading() as session:
            held_case = session.get(Case, held.case_id)
            assert held_case is not None and held_case.property_id is not None
            kept_address = held_case.property_id
        alice.run(duplicates.merge_records, kept_address, laptop.address, policy=policy)
        with alice.reading() as session:
            on_gary = cautions.cautions_for(
                session, property_id=None, person_id=held.perpetrator_id
            )
            cases = session.exec(
                select(CaseParty.case_id).where(CaseParty.person_id == held.perpetrator_id)
            ).all()
            moved_case = session.get(Case, next(c for c in cases if c != held.case_id))
            assert moved_case is not None
        assert {c.kind for c in on_gary} == {CautionKind.DOGS, CautionKind.VIOLENCE}
        assert moved_case.property_id == kept_address
        assert people_named_gary(alice) == []
        with team.server.connect(team.database) as conn:
            left = conn.execute("SELECT count(*) FROM person WHERE name_key = 'gary stroud'")
            assert left.fetchone() == (1,)
            merges = conn.execute(
                "SELECT entity, actor FROM auditevent WHERE action = 'merge' ORDER BY entity"
            ).fetchall()
            removed = conn.execute(
                "SELECT actor FROM auditevent WHERE action = 'delete' AND entity_id = %s",
                (str(laptop.gary),),
            ).fetchall()
        assert merges == [("person", team.login("alice")), ("property", team.login("alice"))]
        assert removed == [(team.login("alice"),)]

    def test_a_person_also_in_another_teams_case_is_kept_not_removed(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """anna's Gary is also in a South case alice cannot see: merging it away is refused,
        nothing changes; keeping it and merging the moved record into it works."""
        held = on_server(team, "anna")
        souths = on_server(team, "bob")
        owner = team.owner_store()
        with owner.transaction() as session:
            session.add(
                CaseParty(
                    case_id=souths.case_id, person_id=held.perpetrator_id, role=PartyRole.WITNESS
                )
            )
        assert move(team, laptop.path)[0] == 0
        alice = team.officer("alice")
        with alice.reading() as session:
            seen = [p for p in session.exec(select(Person)).all() if p.id == held.perpetrator_id]
            roles = session.exec(
                select(CaseParty.case_id).where(CaseParty.person_id == held.perpetrator_id)
            ).all()
        assert len(seen) == 1 and roles == [held.case_id]
        with pytest.raises(NotAllowed, match="also in another team's cases"):
            alice.run(duplicates.merge_records, laptop.gary, held.perpetrator_id, policy=Policy())
        with team.server.connect(team.database) as conn:
            count = conn.execute("SELECT count(*) FROM person WHERE name_key = 'gary stroud'")
            assert count.fetchone() == (3,)
        alice.run(duplicates.merge_records, held.perpetrator_id, laptop.gary, policy=Policy())
        with alice.reading() as session:
            kinds = {
                c.kind
                for c in cautions.cautions_for(
                    session, property_id=None, person_id=held.perpetrator_id
                )
            }
        assert kinds == {CautionKind.DOGS, CautionKind.VIOLENCE}

    def test_a_server_not_yet_upgraded_says_so_and_merges_nothing(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """Set up by the previous version: the officer is told IT upgrades it; then it works."""
        held = on_server(team, "anna")
        assert move(team, laptop.path)[0] == 0
        with team.server.connect(team.database) as conn:
            conn.execute("DROP FUNCTION fieldcase_remove_merged(text, uuid, integer)")
        alice = team.officer("alice")
        try:
            with pytest.raises(NotAllowed, match="IT runs fieldcase server upgrade once"):
                alice.run(
                    duplicates.merge_records, held.perpetrator_id, laptop.gary, policy=Policy()
                )
        finally:
            assert server(team, "upgrade")[0] == 0
        assert len(people_named_gary(alice)) == 1
        alice.run(duplicates.merge_records, held.perpetrator_id, laptop.gary, policy=Policy())
        assert people_named_gary(alice) == []


class TestOnScreen:
    async def test_alice_merges_them_by_keyboard_on_the_server(
        self, team: TeamServer, laptop: Laptop
    ) -> None:
        """d on the caseload, k on anna's Gary, m on the moved one, confirm: one Gary left."""
        held = on_server(team, "anna")
        assert move(team, laptop.path)[0] == 0
        app = app_on(team.officer("alice"))
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, DuplicatesScreen)
            await pilot.press("down", "k", "up", "m")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert "Merge gary STROUD into Gary Stroud?" in " ".join(screen_text(pilot).split())
            await pilot.press("down", "enter")
            await settle(pilot)
            (note,) = app._notifications
            assert note.message.startswith("Merged gary  STROUD into Gary Stroud: moved 1 role")
        with team.server.connect(team.database) as conn:
            left = conn.execute("SELECT id FROM person WHERE name_key = 'gary stroud'").fetchall()
        assert left == [(held.perpetrator_id,)]
