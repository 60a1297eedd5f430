"""The enforcement ladder per alleged perpetrator: steps taken, where they stand, what next.

The ladder holds the landlord's own steps. Partners' actions (community protection
warnings and notices, criminal behaviour orders, closure orders) are recorded in the
same table, with the agency that took them, and shown beside the ladder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    Case,
    CaseParty,
    EnforcementStep,
    Person,
)
from fieldcase.domain.abc import Substantiated
from fieldcase.domain.date_limits import ahead_problem, happened_problem
from fieldcase.domain.ladder import (
    Agency,
    PartnerAction,
    PossessionGround,
    Rung,
    ServedHow,
    Suggestion,
    current_rung,
    rung_above,
    suggest_after_breach,
)
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.abc_views import detach
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved, editing


@dataclass
class StepInput:
    """An enforcement step or a partner action, typed into a form."""

    kind: str
    taken_on: date
    served_how: str = ServedHow.NOT_RECORDED
    court: str = ""
    terms: str = ""
    expires_on: date | None = None
    documents: str = ""
    notes: str = ""
    agency: str = Agency.NOT_RECORDED
    """For a partner action: the council or the police."""
    ground: str = PossessionGround.NOT_RECORDED
    """For a notice of seeking possession or a possession claim: Ground 14 or absolute."""


def step_input(step: EnforcementStep) -> StepInput:
    """A recorded step as the step form's starting values."""
    return StepInput(
        kind=step.kind,
        taken_on=step.taken_on,
        served_how=step.served_how,
        court=step.court,
        terms=step.terms,
        expires_on=step.expires_on,
        documents=step.documents,
        notes=step.notes,
        agency=step.agency,
        ground=step.ground,
    )


@dataclass(frozen=True)
class StepRow:
    """A step on the ladder timeline, with the case it was taken in."""

    step: EnforcementStep
    case_reference: str

    @property
    def rung(self) -> Rung | None:
        """The step's rung, or None for a partner action or a kind this version does not know."""
        return Rung(self.step.kind) if self.step.kind in set(Rung) else None

    @property
    def partner_action(self) -> PartnerAction | None:
        """The partner's action, or None for a step of the landlord's ladder."""
        return PartnerAction(self.step.kind) if self.step.kind in set(PartnerAction) else None


@dataclass(frozen=True)
class OpenBreach:
    """A substantiated breach that no step has answered yet."""

    breach: AbcBreach
    case_reference: str


@dataclass(frozen=True)
class Ladder:
    """One person's enforcement history and what fieldcase suggests next."""

    person: Person
    steps: list[StepRow]
    """The landlord's steps, oldest first: the timeline."""
    partner_actions: list[StepRow]
    """Actions taken by the council or the police, oldest first."""
    current: Rung | None
    open_breach: OpenBreach | None
    """The latest substantiated breach, while no step has been taken since."""
    suggestion: Suggestion | None
    """The next proportionate step, when there is an open breach."""

    @property
    def next_rung(self) -> Rung | None:
        """The rung above the current one, for context when nothing is suggested."""
        return rung_above(self.current)


def validate_step(data: StepInput, *, today: date) -> dict[str, str]:
    """Field -> message for a step or partner action that cannot be saved."""
    errors: dict[str, str] = {}
    if data.kind in set(PartnerAction):
        errors.update(_partner_errors(data))
    elif data.kind in set(Rung):
        errors.update(_rung_errors(Rung(data.kind), data))
    else:
        return {"kind": "Choose the step taken."}
    if data.taken_on > today:
        errors["taken_on"] = "Record a step once it has been taken; it cannot be in the future."
    elif problem := happened_problem(data.taken_on, today, "The date taken"):
        errors["taken_on"] = problem
    if data.served_how not in set(ServedHow):
        errors["served_how"] = "Choose how it was served."
    if data.expires_on is not None and data.expires_on <= data.taken_on:
        errors["expires_on"] = "The expiry must come after the date taken."
    elif data.expires_on is not None and (
        problem := ahead_problem(data.expires_on, today, "The expiry", years=10, back=50)
    ):
        errors["expires_on"] = problem
    return errors


def _rung_errors(rung: Rung, data: StepInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.agency:
        errors["agency"] = "A step on the landlord's ladder is not a partner's action."
    if rung.is_served and data.served_how in set(ServedHow) and not data.served_how:
        errors["served_how"] = f"Say how the {rung.label.lower()} was served (by hand, post...)."
    if rung.is_court and not data.court.strip():
        errors["court"] = "Name the court."
    if rung == Rung.INJUNCTION_GRANTED and not data.terms.strip():
        errors["terms"] = "Set out the terms the court granted."
    if data.ground not in set(PossessionGround):
        errors["ground"] = "Choose the ground."
    elif rung.needs_ground and not data.ground:
        errors["ground"] = "Say which ground it relies on: Ground 14 or the absolute ground."
    elif data.ground and not rung.needs_ground:
        errors["ground"] = "Only a notice of seeking possession or a possession claim has a ground."
    return errors


def _partner_errors(data: StepInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.agency not in set(Agency) or not data.agency:
        errors["agency"] = "Say which partner took it: the council or the police."
    if data.ground:
        errors["ground"] = "Only a notice of seeking possession or a possession claim has a ground."
    return errors


def _history_errors(
    session: Session, person_id: uuid.UUID, data: StepInput, *, kind_changed: bool
) -> dict[str, str]:
    """Rules that depend on the person's earlier steps, across all their cases."""
    earlier = session.exec(
        select(EnforcementStep.kind).where(
            EnforcementStep.person_id == person_id,
            col(EnforcementStep.taken_on) <= data.taken_on,
        )
    ).all()
    errors: dict[str, str] = {}
    if (
        kind_changed
        and data.kind == PartnerAction.COMMUNITY_PROTECTION_NOTICE
        and PartnerAction.COMMUNITY_PROTECTION_WARNING not in earlier
    ):
        errors["kind"] = (
            "A community protection notice follows a written warning: record the "
            "community protection warning first."
        )
    if data.ground == PossessionGround.ABSOLUTE and Rung.INJUNCTION_BREACH_PROVED not in earlier:
        errors["ground"] = (
            "The absolute ground needs an injunction breach proved by then: record it on "
            "the ladder first, or rely on Ground 14."
        )
    return errors


def add_step(
    session: Session,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    data: StepInput,
    *,
    today: date,
    new_id: uuid.UUID | None = None,
) -> EnforcementStep:
    """Record a step the officer has decided on and taken.

    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: The step cannot be saved as typed; nothing is written.
    """
    if saved := already_saved(session, EnforcementStep, new_id):
        return saved
    _check_perpetrator(session, case_id, person_id)
    errors = validate_step(data, today=today)
    if not errors:
        errors = _history_errors(session, person_id, data, kind_changed=True)
    if errors:
        raise ValidationError(errors)
    step = EnforcementStep(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        person_id=person_id,
        kind=data.kind,
        taken_on=today,
    )
    _apply(step, data)
    session.add(step)
    session.flush()
    return step


def update_step(
    session: Session,
    step_id: uuid.UUID,
    data: StepInput,
    *,
    expected_version: int,
    today: date,
) -> EnforcementStep:
    """Correct a recorded step.

    Raises:
        ValidationError: The change cannot be saved.
        EditConflict: Someone else saved the step since the form opened.
    """
    step = session.get(EnforcementStep, step_id)
    if step is None:
        raise NotFound("That step is no longer in the database.")
    with editing(session, step, expected_version):
        errors = validate_step(data, today=today)
        if not errors:
            changed = data.kind != step.kind
            errors = _history_errors(session, step.person_id, data, kind_changed=changed)
        if step.abc_id is not None and data.kind != Rung.ABC:
            errors["kind"] = "This step records a signed ABC; its kind cannot change."
        if errors:
            raise ValidationError(errors)
        step.kind = data.kind
        _apply(step, data)
    return step


def _apply(step: EnforcementStep, data: StepInput) -> None:
    step.taken_on = data.taken_on
    step.served_how = data.served_how
    step.court = data.court.strip()
    step.terms = data.terms
    step.expires_on = data.expires_on
    step.documents = data.documents.strip()
    step.notes = data.notes
    step.agency = data.agency
    step.ground = data.ground


def _check_perpetrator(session: Session, case_id: uuid.UUID, person_id: uuid.UUID) -> None:
    party = session.exec(
        select(CaseParty).where(
            CaseParty.case_id == case_id,
            CaseParty.person_id == person_id,
            CaseParty.role == PartyRole.PERPETRATOR,
        )
    ).first()
    if party is None:
        raise ValidationError({"person_id": "Choose an alleged perpetrator on this case."})


def ladder_for(session: Session, person_id: uuid.UUID) -> Ladder:
    """A person's steps across every case, the current rung and, after a breach, a suggestion.

    Raises:
        NotFound: There is no such person.
    """
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("That person is no longer in the database.")
    rows = session.exec(
        select(EnforcementStep, Case.reference)
        .join(Case, col(Case.id) == EnforcementStep.case_id)
        .where(EnforcementStep.person_id == person_id)
        .order_by(col(EnforcementStep.taken_on), col(EnforcementStep.created_at))
    ).all()
    every = [StepRow(step, ref) for step, ref in rows]
    steps = [s for s in every if s.partner_action is None]
    partner_actions = [s for s in every if s.partner_action is not None]
    current = current_rung(s.step.kind for s in steps)
    open_breach = _open_breach(session, person_id, [s.step for s in steps])
    detach(session, person, *(s.step for s in every))
    if open_breach is not None:
        detach(session, open_breach.breach)
    suggestion = (
        suggest_after_breach(
            current,
            breach_proved=any(s.rung == Rung.INJUNCTION_BREACH_PROVED for s in steps),
            serious_harm=open_breach.breach.serious_harm,
        )
        if open_breach is not None
        else None
    )
    return Ladder(person, steps, partner_actions, current, open_breach, suggestion)


def _open_breach(
    session: Session, person_id: uuid.UUID, steps: list[EnforcementStep]
) -> OpenBreach | None:
    stmt = (
        select(AbcBreach, Case.reference)
        .join(AbcAgreement, col(AbcAgreement.id) == AbcBreach.abc_id)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .where(AbcAgreement.person_id == person_id, AbcBreach.substantiated == Substantiated.YES)
        .order_by(col(AbcBreach.occurred_on).desc(), col(AbcBreach.created_at).desc())
        .limit(1)
    )
    found = session.exec(stmt).first()
    if found is None:
        return None
    breach, ref = found
    if any(_answers(step, breach) for step in steps if step.kind not in set(PartnerAction)):
        return None
    return OpenBreach(breach, ref)


def _answers(step: EnforcementStep, breach: AbcBreach) -> bool:
    """A landlord's step taken after the breach, or on the day and recorded after it, answers it.

    Partner actions are not the landlord's response, so they never answer a breach.
    """
    if step.taken_on != breach.occurred_on:
        return step.taken_on > breach.occurred_on
    return step.created_at > breach.created_at
