"""Invented visits for the demo caseload, added through the visit services.

The design story's case gets the joint plain-clothes visit with police and an
ABC review with the engaged neighbour at the police station; two other open
cases get a victim support visit and a perpetrator visit still waiting for its
outcome. Nothing here is overdue on the day the demo is made.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from fieldcase.db.models import Case, CaseParty, Person
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind
from fieldcase.domain.vocab import CaseStatus, CautionKind, Engagement, PartyRole
from fieldcase.services import visit_planning
from fieldcase.services.cautions import add_caution

DEMO_BUDDY = "Priya Desai"
OVERRIDE = "Victim agreed by phone to the approach (see the contact log); police-led."


def add_demo_visits(session: Session, *, today: date, officer_name: str) -> list[uuid.UUID]:
    """Plan the demo visits relative to ``today``; returns their ids.

    Args:
        session: The demo transaction, after the cases are in.
        today: The demo's local date; visits are planned from tomorrow on, and one
            from two days ago still waits for its outcome.
        officer_name: The demo officer, who attends every visit.
    """
    open_cases = list(
        session.exec(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.officer_name == officer_name)
            .order_by(col(Case.opened_on), col(Case.reference))
        ).all()
    )
    story = next((c for c in open_cases if _police(session, c.id)), None)
    others = [c for c in open_cases if c is not story]
    me = Attendee(officer_name, AttendeeRole.OFFICER)
    planned: list[uuid.UUID] = []
    if story is not None:
        planned += _story_visits(session, story, today, me)
    if others:
        victim = _first(session, others[0].id, PartyRole.VICTIM)
        planned.append(
            visit_planning.plan_visit(
                session,
                others[0].id,
                visit_planning.VisitInput(
                    kind=VisitKind.VICTIM_SUPPORT,
                    planned_at=_at(today + timedelta(days=2), 14, 0),
                    duration_minutes=45,
                    person_id=victim,
                    attendees=[me],
                    pre_call=True,
                    no_branding=True,
                ),
                now=_at(today, 8, 0),
            ).id
        )
    perpetrator_case, perp = next(
        ((c, p) for c in others[1:] if (p := _attempting(session, c.id)) is not None),
        (None, None),
    )
    if perpetrator_case is not None and perp is not None:
        home = session.exec(
            select(CaseParty.property_id).where(
                CaseParty.case_id == perpetrator_case.id, CaseParty.person_id == perp
            )
        ).first()
        add_caution(
            session,
            kind=CautionKind.DO_NOT_VISIT_ALONE,
            property_id=home or perpetrator_case.property_id,
            person_id=perp,
            note="Shouted at a repairs operative in the spring. Always two officers.",
            added_by=officer_name,
        )
        when = _at(today - timedelta(days=2), 11, 0)
        planned.append(
            visit_planning.plan_visit(
                session,
                perpetrator_case.id,
                visit_planning.VisitInput(
                    kind=VisitKind.PERPETRATOR_INTERVIEW,
                    planned_at=when,
                    duration_minutes=30,
                    person_id=perp,
                    attendees=[me, Attendee(DEMO_BUDDY, AttendeeRole.OFFICER)],
                    in_pairs=True,
                    consent_override_reason=OVERRIDE,
                ),
                now=when - timedelta(days=1),
            ).id
        )
    return planned


def _story_visits(session: Session, story: Case, today: date, me: Attendee) -> list[uuid.UUID]:
    police = _police(session, story.id) or "PC Jo Marsh"
    officer = Attendee(police, AttendeeRole.POLICE, "4471")
    victim = _first(session, story.id, PartyRole.VICTIM)
    joint = visit_planning.plan_visit(
        session,
        story.id,
        visit_planning.VisitInput(
            kind=VisitKind.JOINT_POLICE,
            planned_at=_at(today + timedelta(days=1), 10, 0),
            duration_minutes=45,
            person_id=victim,
            attendees=[me, officer],
            plain_clothes=True,
            unmarked_vehicle=True,
            park_away=True,
            park_where="Heron Way, by the post box, out of sight of the close",
            approach_route="Footpath from Heron Way to the back gate; not through the close",
            no_branding=True,
            pre_call=True,
            in_pairs=True,
            buddy_name=DEMO_BUDDY,
            checkin_at=_at(today + timedelta(days=1), 11, 15),
            code_word_agreed=True,
            code_word_holder=DEMO_BUDDY,
            do_not_disclose="Which neighbour gave a statement to police.",
        ),
        now=_at(today, 8, 0),
    )
    engaged = session.exec(
        select(CaseParty.person_id).where(
            CaseParty.case_id == story.id,
            CaseParty.role == PartyRole.PERPETRATOR,
            CaseParty.engagement == Engagement.ENGAGED,
        )
    ).first()
    ids = [joint.id]
    if engaged is not None:
        ids.append(
            visit_planning.plan_visit(
                session,
                story.id,
                visit_planning.VisitInput(
                    kind=VisitKind.PERPETRATOR_INTERVIEW,
                    planned_at=_at(today + timedelta(days=5), 15, 30),
                    duration_minutes=60,
                    person_id=engaged,
                    place_kind=PlaceKind.POLICE_STATION,
                    place_detail="Eastbridge Police Station: ABC review with PC Marsh",
                    attendees=[me, officer],
                    consent_override_reason=OVERRIDE,
                ),
                now=_at(today, 8, 0),
            ).id
        )
    return ids


def add_visits_today(session: Session, *, now: datetime, officer_name: str) -> list[uuid.UUID]:
    """Two visits today, for pictures of the safety board; returns their ids.

    One started at 09:30 whose 10:15 check-in has passed at the demo's 10:30,
    and one this afternoon. The demo itself plans none today, so that nothing
    is overdue when an officer opens it.
    """
    cases = session.exec(
        select(Case)
        .where(Case.status != CaseStatus.CLOSED, Case.officer_name == officer_name)
        .order_by(col(Case.opened_on), col(Case.reference))
    ).all()
    today = now.astimezone().date()
    me = Attendee(officer_name, AttendeeRole.OFFICER)
    planned = []
    times = [((9, 30), (10, 15)), ((14, 0), (15, 15))]
    for case, (start, checkin) in zip(cases, times, strict=False):
        planned.append(
            visit_planning.plan_visit(
                session,
                case.id,
                visit_planning.VisitInput(
                    kind=VisitKind.VICTIM_SUPPORT,
                    planned_at=_at(today, *start),
                    duration_minutes=45,
                    person_id=_first(session, case.id, PartyRole.VICTIM),
                    attendees=[me],
                    buddy_name=DEMO_BUDDY,
                    checkin_at=_at(today, *checkin),
                    consent_override_reason=OVERRIDE,
                ),
                now=_at(today, 8, 0),
            ).id
        )
    return planned


def _police(session: Session, case_id: uuid.UUID) -> str:
    name = session.exec(
        select(Person.full_name)
        .join(CaseParty, col(CaseParty.person_id) == Person.id)
        .where(CaseParty.case_id == case_id, CaseParty.role == PartyRole.POLICE)
    ).first()
    return name or ""


def _attempting(session: Session, case_id: uuid.UUID) -> uuid.UUID | None:
    """A named alleged perpetrator the officer is still trying to engage."""
    return session.exec(
        select(CaseParty.person_id)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(
            CaseParty.case_id == case_id,
            CaseParty.role == PartyRole.PERPETRATOR,
            CaseParty.engagement == Engagement.ATTEMPTING,
            Person.full_name != "Unknown",
        )
        .order_by(col(CaseParty.created_at))
    ).first()


def _first(session: Session, case_id: uuid.UUID, role: PartyRole) -> uuid.UUID | None:
    return session.exec(
        select(CaseParty.person_id)
        .where(CaseParty.case_id == case_id, CaseParty.role == role)
        .order_by(col(CaseParty.created_at))
    ).first()


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()
