"""The demo's consent decisions and disclosures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fieldcase.db.store import Store
from fieldcase.demo.protection import STORY_VICTIM, add_demo_protection
from fieldcase.domain.protection import ConsentKind
from fieldcase.services.consent import consent_in_place
from fieldcase.services.disclosure import list_disclosures
from tests.protection_data import make_case

TODAY = date(2026, 11, 25)


def test_story_case_gets_consents_and_a_disclosure(store: Store) -> None:
    """The story victim has all three consents and the police disclosure is logged."""
    with store.transaction() as session:
        story = make_case(session, victim=STORY_VICTIM, opened_on=date(2026, 10, 1))
        other = make_case(session, address="9 Elm Row", opened_on=date(2026, 10, 5))
        assert add_demo_protection(session, today=TODAY, officer_name="Sam Okafor")
    with store.reading() as session:
        for kind in ConsentKind:
            assert consent_in_place(session, story.case_id, kind)
        [logged] = list_disclosures(session, story.case_id)
        assert logged.agency == "Eastbridge Police" and logged.gateway == "s115_cda_1998"
        assert not consent_in_place(session, other.case_id, ConsentKind.SHARE_POLICE)


def test_without_the_story_case_nothing_is_added(store: Store) -> None:
    """A demo without the story victim is left as it is."""
    with store.transaction() as session:
        made = make_case(session)
        assert not add_demo_protection(session, today=TODAY, officer_name="Sam Okafor")
    with store.reading() as session:
        assert list_disclosures(session, made.case_id) == []


def test_demo_database_has_the_story_consents(open_demo_copy: Callable[[date], Store]) -> None:
    """The filled demo database shows the story victim's consent and the police disclosure."""
    from sqlmodel import select

    from fieldcase.db.models import Disclosure
    from fieldcase.services.subject_access import find_people

    store = open_demo_copy(TODAY)
    with store.reading() as session:
        [victim] = find_people(session, STORY_VICTIM)
        [disclosure] = session.exec(select(Disclosure)).all()
        assert consent_in_place(session, disclosure.case_id, ConsentKind.SHARE_POLICE)
        assert [ref for ref, _ in victim.roles] == [
            ref for ref, _ in find_people(session, str(victim.id))[0].roles
        ]
