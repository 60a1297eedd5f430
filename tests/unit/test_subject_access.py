"""Subject access export: everything about one person, third parties marked for redaction."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.models import AbcAgreement, AbcCondition, AbcSignatory, AuditEvent
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import (
    AgencyKind,
    ConsentKind,
    DisclosureMethod,
    Gateway,
    mark_names,
    name_patterns,
)
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.case_records import IncidentInput, PersonInput, add_incident, add_party
from fieldcase.services.consent import ConsentInput, record_consent
from fieldcase.services.contact_records import ContactInput, add_contact
from fieldcase.services.disclosure import DisclosureInput, record_disclosure
from fieldcase.services.errors import NotFound
from fieldcase.services.subject_access import export_person, find_people, render_person
from tests.protection_data import PERPETRATOR, VICTIM, MadeCase, make_case

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def _disclose(subjects: str, disclosed: str) -> DisclosureInput:
    return DisclosureInput(
        agency="Northvale Police",
        agency_kind=AgencyKind.POLICE,
        requesting_officer="DC Rowan Pell",
        requested_on=date(2026, 4, 10),
        gateway=Gateway.S115_CDA_1998,
        purpose="Investigation",
        data_subjects=subjects,
        requested_info="Incident log",
        disclosed_info=disclosed,
        necessity="Corroboration",
        approved_by="Jo Marsh",
        disclosed_on=date(2026, 4, 12),
        method=DisclosureMethod.SECURE_EMAIL,
    )


@pytest.fixture
def case(store: Store, policy) -> MadeCase:  # type: ignore[no-untyped-def]
    """Amira (victim), her son Samir, Ellis Crane (alleged perpetrator) and a witness."""
    with store.transaction() as session:
        made = make_case(
            session, description="Ellis Crane shouted at Amira. Crane's friend Jed laughed."
        )
        add_party(
            session, made.case_id, PersonInput(full_name="Samir Haddad", role=PartyRole.HOUSEHOLD)
        )
        add_party(
            session, made.case_id, PersonInput(full_name="Dorothy Pike", role=PartyRole.WITNESS)
        )
        add_incident(
            session,
            made.case_id,
            IncidentInput(
                occurred_at=datetime(2026, 3, 8, 20, tzinfo=UTC),
                kinds=["graffiti"],
                description="Paint on the door # [click](x) \x1b]0;t\x07 seen by Dorothy Pike.",
            ),
            policy=policy,
        )
        record_consent(
            session,
            made.case_id,
            ConsentInput(
                person_id=made.victim_id,
                kind=ConsentKind.APPROACH_PERPETRATOR,
                given=True,
                recorded_at=datetime(2026, 3, 3, 9, 5, tzinfo=UTC),
                notes="Happy for us to write to Ellis Crane.",
            ),
            recorded_by="Officer Test",
        )
        add_contact(
            session,
            made.case_id,
            ContactInput(
                at=datetime(2026, 3, 3, 9, tzinfo=UTC),
                method="call",
                person_id=made.victim_id,
                notes="Amira upset; Samir Haddad present.",
            ),
            policy=policy,
        )
        add_contact(
            session,
            made.case_id,
            ContactInput(
                at=datetime(2026, 3, 4, 9, tzinfo=UTC),
                method="letter",
                person_id=made.perpetrator_id,
                notes="Warning letter to the perpetrator.",
            ),
            policy=policy,
        )
        record_disclosure(
            session,
            made.case_id,
            _disclose(f"{VICTIM} (victim)", "Incident log naming Ellis Crane"),
            today=date(2026, 4, 20),
        )
        record_disclosure(
            session,
            made.case_id,
            _disclose("Dorothy Pike (witness)", "Witness statement only"),
            today=date(2026, 4, 20),
        )
        abc = AbcAgreement(
            case_id=made.case_id,
            person_id=made.perpetrator_id,
            start_on=date(2026, 4, 1),
            end_on=date(2026, 10, 1),
        )
        session.add(abc)
        session.flush()
        session.add(AbcCondition(abc_id=abc.id, text="Not to contact Amira Haddad."))
        session.add(AbcSignatory(abc_id=abc.id, role="perpetrator", name=PERPETRATOR))
        return made


def _render(store: Store, person_id) -> str:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return render_person(session, person_id, now=NOW)[0]


class TestVictimExport:
    def test_holds_their_record_case_and_records(self, store: Store, case: MadeCase) -> None:
        """The victim's export has their record, role, incidents, contacts, consent, disclosure."""
        text = _render(store, case.victim_id)
        assert text.startswith(f"# Subject access export: {VICTIM}\n")
        assert "- Phone: 07700 900111" in text
        assert f"## Case {case.reference}" in text
        assert "- Role: Victim" in text
        assert "Approach the alleged perpetrator(s): given (verbal)" in text
        assert "Warning letter to the perpetrator." not in text
        assert "Amira upset; [REDACT: Samir Haddad] present." in text
        assert "### Disclosures naming them" in text
        assert "Witness statement only" not in text
        assert "Not to contact" not in text

    def test_third_party_names_are_marked_not_the_subject(
        self, store: Store, case: MadeCase
    ) -> None:
        """Other people's names are marked; the subject's own name and family surname are not."""
        text = _render(store, case.victim_id)
        assert (
            "[REDACT: Ellis Crane] shouted at Amira. [REDACT: Crane]'s friend Jed laughed." in text
        )
        assert "Happy for us to write to [REDACT: Ellis Crane]." in text
        assert "[REDACT: Haddad]" not in text
        assert "[REDACT: Amira" not in text

    def test_stored_text_cannot_change_the_document(self, store: Store, case: MadeCase) -> None:
        """Markdown in a note is escaped and control characters are shown, not obeyed."""
        text = _render(store, case.victim_id)
        assert r"Paint on the door \# \[click\](x) \\x1b\]0;t\\x07 seen by" in text
        assert "\x1b" not in text


class TestPerpetratorExport:
    def test_only_incidents_that_name_them(self, store: Store, case: MadeCase) -> None:
        """An alleged perpetrator sees incidents naming them, their contacts and their ABC."""
        text = _render(store, case.perpetrator_id)
        assert "- Role: Alleged perpetrator (engagement: attempting)" in text
        assert "Ellis Crane shouted at [REDACT: Amira]." in text
        assert "Paint on the door" not in text
        assert "Warning letter to the perpetrator." in text
        assert "### Acceptable Behaviour Contract from 1 April 2026" in text
        assert "Not to contact [REDACT: Amira Haddad]." in text
        assert "Disclosures naming them" in text


SAFE_NUMBER = "07700 900462"
SAFE_TIMES = "Tuesdays after Quillfeather club"
SAFETY_PLAN = {
    "park_where": "behind the Marrowgate laundrette",
    "approach_route": "via Tinderbox Lane",
    "buddy_name": "Orla Vexley",
    "code_word_holder": "Pim Sandoval",
    "do_not_disclose": "Zebedee CCTV from number 12",
}
BREACH_REPORTER = "Fenwick-Ashdown at number 3"
OVERRIDE_REASON = "Victim Grelling fears reprisals from the family."


@pytest.fixture
def sensitive(store: Store, case: MadeCase, policy: Policy) -> MadeCase:
    """The victim's safe contact details, a perpetrator visit with a safety plan, a breach
    reporter, a disclosure without consent, and free text quoting the safe number."""
    from fieldcase.db.models import AbcBreach, Person
    from fieldcase.domain.visits import Attendee, AttendeeRole, VisitKind
    from fieldcase.services import visit_planning

    with store.transaction() as session:
        victim = session.get(Person, case.victim_id)
        assert victim is not None
        victim.safe_contact_number = SAFE_NUMBER
        victim.preferred_contact_times = SAFE_TIMES
        planned = datetime(2026, 4, 2, 10, tzinfo=UTC)
        visit_planning.plan_visit(
            session,
            case.case_id,
            visit_planning.VisitInput(
                kind=VisitKind.PERPETRATOR_INTERVIEW,
                planned_at=planned,
                person_id=case.perpetrator_id,
                attendees=[
                    Attendee("Officer Test", AttendeeRole.OFFICER),
                    Attendee("PC Amir Shah", AttendeeRole.POLICE, "4471"),
                ],
                plain_clothes=True,
                park_away=True,
                park_where=SAFETY_PLAN["park_where"],
                approach_route=SAFETY_PLAN["approach_route"],
                pre_call=True,
                buddy_name=SAFETY_PLAN["buddy_name"],
                checkin_at=planned + timedelta(hours=1),
                code_word_agreed=True,
                code_word_holder=SAFETY_PLAN["code_word_holder"],
                do_not_disclose=SAFETY_PLAN["do_not_disclose"],
            ),
            now=planned - timedelta(days=1),
        )
        add_incident(
            session,
            case.case_id,
            IncidentInput(
                occurred_at=datetime(2026, 3, 9, 20, tzinfo=UTC),
                kinds=["threats"],
                description=f"Ellis Crane threatened her; she called from 07700900462 "
                f"(she asks for calls {SAFE_TIMES.lower()}).",
            ),
            policy=policy,
        )
        [abc] = session.exec(select(AbcAgreement)).all()
        session.add(
            AbcBreach(
                abc_id=abc.id,
                occurred_on=date(2026, 4, 5),
                description="Shouted at the victim's door.",
                reported_by=BREACH_REPORTER,
            )
        )
        record_disclosure(
            session,
            case.case_id,
            replace(
                _disclose(f"{VICTIM}; {PERPETRATOR}", "Contact log"),
                gateway=Gateway.OTHER,
                gateway_detail="Common law",
                consent_override_reason=OVERRIDE_REASON,
            ),
            today=date(2026, 4, 20),
        )
    return case


class TestNeverForThePerpetrator:
    def test_perpetrator_export_holds_no_victim_contact_details_or_safety_plan(
        self, store: Store, sensitive: MadeCase
    ) -> None:
        """The alleged perpetrator's export has none of the victim's safe contact details,
        the visit's safety plan, who reported the breach or why consent was overridden."""
        text = _render(store, sensitive.perpetrator_id)
        assert "Ellis Crane threatened her" in text
        for secret in (
            SAFE_NUMBER,
            "07700900462",
            "900462",
            SAFE_TIMES,
            SAFE_TIMES.lower(),
            "Quillfeather",
            *SAFETY_PLAN.values(),
            "Marrowgate",
            "Tinderbox",
            "Vexley",
            "Sandoval",
            "Zebedee",
            "4471",
            BREACH_REPORTER,
            "Fenwick",
            OVERRIDE_REASON,
            "Grelling",
        ):
            assert secret not in text, secret
        assert "[WITHHELD: another person's safe contact details]" in text
        assert "perpetrator interview, planned" in text

    def test_victim_export_keeps_their_own_details_and_the_reason(
        self, store: Store, sensitive: MadeCase
    ) -> None:
        """The victim sees their own safe number and the reason their consent was overridden."""
        text = _render(store, sensitive.victim_id)
        assert f"- Safe contact number: {SAFE_NUMBER}" in text
        assert OVERRIDE_REASON in text
        assert "Marrowgate" not in text


class TestNotForDisclosure:
    def test_marked_notes_are_withheld_for_everyone_and_the_export_says_so(
        self, store: Store, case: MadeCase, policy: Policy
    ) -> None:
        """Contact notes, incident descriptions and person notes marked not for disclosure
        are left out of every export, each with a line saying a note was withheld."""
        from fieldcase.db.models import Person

        with store.transaction() as session:
            add_contact(
                session,
                case.case_id,
                ContactInput(
                    at=datetime(2026, 3, 5, 9, tzinfo=UTC),
                    method="call",
                    person_id=case.perpetrator_id,
                    notes="Informant Brambleworth says he drinks.",
                    not_for_disclosure=True,
                ),
                policy=policy,
            )
            add_incident(
                session,
                case.case_id,
                IncidentInput(
                    occurred_at=datetime(2026, 3, 6, 20, tzinfo=UTC),
                    kinds=["harassment"],
                    description="Ellis Crane followed her; source Wrenfield.",
                    not_for_disclosure=True,
                ),
                policy=policy,
            )
            for person_id in (case.victim_id, case.perpetrator_id):
                person = session.get(Person, person_id)
                assert person is not None
                person.notes = "Marked note Hollowmere."
                person.not_for_disclosure = True
        for person_id in (case.victim_id, case.perpetrator_id):
            with store.reading() as session:
                text, summary = render_person(session, person_id, now=NOW)
            for secret in ("Brambleworth", "Wrenfield", "Hollowmere"):
                assert secret not in text
            assert "- Notes: *withheld: marked not for disclosure*" in text
            assert "- Description: *withheld: marked not for disclosure*" in text
            assert summary.sections["withheld notes"] >= 2
        perpetrator = _render(store, case.perpetrator_id)
        assert "  - Notes: *withheld: marked not for disclosure*" in perpetrator


class TestWritingTheFile:
    def test_export_writes_a_private_new_file_and_is_audited(
        self, store: Store, case: MadeCase, tmp_path: Path
    ) -> None:
        """The file is created owner-only; an 'export' audit event names no one."""
        out = tmp_path / "sar" / "amira.md"
        with store.transaction() as session:
            summary = export_person(session, case.victim_id, out, now=NOW)
        assert out.read_text(encoding="utf-8").startswith("# Subject access export")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert summary.cases == [case.reference]
        assert summary.sections["incidents"] == 2
        with store.reading() as session:
            [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
            assert event.entity_id == str(case.victim_id)
            assert VICTIM not in event.changes

    def test_existing_file_is_never_overwritten(
        self, store: Store, case: MadeCase, tmp_path: Path
    ) -> None:
        """An export refuses to replace an existing file, which stays as it was."""
        out = tmp_path / "amira.md"
        out.write_text("keep me", encoding="utf-8")
        with store.transaction() as session, pytest.raises(FileExistsError):
            export_person(session, case.victim_id, out, now=NOW)
        assert out.read_text(encoding="utf-8") == "keep me"

    def test_unknown_person_is_not_found(self, store: Store) -> None:
        """Exporting an id that is not in the database says so."""
        import uuid

        with store.reading() as session, pytest.raises(NotFound):
            render_person(session, uuid.uuid4())


class TestFindingThePerson:
    def test_by_id_full_name_or_part(self, store: Store, case: MadeCase) -> None:
        """A person is found by id, by full name in any case, or by part of the name."""
        with store.reading() as session:
            assert [m.name for m in find_people(session, str(case.victim_id))] == [VICTIM]
            [match] = find_people(session, "  amira   HADDAD ")
            assert match.roles == [(case.reference, "Victim")]
            assert [m.name for m in find_people(session, "haddad")] == [VICTIM, "Samir Haddad"]
            assert find_people(session, "Nobody Here") == []
            assert find_people(session, "100%_") == []


def test_person_in_no_case_still_exports(store: Store) -> None:
    """Someone with a record but no case gets their record and a note saying so."""
    from fieldcase.db.models import Person

    with store.transaction() as session:
        person = Person(full_name="Lone Record")
        session.add(person)
        session.flush()
        person_id = person.id
    text = _render(store, person_id)
    assert "This person does not appear in any case." in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ellis Crane came", "[Ellis Crane] came"),
        ("ELLIS CRANE came", "[ELLIS CRANE] came"),
        ("a crane lifted it; Crane left", "a crane lifted it; [Crane] left"),
        ("Cranebrook Road", "Cranebrook Road"),
        ("Amira Haddad and Samir Haddad", "Amira Haddad and [Samir Haddad]"),
    ],
)
def test_marking_names(text: str, expected: str) -> None:
    """Full names match in any case; single parts only as written, whole words only."""
    patterns = name_patterns(["Ellis Crane", "Samir Haddad", "Al"], subject="Amira Haddad")
    marked = "".join(f"[{s.text}]" if s.redact else s.text for s in mark_names(text, patterns))
    assert marked == expected
