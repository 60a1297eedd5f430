"""Names and phone numbers as officers type them: the same person, however it is spelt."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.people import likeness, name_key, phone_key, same_name
from fieldcase.services import abc_overview, case_records, people
from tests.builders import KNOWN_PERPETRATOR, a_case, a_known_perpetrator, a_person, an_abc

TODAY = date(2026, 12, 2)

SAME_NAMES = [
    ("Gary Stroud", "gary stroud"),
    ("Gary Stroud", "  GARY   STROUD "),
    ("Gary Stroud", "Stroud, Gary"),
    ("Gary Stroud", "GaryStroud"),
    ("Ana Popescu", "Ána Popescu"),
    ("Ștefan Ionescu", "Stefan Ionescu"),
    ("Siobhán O'Brien", "siobhan obrien"),
    ("Mary-Jane Kowalski", "Maryjane Kowalski"),
    ("Zoë Müller", "Zoe Muller"),
    ("Jürgen Weiß", "Jurgen Weiss"),
]
DIFFERENT_NAMES = [
    ("Ana Popescu", "Anna Popescu"),
    ("Gary Stroud", "Gary Strode"),
    ("Ion Popescu", "Ana Popescu"),
    ("Unknown", "Unknown"),
]


@pytest.mark.parametrize(("typed", "known"), SAME_NAMES)
def test_the_same_name_however_typed(typed: str, known: str) -> None:
    assert same_name(typed, known)


@pytest.mark.parametrize(("typed", "known"), DIFFERENT_NAMES)
def test_different_names_are_not_the_same(typed: str, known: str) -> None:
    assert not same_name(typed, known)


def test_an_unknown_name_has_no_key() -> None:
    assert name_key("Unknown") == "" and name_key(" not known ") == ""


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "07700-900123", "+44 7700 900123", "+44 (0)7700 900123", "0044 7700 900123"],
)
def test_a_phone_number_however_typed(typed: str) -> None:
    assert phone_key(typed) == "07700900123"


def test_a_short_number_is_not_matched_on() -> None:
    assert phone_key("999") == ""


def test_a_similar_name_counts_only_with_a_date_of_birth_or_phone() -> None:
    born = date(1990, 5, 4)
    assert not likeness("Anna Popescu", "Ana Popescu")
    assert str(likeness("Anna Popescu", "Ana Popescu", typed_dob=born, known_dob=born)) == (
        "similar name, same date of birth"
    )
    assert (
        str(
            likeness(
                "G Stroud", "Gary Stroud", typed_phones="07700900123", known_phones="07700900123"
            )
        )
        == "similar name, same phone number"
    )


def test_search_by_name_birth_phone_and_address(store: Store) -> None:
    with store.transaction() as s:
        a_case(
            s,
            victims=[a_person("Ána Popescu", date_of_birth=date(1990, 5, 4), phone="07700 900123")],
            perpetrators=["Gary Stroud"],
        )
        a_case(
            s,
            victims=["Mira Patel"],
            perpetrators=["Dean Holt"],
            address="8 Sorrel Way",
            postcode="EB2 7QL",
        )
    with store.reading() as s:

        def names(text: str) -> list[str]:
            return [p.full_name for p in people.find_people(s, text, today=TODAY)]

        assert names("ana popescu") == ["Ána Popescu"]
        assert names("pop an") == ["Ána Popescu"]
        assert names("gar") == ["Gary Stroud"]
        assert names("+44 7700 900123") == ["Ána Popescu"]
        assert names("04/05/1990") == ["Ána Popescu"]
        assert names("eb27ql") == ["Mira Patel"]
        assert names("EB2 7QL") == ["Mira Patel"]
        assert names("8 sorrel wy") == ["Mira Patel"]
        assert names("nobody") == []


def test_a_match_says_their_cases_roles_cautions_and_ladder(store: Store) -> None:
    with store.transaction() as s:
        first = a_case(s, victims=["Mira Patel"], perpetrators=["Gary Stroud"])
        second = a_case(s, victims=["Ana Popescu"], perpetrators=[])
        case_records.add_party(
            s,
            second.case_id,
            a_person("", "witness", person_id=first.perpetrator_id),
        )
    with store.reading() as s:
        (gary,) = people.possible_duplicates(s, full_name="STROUD,  gary")
    assert gary.id == first.perpetrator_id
    assert [r.label for r in gary.roles] == [
        f"alleged perpetrator in {first.reference}",
        f"witness in {second.reference}",
    ]
    assert gary.why == "same name"


def test_the_same_person_cannot_take_the_same_role_twice(store: Store) -> None:
    with store.transaction() as s:
        made = a_case(s)
        with pytest.raises(case_records.ValidationError):
            case_records.add_party(
                s, made.case_id, a_person("", "victim", person_id=made.victim_id)
            )


def test_a_child_given_by_age_grows_older(store: Store) -> None:
    with store.transaction() as s:
        made = a_case(s)
        case_records.add_party(
            s,
            made.case_id,
            a_person("Sami Haddad", "household", relationship="son", age_given=9),
            today=date(2025, 12, 3),
        )
    with store.reading() as s:
        (sami,) = people.find_people(s, "sami", today=TODAY)
    assert sami.born(TODAY) == "about 9"
    assert sami.born(date(2026, 12, 3)) == "about 10"
    assert sami.roles[0].relationship == "son"


def test_an_abc_follows_its_person_into_another_case(store: Store) -> None:
    with store.transaction() as s:
        first = a_known_perpetrator(s)
        an_abc(s, first.case_id, first.perpetrator_id, perpetrator_name=KNOWN_PERPETRATOR)
        second = a_case(
            s,
            victims=["Mira Patel"],
            perpetrators=[
                a_person(KNOWN_PERPETRATOR, "perpetrator", person_id=first.perpetrator_id)
            ],
        )
    with store.reading() as s:
        listed = abc_overview.case_abcs(s, second.case_id, today=TODAY)
        own = abc_overview.case_abcs(s, first.case_id, today=TODAY)
    assert [(a.person_name, a.from_case) for a in listed.rows] == [
        (KNOWN_PERPETRATOR, first.reference)
    ]
    assert [a.from_case for a in own.rows] == [""]
