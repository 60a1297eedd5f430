"""Invented ABCs and enforcement steps for the demo cases.

In the design story, the alleged perpetrator who engaged (Gary Stroud) signed
an ABC at his interview and was served a Tenancy Breach Warning at the same
time. Two other demo perpetrators show the rest of monitoring: a noise ABC with
an overdue review, a substantiated breach and a council community protection
warning beside the ladder, and a short ABC ending soon.
Everything goes in through the services, dated relative to ``today``; a demo
case that is not there is skipped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from fieldcase.db.models import CaseParty, Person
from fieldcase.domain.abc import BreachResponse, Compliance, Monitor, Substantiated
from fieldcase.domain.ladder import Agency, PartnerAction, Rung, ServedHow
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_agreements, abc_reviews, abc_views, enforcement
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput, ReviewInput
from fieldcase.services.enforcement import StepInput

POLICE_OFFICER = "PC Jo Marsh"
POLICE_COLLAR = "4471"


@dataclass(frozen=True)
class _Party:
    case_id: uuid.UUID
    person_id: uuid.UUID
    name: str


def _find(session: Session, victim: str, perpetrator: str) -> _Party | None:
    """The alleged perpetrator of that name on a case whose victim has that name."""
    victims = select(CaseParty.case_id).join(Person, col(Person.id) == CaseParty.person_id)
    victims = victims.where(CaseParty.role == PartyRole.VICTIM, Person.full_name == victim)
    row = session.exec(
        select(CaseParty.case_id, Person.id, Person.full_name)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(
            CaseParty.role == PartyRole.PERPETRATOR,
            Person.full_name == perpetrator,
            col(CaseParty.case_id).in_(victims),
        )
    ).first()
    return _Party(*row) if row else None


def add_demo_abcs(session: Session, *, today: date, policy: Policy, officer_name: str) -> None:
    """Add the demo ABCs, reviews, breaches and ladder steps.

    Args:
        session: The demo store's open transaction.
        today: The day the demo is made; every date is relative to it.
        policy: The organisation policy (ABC length and review cadence).
        officer_name: The housing officer who signs the ABCs.
    """
    _story(session, today=today, policy=policy, officer=officer_name)
    _noise(session, today=today, policy=policy, officer=officer_name)
    _ending_soon(session, today=today, policy=policy, officer=officer_name)


def _story(session: Session, *, today: date, policy: Policy, officer: str) -> None:
    party = _find(session, "Marta Nowicka", "Gary Stroud")
    if party is None:
        return
    signed = today - timedelta(days=24)
    abc_agreements.create_abc(
        session,
        party.case_id,
        AbcInput(
            person_id=party.person_id,
            start_on=signed,
            conditions=[
                ConditionInput(
                    "I will not verbally abuse, threaten, harass or intimidate the residents "
                    "of 12 Larkspur Close or anyone visiting them."
                ),
                ConditionInput(
                    "I will not use words, gestures or behaviour that target anyone because "
                    "of their race, nationality, religion, sexual orientation, disability or "
                    "gender identity."
                ),
                ConditionInput(
                    "I will not damage property or vehicles belonging to or used by the "
                    "residents of 12 Larkspur Close."
                ),
                ConditionInput(
                    "I will engage with the Eastbridge Restorative Practice Service and attend "
                    "the appointments they offer me.",
                    "requirement",
                ),
            ],
            signatories=[
                SignatoryInput("perpetrator", party.name, signed),
                SignatoryInput("housing_officer", officer, signed),
                SignatoryInput("police_officer", POLICE_OFFICER, signed, POLICE_COLLAR),
            ],
            notes="Signed at interview with PC Marsh; apologised for the abuse.",
        ),
        policy=policy,
        today=today,
    )
    enforcement.add_step(
        session,
        party.case_id,
        party.person_id,
        StepInput(
            Rung.TENANCY_BREACH_WARNING,
            signed,
            ServedHow.BY_HAND,
            documents="Tenancy Breach Warning letter, copy on the tenancy file",
            notes="Served by hand at the ABC signing, with PC Marsh present.",
        ),
        today=today,
    )


def _noise(session: Session, *, today: date, policy: Policy, officer: str) -> None:
    party = _find(session, "Eileen Marsh-Whitley", "Connor Blakey")
    if party is None:
        return
    enforcement.add_step(
        session,
        party.case_id,
        party.person_id,
        StepInput(
            Rung.WARNING_LETTER,
            today - timedelta(days=55),
            ServedHow.FIRST_CLASS_POST,
            documents="Warning letter about late-night music",
        ),
        today=today,
    )
    signed = today - timedelta(days=48)
    abc = abc_agreements.create_abc(
        session,
        party.case_id,
        AbcInput(
            person_id=party.person_id,
            start_on=signed,
            monitored_by=[Monitor.HOUSING],
            conditions=[
                ConditionInput(
                    "I will not play amplified music or hold gatherings at 6 Tannery Row "
                    "between 11pm and 8am."
                ),
                ConditionInput(
                    "I will keep to the conditions of my tenancy agreement.", "requirement"
                ),
            ],
            signatories=[
                SignatoryInput("perpetrator", party.name, signed),
                SignatoryInput("housing_officer", officer, signed),
            ],
        ),
        policy=policy,
        today=today,
    )
    enforcement.add_step(
        session,
        party.case_id,
        party.person_id,
        StepInput(
            PartnerAction.COMMUNITY_PROTECTION_WARNING,
            today - timedelta(days=35),
            ServedHow.BY_HAND,
            documents="Council CPW ref. EH/CPW/0412",
            notes="Council noise team: warned about amplified music after 11pm.",
            agency=Agency.COUNCIL,
        ),
        today=today,
    )
    abc_reviews.record_review(
        session,
        abc.id,
        ReviewInput(
            today - timedelta(days=30),
            Compliance.CONCERNS,
            "Weeknights better; still late at weekends according to the diary sheets.",
            reviewer=officer,
        ),
        today=today,
    )
    view = abc_views.load_abc(session, abc.id)
    abc_reviews.record_breach(
        session,
        abc.id,
        BreachInput(
            today - timedelta(days=10),
            [view.conditions[0].id],
            "Music and shouting from 11:30pm to 3am on Saturday; heard by the officer on a "
            "recorded call from the victim.",
            "Eileen Marsh-Whitley (victim)",
            substantiated=Substantiated.YES,
            response=BreachResponse.WARNING,
            response_notes="Final verbal warning on the doorstep the next Monday.",
        ),
        today=today,
    )


def _ending_soon(session: Session, *, today: date, policy: Policy, officer: str) -> None:
    party = _find(session, "Margaret Iwu", "Lee Sandford")
    if party is None:
        return
    signed = today - timedelta(days=45)
    abc = abc_agreements.create_abc(
        session,
        party.case_id,
        AbcInput(
            person_id=party.person_id,
            start_on=signed,
            end_on=today + timedelta(days=10),
            conditions=[
                ConditionInput(
                    "I will not touch, move or damage the mobility scooter of the resident "
                    "of Flat 11, Kestrel House."
                ),
                ConditionInput(
                    "I will not make remarks to or about anyone because of their disability."
                ),
            ],
            signatories=[
                SignatoryInput("perpetrator", party.name, signed),
                SignatoryInput("housing_officer", officer, signed),
                SignatoryInput("police_officer", POLICE_OFFICER, signed, POLICE_COLLAR),
            ],
        ),
        policy=policy,
        today=today,
    )
    abc_reviews.record_review(
        session,
        abc.id,
        ReviewInput(
            today - timedelta(days=17),
            Compliance.COMPLIED,
            "No incidents; scooter now stored in the ground-floor room.",
            reviewer=officer,
        ),
        today=today,
    )
