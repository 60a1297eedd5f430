"""The chronology: every kind of record in one numbered, time-ordered list, and its filters."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.chronology import EntryKind, Redactor, ThirdParty, number_entries
from fieldcase.services.chronology import Chronology, chronology
from tests.chronology_data import (
    NOW,
    StoryCase,
    close_keeping_everything,
    reopen,
    story_case,
)

TODAY = date(2026, 3, 20)


@pytest.fixture
def story(store: Store) -> StoryCase:
    with store.transaction() as session:
        return story_case(session)


def closed_and_reopened(store: Store, story: StoryCase) -> None:
    case = close_keeping_everything(
        store, story, reason="Quiet since the ABC.", feedback="Thank you for listening to us."
    )
    reopen(store, story, case.version, "Car damaged again.", now=NOW.replace(hour=15))


def lines(chron: Chronology) -> list[str]:
    return [f"{e.number} {e.day:%d} {e.kind.value}: {e.summary}" for e in chron.entries]


class TestOrderAndNumbering:
    """One list, oldest first, numbered from 1."""

    def test_every_kind_of_record_in_time_order(self, store: Store, story: StoryCase) -> None:
        """Incident, opening, risk, consent, contacts, visit, disclosure, ABC, ladder, review,
        breach, closing and reopening, each once, numbered 1 to 14."""
        closed_and_reopened(store, story)
        chron = store.run(chronology, story.case_id, now=NOW.replace(hour=16))
        assert lines(chron) == [
            "1 01 incident: Incident: Verbal abuse (alleged: Gary Stroud, Leanne Voss)",
            "2 02 case: Case opened: Hate incident",
            "3 03 risk: Risk assessment of Marta Nowicka: High (score 3)",
            "4 03 consent: Marta Nowicka gave consent to approach the alleged perpetrator(s) "
            "(verbal)",
            "5 04 contact: Letter to Gary Stroud: sent",
            "6 05 contact: Visit to Leanne Voss: no access (attempt)",
            "7 06 visit: Victim support visit to Marta Nowicka at the property: completed",
            "8 08 disclosure: Disclosure to Eastbridge Police (Police), asked for by PC Jo Marsh; "
            "gateway: s115 Crime and Disorder Act 1998",
            "9 10 abc: ABC signed with Gary Stroud: in force 10 March 2026 to 10 September 2026",
            "10 10 enforcement: Tenancy breach warning: Gary Stroud (served by hand)",
            "11 14 abc_review: ABC review with Gary Stroud: Complied",
            "12 16 abc_breach: Breach of Gary Stroud's ABC: Pending",
            "13 20 case: Case closed: Resolved. Victim's satisfaction: 5/5 (very satisfied)",
            "14 20 case: Case reopened",
        ]
        closing, reopening = chron.entries[12], chron.entries[13]
        assert "Victim's words: “Thank you for listening to us.”" in closing.notes
        assert "Risk review overdue since 10 March 2026: Close without the review" in closing.notes
        assert reopening.notes == "Reason: Car damaged again."

    def test_the_visit_to_come_is_not_yet_in_the_chronology(
        self, store: Store, story: StoryCase
    ) -> None:
        """A completed visit is one entry (its logged contact is folded in); 25 March is not."""
        chron = store.run(chronology, story.case_id, now=NOW)
        visits = [e for e in chron.entries if e.kind is EntryKind.VISIT]
        assert [e.day for e in visits] == [date(2026, 3, 6)]
        assert not any("Victim support" in e.summary for e in chron.entries if e.kind == "contact")

    def test_timed_records_come_before_records_kept_by_date_on_the_same_day(self) -> None:
        """Within a day: times in order, then what is known only by its date."""
        from datetime import UTC, datetime

        from fieldcase.domain.chronology import Draft

        day = date(2026, 3, 10)
        drafts = [
            Draft(day, None, EntryKind.ENFORCEMENT, "warning served"),
            Draft(day, datetime(2026, 3, 10, 15, tzinfo=UTC), EntryKind.CONTACT, "afternoon"),
            Draft(day, None, EntryKind.ABC, "ABC signed"),
            Draft(day, datetime(2026, 3, 10, 9, tzinfo=UTC), EntryKind.CONTACT, "morning"),
        ]
        assert [(e.number, e.summary) for e in number_entries(drafts)] == [
            (1, "morning"),
            (2, "afternoon"),
            (3, "ABC signed"),
            (4, "warning served"),
        ]


class TestFilters:
    """Filtering keeps each entry's number."""

    def test_by_kind(self, store: Store, story: StoryCase) -> None:
        chron = store.run(chronology, story.case_id, now=NOW)
        contacts = chron.filtered(kind=EntryKind.CONTACT)
        assert [(e.number, e.summary) for e in contacts] == [
            (5, "Letter to Gary Stroud: sent"),
            (6, "Visit to Leanne Voss: no access (attempt)"),
        ]

    def test_by_person_keeps_what_is_about_the_whole_case(
        self, store: Store, story: StoryCase
    ) -> None:
        """Leanne Voss: the incident naming her, the case opening, and the failed visit."""
        chron = store.run(chronology, story.case_id, now=NOW)
        about = chron.filtered(person_id=story.gone_id)
        assert [e.number for e in about] == [1, 2, 6]

    def test_people_to_filter_by_are_everyone_in_the_case(
        self, store: Store, story: StoryCase
    ) -> None:
        chron = store.run(chronology, story.case_id, now=NOW)
        assert [(p.name, p.role) for p in chron.people] == [
            ("Marta Nowicka", "Victim"),
            ("Zofia Nowicka", "Household member"),
            ("Peter Quill", "Witness"),
            ("PC Jo Marsh", "Police contact"),
            ("Gary Stroud", "Alleged perpetrator"),
            ("Leanne Voss", "Alleged perpetrator"),
        ]


class TestRedaction:
    """Third parties become labels; victims, alleged perpetrators and professionals stay."""

    def test_names_and_their_parts_are_replaced_but_a_shared_surname_is_not(self) -> None:
        redactor = Redactor(
            [ThirdParty("Zofia Nowicka", "Household member"), ThirdParty("Peter Quill", "Witness")],
            ["Marta Nowicka", "Gary Stroud"],
        )
        text = "Zofia saw it; ZOFIA NOWICKA told Peter. Marta Nowicka called; a quill pen."
        assert redactor.text(text) == (
            "[Household member A] saw it; [Household member A] told [Witness B]. "
            "Marta Nowicka called; a quill pen."
        )

    def test_the_story_case_is_redacted_and_restricted_lines_withheld(
        self, store: Store, story: StoryCase
    ) -> None:
        from fieldcase.services.chronology_export import redactor_for

        chron = store.run(chronology, story.case_id, now=NOW)
        redactor = redactor_for(chron)
        incident = redactor.entry(chron.entries[0])
        breach = redactor.entry(chron.entries[11])
        assert incident.notes == (
            "Abuse over the fence; [Household member A] was in the garden. [Witness B] heard "
            "it. Call Marta on [Withheld: safe contact details]."
        )
        assert chron.entries[11].restricted == ("Reported by: Peter Quill",)
        assert breach.restricted == ()
