"""Invented cases for the consent, disclosure, retention and subject access tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import IncidentType, PartyRole
from tests.builders import BuiltCase, a_case, a_person, an_incident_input

VICTIM = "Amira Haddad"
PERPETRATOR = "Ellis Crane"
WITNESS = "Dorothy Pike"

MadeCase = BuiltCase
"""Ids of an invented case and its people."""


def make_case(
    session: Session,
    *,
    victim: str = VICTIM,
    perpetrator: str = PERPETRATOR,
    address: str = "14 Larch Walk",
    description: str = "Shouted abuse about her nationality across the car park.",
    opened_on: date = date(2026, 3, 2),
    policy: Policy | None = None,
) -> MadeCase:
    """A hate case with one victim and one alleged perpetrator."""
    return a_case(
        session,
        victims=[a_person(victim, PartyRole.VICTIM, phone="07700 900111")],
        perpetrators=[perpetrator],
        address=address,
        incident=an_incident_input(
            occurred_at=datetime(2026, 3, 1, 18, 30, tzinfo=UTC),
            kinds=[IncidentType.VERBAL_ABUSE],
            who=perpetrator,
            description=description,
        ),
        opened_on=opened_on,
        policy=policy,
    )
