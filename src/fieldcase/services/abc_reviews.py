"""ABC reviews and breaches, with the next proportionate step after a substantiated breach."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fieldcase.db.models import AbcAgreement, AbcBreach, AbcReview, EnforcementStep
from fieldcase.domain.abc import AbcStatus, BreachResponse, Compliance, Substantiated
from fieldcase.domain.date_limits import ahead_problem
from fieldcase.domain.ladder import Rung, Suggestion, current_rung, suggest_after_breach
from fieldcase.domain.vocab import join_values, split_values
from fieldcase.services.abc_agreements import conditions_of, get_abc, scheduled_review
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved, editing


@dataclass
class ReviewInput:
    """A compliance review."""

    reviewed_on: date
    compliance: str
    notes: str = ""
    reviewer: str = ""
    next_review_on: date | None = None
    """None to schedule the next review on the ABC's cadence."""


@dataclass
class BreachInput:
    """A reported breach."""

    occurred_on: date
    condition_ids: list[uuid.UUID]
    description: str
    reported_by: str
    substantiated: str = Substantiated.PENDING
    serious_harm: bool = False
    response: str = BreachResponse.NONE
    response_notes: str = ""


def breach_input(breach: AbcBreach) -> BreachInput:
    """A recorded breach as the breach form's starting values."""
    return BreachInput(
        occurred_on=breach.occurred_on,
        condition_ids=[uuid.UUID(i) for i in split_values(breach.conditions)],
        description=breach.description,
        reported_by=breach.reported_by,
        substantiated=breach.substantiated,
        serious_harm=breach.serious_harm,
        response=breach.response,
        response_notes=breach.response_notes,
    )


@dataclass(frozen=True)
class BreachOutcome:
    """A breach as saved, and the next proportionate step when it is substantiated."""

    breach: AbcBreach
    suggestion: Suggestion | None
    """None unless the breach is substantiated."""


def record_review(
    session: Session,
    abc_id: uuid.UUID,
    data: ReviewInput,
    *,
    today: date,
    new_id: uuid.UUID | None = None,
) -> AbcReview:
    """Record a compliance review and schedule the next one.

    The next review falls one cadence after the latest review (never after the
    end date) unless the officer sets a date.
    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: The review cannot be saved as typed.
    """
    if saved := already_saved(session, AbcReview, new_id):
        return saved
    abc = get_abc(session, abc_id)
    errors: dict[str, str] = {}
    _require_active(abc, errors, "reviewed")
    if data.reviewed_on > today:
        errors["reviewed_on"] = "A review that has happened cannot be in the future."
    elif data.reviewed_on < abc.start_on:
        errors["reviewed_on"] = f"The ABC started on {abc.start_on:%d %b %Y}; review after that."
    if data.compliance not in set(Compliance):
        errors["compliance"] = "Choose complied, concerns or breached."
    elif data.compliance != Compliance.COMPLIED and not data.notes.strip():
        errors["notes"] = "Say what the concerns or the breach were."
    if data.next_review_on is not None and data.next_review_on <= data.reviewed_on:
        errors["next_review_on"] = "The next review must come after this one."
    elif data.next_review_on is not None and (
        problem := ahead_problem(data.next_review_on, today, "The next review", years=1)
    ):
        errors["next_review_on"] = problem
    if errors:
        raise ValidationError(errors)
    review = AbcReview(
        id=new_id or uuid.uuid4(),
        abc_id=abc.id,
        reviewed_on=data.reviewed_on,
        compliance=data.compliance,
        reviewer=data.reviewer.strip() or str(session.info.get("actor", "")),
        notes=data.notes,
    )
    session.add(review)
    session.flush()
    abc.next_review_on = (
        data.next_review_on if data.next_review_on is not None else scheduled_review(session, abc)
    )
    session.flush()
    return review


def _require_active(abc: AbcAgreement, errors: dict[str, str], verb: str) -> None:
    status = AbcStatus(abc.status)
    if status == AbcStatus.DRAFT:
        errors["status"] = f"The ABC is not signed yet, so it cannot be {verb}."
    elif status.is_final:
        errors["status"] = f"The ABC has ended ({status.label.lower()}); it cannot be {verb}."


def record_breach(
    session: Session,
    abc_id: uuid.UUID,
    data: BreachInput,
    *,
    today: date,
    new_id: uuid.UUID | None = None,
) -> BreachOutcome:
    """Record a reported breach; when substantiated, suggest the next proportionate step.

    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: The breach cannot be saved as typed.
    """
    abc = get_abc(session, abc_id)
    if saved := already_saved(session, AbcBreach, new_id):
        return BreachOutcome(saved, _suggestion(session, abc, saved))
    errors = _validate_breach(session, abc, data, today=today)
    if errors:
        raise ValidationError(errors)
    breach = AbcBreach(
        id=new_id or uuid.uuid4(),
        abc_id=abc.id,
        occurred_on=data.occurred_on,
        conditions=join_values([str(i) for i in data.condition_ids]),
        description=data.description,
        reported_by=data.reported_by.strip(),
        substantiated=data.substantiated,
        serious_harm=data.serious_harm,
        response=data.response,
        response_notes=data.response_notes,
    )
    session.add(breach)
    session.flush()
    return BreachOutcome(breach, _suggestion(session, abc, breach))


def update_breach(
    session: Session,
    breach_id: uuid.UUID,
    data: BreachInput,
    *,
    expected_version: int,
    today: date,
) -> BreachOutcome:
    """Change a breach record, typically once it is found substantiated or not.

    Raises:
        ValidationError: The change cannot be saved.
        EditConflict: Someone else saved the breach since the form opened.
    """
    breach = session.get(AbcBreach, breach_id)
    if breach is None:
        raise NotFound("That breach is no longer in the database.")
    with editing(session, breach, expected_version):
        abc = get_abc(session, breach.abc_id)
        errors = _validate_breach(session, abc, data, today=today, editing=True)
        if errors:
            raise ValidationError(errors)
        breach.occurred_on = data.occurred_on
        breach.conditions = join_values([str(i) for i in data.condition_ids])
        breach.description = data.description
        breach.reported_by = data.reported_by.strip()
        breach.substantiated = data.substantiated
        breach.serious_harm = data.serious_harm
        breach.response = data.response
        breach.response_notes = data.response_notes
    return BreachOutcome(breach, _suggestion(session, abc, breach))


def _validate_breach(
    session: Session, abc: AbcAgreement, data: BreachInput, *, today: date, editing: bool = False
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if AbcStatus(abc.status) == AbcStatus.DRAFT:
        errors["status"] = "The ABC is not signed yet, so it cannot be breached."
    if data.occurred_on > today:
        errors["occurred_on"] = "A breach that has happened cannot be in the future."
    elif data.occurred_on < abc.start_on:
        errors["occurred_on"] = (
            f"The ABC started on {abc.start_on:%d %b %Y}; earlier behaviour is an incident."
        )
    elif data.occurred_on > abc.end_on:
        errors["occurred_on"] = f"The ABC ended on {abc.end_on:%d %b %Y}."
    elif abc.ended_on is not None and data.occurred_on > abc.ended_on and not editing:
        errors["occurred_on"] = f"The ABC ended on {abc.ended_on:%d %b %Y}."
    ours = {c.id for c in conditions_of(session, abc.id)}
    if not data.condition_ids:
        errors["condition_ids"] = "Say which condition(s) were breached."
    elif not set(data.condition_ids) <= ours:
        errors["condition_ids"] = "Choose conditions of this ABC."
    if not data.description.strip():
        errors["description"] = "Describe what happened."
    if not data.reported_by.strip():
        errors["reported_by"] = "Say who reported it."
    if data.substantiated not in set(Substantiated):
        errors["substantiated"] = "Choose yes, no or pending."
    if data.response not in set(BreachResponse):
        errors["response"] = "Choose warning, meeting or escalation."
    return errors


def _suggestion(session: Session, abc: AbcAgreement, breach: AbcBreach) -> Suggestion | None:
    if breach.substantiated != Substantiated.YES:
        return None
    kinds = session.exec(
        select(EnforcementStep.kind).where(EnforcementStep.person_id == abc.person_id)
    ).all()
    return suggest_after_breach(
        current_rung(kinds),
        breach_proved=Rung.INJUNCTION_BREACH_PROVED in kinds,
        serious_harm=breach.serious_harm,
    )
