"""Planning visits, caution markers, consent, briefings and outcomes on a real store."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from fieldcase.db.models import Action, CaseParty, CautionMarker, Consent, Contact, Visit
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind, VisitStatus
from fieldcase.domain.vocab import Category, CautionKind, Engagement, PartyRole, Strand
from fieldcase.services import (
    case_records,
    cautions,
    contact_records,
    intake,
    visit_briefing,
    visit_checkins,
    visit_planning,
)
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.errors import EditConflict, ValidationError

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
OFFICER = "Officer Test"
POLICE = Attendee("PC Amir Shah", AttendeeRole.POLICE, "4471")
ME = Attendee(OFFICER, AttendeeRole.OFFICER)


def make_case(session: Session) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A hate case with a victim at 14 Alder Road and a perpetrator at 16 Alder Road."""
    case = intake.create_case(
        session,
        intake.NewCaseInput(
            category=Category.HATE_CRIME,
            strands=[Strand.RACE],
            address="14 Alder Road",
            postcode="ZZ1 4AB",
            people=[
                case_records.PersonInput("Mira Patel", safe_contact_number="07700 900123"),
                case_records.PersonInput(
                    "Dan Reeve", role=PartyRole.PERPETRATOR, address="16 Alder Road"
                ),
            ],
        ),
        officer_name=OFFICER,
        policy=Policy(),
        today=date(2026, 6, 1),
    )
    parties = {p.role: p.person_id for p in session.exec(select(CaseParty)).all()}
    return case.id, parties[PartyRole.VICTIM], parties[PartyRole.PERPETRATOR]


def plan(**changes: object) -> visit_planning.VisitInput:
    base = visit_planning.VisitInput(
        kind=VisitKind.VICTIM_SUPPORT,
        planned_at=NOW + timedelta(days=1, hours=1),
        attendees=[ME],
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def give_consent(session: Session, case_id: uuid.UUID, person_id: uuid.UUID, given: bool) -> None:
    session.add(
        Consent(
            case_id=case_id,
            person_id=person_id,
            kind="approach_perpetrator",
            given=given,
            recorded_at=NOW - timedelta(days=1 if given else 0, hours=1),
        )
    )
    session.flush()


class TestPlanning:
    def test_joint_plain_clothes_visit_is_saved_with_its_safety_plan(self, store: Store) -> None:
        """A joint visit keeps attendees as JSON, the safety toggles and their notes."""
        with store.transaction() as s:
            case_id, victim, _ = make_case(s)
            visit = visit_planning.plan_visit(
                s,
                case_id,
                plan(
                    kind=VisitKind.JOINT_POLICE,
                    person_id=victim,
                    attendees=[ME, POLICE],
                    plain_clothes=True,
                    unmarked_vehicle=True,
                    park_away=True,
                    park_where="Co-op car park, Birch Lane",
                    approach_route="Footpath behind the garages",
                    no_branding=True,
                    pre_call=True,
                    in_pairs=True,
                    buddy_name="Jo Finch",
                    checkin_at=NOW + timedelta(days=1, hours=2, minutes=30),
                    code_word_agreed=True,
                    code_word_holder="Jo Finch",
                ),
                now=NOW,
            )
            visit_id = visit.id
        with store.reading() as s:
            saved = s.get(Visit, visit_id)
            assert saved is not None
            assert saved.plain_clothes and saved.unmarked_vehicle and saved.in_pairs
            assert saved.park_where == "Co-op car park, Birch Lane"
            assert '"collar_number": "4471"' in saved.attendees
            assert saved.code_word_holder == "Jo Finch"
            assert saved.property_id is not None
            lines = visit_briefing.safety_plan_lines(saved, visit_planning.case_parties(s, case_id))
        assert "Police in plain clothes." in lines
        assert "Park away from the property: Co-op car park, Birch Lane." in lines
        assert "Call the victim beforehand on their safe number (Mira Patel 07700 900123)." in lines
        assert "Code word agreed; held by Jo Finch." in lines

    def test_there_is_nowhere_to_store_the_code_word_itself(self) -> None:
        """Only that a code word exists and who holds it can be recorded."""
        columns = {c.name for c in Visit.__table__.columns if "code" in c.name}  # type: ignore[attr-defined]
        assert columns == {"code_word_agreed", "code_word_holder"}

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"planned_at": None}, "planned_at", "Say when the visit is"),
            ({"planned_at": NOW - timedelta(hours=2)}, "planned_at", "has passed"),
            ({"duration_minutes": 0}, "duration_minutes", "between 5 minutes"),
            ({"place_kind": PlaceKind.NEUTRAL_VENUE}, "place_detail", "Say where"),
            ({"attendees": []}, "attendees", "Add who is going"),
            ({"kind": VisitKind.JOINT_POLICE}, "attendees", "police officer attending"),
            ({"plain_clothes": True}, "plain_clothes", "add them as attendees"),
            ({"in_pairs": True}, "attendees", "two attendees"),
            ({"park_away": True}, "park_where", "Say where to park"),
            ({"buddy_name": "Jo"}, "checkin_at", "time to check in"),
            ({"checkin_at": NOW + timedelta(days=2)}, "buddy_name", "Name the buddy"),
            ({"buddy_name": "Jo", "checkin_at": NOW}, "checkin_at", "after the visit starts"),
            ({"code_word_agreed": True}, "code_word_holder", "never the word itself"),
            ({"kind": VisitKind.PERPETRATOR_INTERVIEW}, "person_id", "alleged perpetrator"),
            ({"attendees": [Attendee("", "police", "4471")]}, "attendees.0", "needs a name"),
        ],
    )
    def test_bad_plans_get_a_clear_message_and_nothing_is_written(
        self, store: Store, changes: dict[str, object], field: str, message: str
    ) -> None:
        """Each problem is reported against its field and no visit is saved."""
        with store.transaction() as s:
            case_id, _, _ = make_case(s)
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            visit_planning.plan_visit(s, case_id, plan(**changes), now=NOW)
        assert message in caught.value.errors[field]
        with store.reading() as s:
            assert s.exec(select(Visit)).all() == []

    def test_editing_a_plan_refuses_a_stale_version(self, store: Store) -> None:
        """Two edits from the same starting point: the second is refused, not overwritten."""
        with store.transaction() as s:
            case_id, _, _ = make_case(s)
            visit = visit_planning.plan_visit(s, case_id, plan(), now=NOW)
            visit_id, version = visit.id, visit.version
        with store.transaction() as s:
            visit_planning.update_visit(
                s, visit_id, plan(duration_minutes=90), expected_version=version, now=NOW
            )
        with pytest.raises(EditConflict), store.transaction() as s:
            visit_planning.update_visit(
                s, visit_id, plan(duration_minutes=30), expected_version=version, now=NOW
            )
        with store.reading() as s:
            saved = s.get(Visit, visit_id)
            assert saved is not None and saved.duration_minutes == 90


class TestCautions:
    def test_a_caution_on_the_property_appears_on_every_plan_there(self, store: Store) -> None:
        """A dogs marker on 14 Alder Road shows on any visit plan to that address."""
        with store.transaction() as s:
            case_id, victim, _ = make_case(s)
            first = visit_planning.plan_visit(s, case_id, plan(person_id=victim), now=NOW)
            cautions.add_caution(
                s, kind=CautionKind.DOGS, property_id=first.property_id, note="Two large dogs"
            )
        with store.reading() as s:
            facts = visit_planning.planning_facts(
                s, case_id, person_id=victim, place_kind=PlaceKind.PROPERTY
            )
            elsewhere = visit_planning.planning_facts(
                s, case_id, person_id=victim, place_kind=PlaceKind.NEUTRAL_VENUE
            )
        assert [(c.label, c.note) for c in facts.cautions] == [("Dogs", "Two large dogs")]
        assert facts.cautions[0].applies_to == "14 Alder Road"
        assert elsewhere.cautions == []

    def test_a_caution_on_a_person_follows_them_and_their_address(self, store: Store) -> None:
        """A violence marker on the perpetrator shows when visiting them or their address."""
        with store.transaction() as s:
            case_id, victim, perp = make_case(s)
            cautions.add_caution(s, kind=CautionKind.VIOLENCE, person_id=perp, note="Assault 2025")
            give_consent(s, case_id, victim, True)
        with store.reading() as s:
            to_perp = visit_planning.planning_facts(
                s, case_id, person_id=perp, place_kind=PlaceKind.NEUTRAL_VENUE
            )
            to_victim = visit_planning.planning_facts(
                s, case_id, person_id=victim, place_kind=PlaceKind.PROPERTY
            )
            perp_home = visit_planning.planning_facts(
                s, case_id, person_id=perp, place_kind=PlaceKind.PROPERTY
            )
        assert [c.label for c in to_perp.cautions] == ["History of violence"]
        assert to_victim.cautions == []
        assert perp_home.place == "16 Alder Road"
        assert [c.label for c in perp_home.cautions] == ["History of violence"]

    def test_do_not_visit_alone_needs_a_second_attendee(self, store: Store) -> None:
        """With a do-not-visit-alone marker, a lone visit is refused."""
        with store.transaction() as s:
            case_id, victim, _ = make_case(s)
            cautions.add_caution(s, kind=CautionKind.DO_NOT_VISIT_ALONE, person_id=victim)
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            visit_planning.plan_visit(s, case_id, plan(person_id=victim), now=NOW)
        assert "do not visit alone" in caught.value.errors["attendees"]
        with store.transaction() as s:
            visit_planning.plan_visit(
                s, case_id, plan(person_id=victim, attendees=[ME, POLICE]), now=NOW
            )

    def test_retired_markers_no_longer_appear(self, store: Store) -> None:
        """A marker taken off stays in history but leaves visit plans."""
        with store.transaction() as s:
            case_id, victim, _ = make_case(s)
            marker = cautions.add_caution(s, kind=CautionKind.DOGS, person_id=victim)
            cautions.retire_caution(s, marker.id)
        with store.reading() as s:
            assert cautions.cautions_on_case(s, case_id) == []
            assert s.exec(select(CautionMarker)).one().active is False

    def test_a_caution_needs_a_kind_and_somewhere_to_go(self, store: Store) -> None:
        """Markers without a target, or 'other' without a note, are refused."""
        with store.transaction() as s, pytest.raises(ValidationError) as caught:
            cautions.add_caution(s, kind=CautionKind.OTHER)
        assert set(caught.value.errors) == {"note", "target"}


class TestConsent:
    def test_visiting_a_perpetrator_without_consent_needs_a_reason(self, store: Store) -> None:
        """No consent to approach: the plan is refused until a reason is given, and keeps it."""
        with store.transaction() as s:
            case_id, _, perp = make_case(s)
        interview = plan(kind=VisitKind.PERPETRATOR_INTERVIEW, person_id=perp)
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            visit_planning.plan_visit(s, case_id, interview, now=NOW)
        assert "not consented" in caught.value.errors["consent_override_reason"]
        reason = "Police-led interview; victim informed by PC Shah"
        with store.transaction() as s:
            visit = visit_planning.plan_visit(
                s, case_id, replace(interview, consent_override_reason=reason), now=NOW
            )
            assert visit.consent_override_reason == reason

    def test_given_consent_lets_the_plan_through_and_withdrawal_stops_it(
        self, store: Store
    ) -> None:
        """The latest consent decision counts."""
        with store.transaction() as s:
            case_id, victim, perp = make_case(s)
            give_consent(s, case_id, victim, True)
        interview = plan(kind=VisitKind.PERPETRATOR_INTERVIEW, person_id=perp)
        with store.transaction() as s:
            visit = visit_planning.plan_visit(s, case_id, interview, now=NOW)
            assert visit.consent_override_reason == ""
            give_consent(s, case_id, victim, False)
        with store.reading() as s:
            facts = visit_planning.planning_facts(s, case_id, person_id=perp, place_kind="property")
        assert facts.consent_warning == (
            "Mira Patel withdrew consent to approach the alleged perpetrator(s) on 10 June 2026."
        )


def planned_visit(store: Store, **changes: object) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with store.transaction() as s:
        case_id, victim, perp = make_case(s)
        give_consent(s, case_id, victim, True)
        data = plan(planned_at=NOW - timedelta(minutes=5), **changes)
        if changes.get("person_id") == "perp":
            data.person_id = perp
        elif changes.get("person_id") == "victim":
            data.person_id = victim
        visit = visit_planning.plan_visit(s, case_id, data, now=NOW)
        return case_id, visit.id, perp


class TestOutcome:
    def test_a_perpetrator_visit_logs_a_contact_and_moves_engagement(self, store: Store) -> None:
        """Completed with the perpetrator engaging: a visit contact and 'engaged'."""
        case_id, visit_id, perp = planned_visit(
            store, kind=VisitKind.PERPETRATOR_INTERVIEW, person_id="perp"
        )
        later = NOW + timedelta(hours=1)
        with store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(
                    status=VisitStatus.COMPLETED,
                    notes="Apologised; willing to sign an ABC.",
                    engagement=Engagement.ENGAGED,
                    follow_ups=[
                        visit_checkins.FollowUp("Draft ABC", "Officer Test", date(2026, 6, 17))
                    ],
                ),
                now=later,
                officer_name=OFFICER,
                policy=Policy(),
            )
        with store.reading() as s:
            contact = s.exec(select(Contact)).one()
            party = s.exec(select(CaseParty).where(CaseParty.person_id == perp)).one()
            action = s.exec(select(Action)).one()
            visit = s.get(Visit, visit_id)
            assert (contact.method, contact.outcome, contact.person_id) == ("visit", "spoke", perp)
            assert "Apologised" in contact.notes
            assert party.engagement == Engagement.ENGAGED
            assert (action.what, action.due_on) == ("Draft ABC", date(2026, 6, 17))
            assert visit is not None and visit.status == "completed"
            assert visit.finished_at == later

    def test_no_access_leaves_the_perpetrator_attempting(self, store: Store) -> None:
        """An unanswered door is evidenced as a contact attempt."""
        _, visit_id, perp = planned_visit(
            store, kind=VisitKind.PERPETRATOR_INTERVIEW, person_id="perp"
        )
        with store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(status=VisitStatus.NO_ACCESS),
                now=NOW,
                officer_name=OFFICER,
                policy=Policy(),
            )
        with store.reading() as s:
            party = s.exec(select(CaseParty).where(CaseParty.person_id == perp)).one()
            assert party.engagement == Engagement.ATTEMPTING
            assert s.exec(select(Contact)).one().outcome == "no_access"

    def test_an_unsafe_visit_adds_a_caution_for_the_next_plan(self, store: Store) -> None:
        """Marking a visit unsafe puts a 'previous unsafe visit' marker on the address."""
        case_id, visit_id, _ = planned_visit(store, person_id="victim")
        with store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(
                    status=VisitStatus.COMPLETED, unsafe=True, unsafe_note="Neighbour threatening"
                ),
                now=NOW,
                officer_name=OFFICER,
                policy=Policy(),
            )
        with store.reading() as s:
            facts = visit_planning.planning_facts(s, case_id, person_id=None, place_kind="property")
        assert [c.label for c in facts.cautions] == ["Previous unsafe visit"]
        assert "Neighbour threatening" in facts.cautions[0].note

    def test_a_future_visit_can_only_be_cancelled(self, store: Store) -> None:
        """Completed is refused before the visit; cancelled logs no contact."""
        with store.transaction() as s:
            case_id, _, _ = make_case(s)
            visit_id = visit_planning.plan_visit(s, case_id, plan(), now=NOW).id
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(status="completed"),
                now=NOW,
                officer_name=OFFICER,
                policy=Policy(),
            )
        assert "only be cancelled" in caught.value.errors["status"]
        with store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(status="cancelled", notes="Victim unwell"),
                now=NOW,
                officer_name=OFFICER,
                policy=Policy(),
            )
        with store.reading() as s:
            assert s.exec(select(Contact)).all() == []

    def test_engagement_only_for_perpetrators(self, store: Store) -> None:
        """Engagement cannot be recorded against a victim's visit."""
        _, visit_id, _ = planned_visit(store, person_id="victim")
        with pytest.raises(ValidationError) as caught, store.transaction() as s:
            visit_checkins.record_outcome(
                s,
                visit_id,
                visit_checkins.OutcomeInput(status="completed", engagement=Engagement.ENGAGED),
                now=NOW,
                officer_name=OFFICER,
                policy=Policy(),
            )
        assert "alleged perpetrators only" in caught.value.errors["engagement"]

    @pytest.mark.parametrize(
        ("status", "current", "suggested"),
        [
            ("completed", "attempting", "engaged"),
            ("refused", "not_contacted", "refused"),
            ("no_access", "not_contacted", "attempting"),
            ("no_access", "engaged", "engaged"),
            ("cancelled", "attempting", "attempting"),
        ],
    )
    def test_suggested_engagement(self, status: str, current: str, suggested: str) -> None:
        """The dialog proposes an engagement the officer can change."""
        assert visit_checkins.suggested_engagement(status, current) == suggested


class TestBriefing:
    def test_briefing_gathers_what_to_know_before_knocking(self, store: Store) -> None:
        """Residents, cautions, safety plan, attendees, do-not-disclose and the last 3
        contacts, none of them with the victim for a perpetrator interview."""
        with store.transaction() as s:
            case_id, victim, perp = make_case(s)
            give_consent(s, case_id, victim, True)
            for day in range(4):
                for person_id, note in ((victim, "Victim says Zanthorpe"), (perp, "letter")):
                    contact_records.add_contact(
                        s,
                        case_id,
                        ContactInput(
                            at=NOW - timedelta(hours=(4 - day) * 4 + int(person_id == perp)),
                            method="call" if person_id == victim else "letter",
                            person_id=person_id,
                            notes=f"{note} {day}",
                        ),
                        policy=Policy(),
                    )
            cautions.add_caution(s, kind=CautionKind.DOGS, person_id=perp, note="Staffie")
            visit = visit_planning.plan_visit(
                s,
                case_id,
                plan(
                    kind=VisitKind.PERPETRATOR_INTERVIEW,
                    person_id=perp,
                    attendees=[ME, POLICE],
                    in_pairs=True,
                    do_not_disclose="The CCTV footage from number 12",
                ),
                now=NOW,
            )
            visit_id = visit.id
        with store.transaction() as s:
            brief = visit_briefing.briefing(s, visit_id)
        assert brief.place == "16 Alder Road"
        assert [p.name for p in brief.residents] == ["Dan Reeve"]
        assert [c.label for c in brief.cautions] == ["Dogs"]
        assert "Go in pairs." in brief.safety_plan
        assert [a.name for a in brief.attendees] == [OFFICER, "PC Amir Shah"]
        assert brief.do_not_disclose[0].startswith("Who reported")
        assert "The CCTV footage from number 12" in brief.do_not_disclose
        assert [c.notes for c, _ in brief.recent_contacts] == ["letter 3", "letter 2", "letter 1"]
        assert brief.consent.startswith("The victim has consented")

    def test_victim_visit_briefing_shows_their_contacts(self, store: Store) -> None:
        """A visit to the victim lists the latest contacts whoever they were with."""
        with store.transaction() as s:
            case_id, victim, _ = make_case(s)
            for day in range(2):
                contact_records.add_contact(
                    s,
                    case_id,
                    ContactInput(
                        at=NOW - timedelta(days=2 - day),
                        method="call",
                        person_id=victim,
                        notes=f"call {day}",
                    ),
                    policy=Policy(),
                )
            visit_id = visit_planning.plan_visit(
                s, case_id, plan(person_id=victim, attendees=[ME]), now=NOW
            ).id
        with store.transaction() as s:
            brief = visit_briefing.briefing(s, visit_id)
        assert [c.notes for c, _ in brief.recent_contacts] == ["call 1", "call 0"]


class TestCheckin:
    def test_start_finish_and_extend(self, store: Store) -> None:
        """Starting stamps the time; extending moves check-in on; finishing resolves it."""
        _, visit_id, _ = planned_visit(
            store, buddy_name="Jo Finch", checkin_at=NOW + timedelta(minutes=30)
        )
        with store.transaction() as s:
            visit_checkins.start_visit(s, visit_id, now=NOW)
            late = NOW + timedelta(minutes=45)
            visit = visit_checkins.extend_checkin(s, visit_id, 15, now=late)
            assert visit.checkin_at == late + timedelta(minutes=15)
            visit = visit_checkins.finish_visit(s, visit_id, now=late)
            assert visit.started_at == NOW and visit.finished_at == late
