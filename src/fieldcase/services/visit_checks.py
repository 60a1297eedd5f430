"""The checks of a visit plan that need only the form: one function per concern.

Each returns field -> message for the problems it finds. ``validate_visit`` in
``fieldcase.services.visit_planning`` runs them, with the checks that read the
case's cautions and consent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fieldcase.domain.date_limits import planned_problem
from fieldcase.domain.visits import Attendee, AttendeeRole, PlaceKind, VisitKind, validate_attendees
from fieldcase.domain.vocab import PartyRole
from fieldcase.domain.when import format_time, format_when

if TYPE_CHECKING:
    from fieldcase.services.visit_planning import Party, VisitInput

PAST_GRACE = timedelta(minutes=15)
"""A visit 'planned' this far in the past is still accepted (the officer is setting off)."""
MAX_DURATION_MINUTES = 8 * 60
MAX_CHECKIN_AFTER = timedelta(hours=12)

PERPETRATOR_KINDS = (VisitKind.PERPETRATOR_INTERVIEW, VisitKind.ABC_SIGNING)
"""Visit types that are always with an alleged perpetrator."""


def time_errors(
    data: VisitInput, *, now: datetime, previous_planned_at: datetime | None
) -> dict[str, str]:
    """Problems with the type of visit, when it is and how long it lasts."""
    errors: dict[str, str] = {}
    if data.kind not in set(VisitKind):
        errors["kind"] = "Choose the type of visit."
    if data.planned_at is None:
        errors["planned_at"] = "Say when the visit is, e.g. tomorrow 10:30."
    elif problem := planned_problem(data.planned_at, now, "A visit"):
        errors["planned_at"] = problem
    elif data.planned_at < now - PAST_GRACE and data.planned_at != previous_planned_at:
        errors["planned_at"] = (
            f"{format_when(data.planned_at)} has passed: plan the visit for a time to come."
        )
    if not 5 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = "A visit lasts between 5 minutes and 8 hours."
    return errors


def place_errors(data: VisitInput) -> dict[str, str]:
    """Problems with where the visit is."""
    if data.place_kind not in set(PlaceKind):
        return {"place_kind": "Choose where the visit is."}
    if data.place_kind in (PlaceKind.NEUTRAL_VENUE, PlaceKind.OTHER) and not (
        data.place_detail.strip()
    ):
        return {"place_detail": "Say where the visit is."}
    return {}


def attendee_errors(
    data: VisitInput, visited: Party | None, attendees: list[Attendee]
) -> dict[str, str]:
    """Problems with who is visited and who is going."""
    errors: dict[str, str] = {}
    if data.person_id is not None and visited is None:
        errors["person_id"] = "Choose someone on this case."
    elif data.kind in PERPETRATOR_KINDS and (
        visited is None or visited.role != PartyRole.PERPETRATOR
    ):
        errors["person_id"] = "Choose the alleged perpetrator this visit is with."
    errors.update(validate_attendees(attendees))
    police = [a for a in attendees if a.role == AttendeeRole.POLICE]
    if not attendees:
        errors["attendees"] = "Add who is going."
    elif data.kind == VisitKind.JOINT_POLICE and not police:
        errors["attendees"] = "A joint visit needs the police officer attending."
    elif data.plain_clothes and not police:
        errors["plain_clothes"] = "Plain clothes is for police attending: add them as attendees."
    elif data.in_pairs and len(attendees) < 2:
        errors["attendees"] = "Going in pairs needs two attendees."
    return errors


def _at(moment: datetime) -> str:
    """`` (14:00)`` for a moment the local calendar can show; nothing at its very ends."""
    try:
        return f" ({format_time(moment)})"
    except (OverflowError, ValueError):
        return ""


def safety_plan_errors(data: VisitInput) -> dict[str, str]:
    """Problems with parking, the buddy check-in and the code word."""
    errors: dict[str, str] = {}
    if data.park_away and not data.park_where.strip():
        errors["park_where"] = "Say where to park."
    if data.buddy_name.strip() and data.checkin_at is None:
        errors["checkin_at"] = "Give the time to check in with the buddy."
    if data.checkin_at is not None:
        if not data.buddy_name.strip():
            errors["buddy_name"] = "Name the buddy who expects the check-in."
        if data.checkin_at.tzinfo is None:
            errors["checkin_at"] = "The time must carry a time zone."
        elif data.planned_at is not None and data.planned_at.tzinfo is not None:
            if data.checkin_at <= data.planned_at:
                errors["checkin_at"] = f"Check in after the visit starts{_at(data.planned_at)}."
            elif data.checkin_at - data.planned_at > MAX_CHECKIN_AFTER:
                errors["checkin_at"] = "Check in within 12 hours of the start."
    if data.code_word_agreed and not data.code_word_holder.strip():
        errors["code_word_holder"] = "Say who holds the code word (never the word itself)."
    return errors
