"""Acceptable Behaviour Contracts: drawing one up, signing it, and moving it on in status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.db.models import (
    AbcAgreement,
    AbcBreach,
    AbcCondition,
    AbcReview,
    AbcSignatory,
    Case,
    CaseParty,
    EnforcementStep,
    Person,
)
from fieldcase.domain import abc as rules
from fieldcase.domain.abc import (
    AbcFacts,
    AbcRuleError,
    AbcStatus,
    ConditionKind,
    Monitor,
    SignatoryRole,
    Signature,
    Substantiated,
)
from fieldcase.domain.date_limits import ABC_START_YEARS, ahead_problem, happened_problem
from fieldcase.domain.ladder import Rung
from fieldcase.domain.people import birth_for_age_rules
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole, join_values, split_values
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved, editing

_ROLE_ORDER = {role: n for n, role in enumerate(SignatoryRole)}


@dataclass
class ConditionInput:
    """A condition typed or picked from a template."""

    text: str
    kind: str = ConditionKind.PROHIBITION


@dataclass
class SignatoryInput:
    """A signature line: who, in which role, and the date they signed (if yet)."""

    role: str
    name: str
    signed_on: date | None = None
    collar_number: str = ""


@dataclass
class AbcInput:
    """Everything the ABC form collects."""

    person_id: uuid.UUID
    start_on: date
    end_on: date | None = None
    """None for the policy's default length."""
    review_weeks: int | None = None
    """None for the policy's default cadence."""
    monitored_by: list[str] = field(default_factory=lambda: [Monitor.HOUSING, Monitor.POLICE])
    conditions: list[ConditionInput] = field(default_factory=list)
    signatories: list[SignatoryInput] = field(default_factory=list)
    notes: str = ""


def _perpetrator(session: Session, case_id: uuid.UUID, person_id: uuid.UUID) -> Person:
    party = session.exec(
        select(CaseParty).where(
            CaseParty.case_id == case_id,
            CaseParty.person_id == person_id,
            CaseParty.role == PartyRole.PERPETRATOR,
        )
    ).first()
    person = session.get(Person, person_id)
    if party is None or person is None:
        raise ValidationError({"person_id": "Choose an alleged perpetrator on this case."})
    return person


def _validate(
    data: AbcInput, person: Person, *, policy: Policy, today: date
) -> tuple[date, int, dict[str, str]]:
    weeks = data.review_weeks if data.review_weeks is not None else policy.abc_review_weeks
    start_problem = ahead_problem(
        data.start_on, today, "The start", years=ABC_START_YEARS, back=ABC_START_YEARS
    )
    if start_problem:
        end_on = data.end_on or data.start_on
        errors = {"start_on": start_problem}
    else:
        end_on = data.end_on or rules.default_end(data.start_on, policy)
        errors = rules.validate_dates(data.start_on, end_on, weeks)
    monitors = set(data.monitored_by)
    if not monitors or not monitors <= set(Monitor):
        errors["monitored_by"] = "Say who monitors the ABC (housing, police or both)."
    if not data.conditions:
        errors["conditions"] = "Add at least one condition."
    for n, cond in enumerate(data.conditions):
        if cond.kind not in set(ConditionKind):
            errors[f"conditions.{n}"] = f"Condition {n + 1}: choose prohibition or requirement."
        elif not cond.text.strip():
            errors[f"conditions.{n}"] = f"Condition {n + 1} has no words."
        elif gaps := rules.unfilled_placeholders(cond.text):
            errors[f"conditions.{n}"] = f"Condition {n + 1}: fill in {', '.join(gaps)}."
    perpetrator_lines = 0
    for n, sig in enumerate(data.signatories):
        label = f"Signatory {n + 1}"
        if sig.role not in set(SignatoryRole):
            errors[f"signatories.{n}"] = f"{label}: choose a role."
        elif not sig.name.strip():
            errors[f"signatories.{n}"] = f"{label} ({SignatoryRole(sig.role).label}): give a name."
        elif sig.role == SignatoryRole.POLICE_OFFICER and not sig.collar_number.strip():
            errors[f"signatories.{n}"] = f"{label}: give the police officer's collar number."
        elif sig.signed_on is not None and (
            problem := happened_problem(sig.signed_on, today, "a signature", years=ABC_START_YEARS)
        ):
            errors[f"signatories.{n}"] = f"{label}: {problem}"
        perpetrator_lines += sig.role == SignatoryRole.PERPETRATOR
    if perpetrator_lines > 1:
        errors["signatories"] = "The person signs once; remove the extra line."
    required = rules.required_roles(
        date_of_birth=birth_for_age_rules(
            person.date_of_birth, person.age_given, person.age_given_on
        ),
        start_on=data.start_on,
        monitored_by=monitors,
    )
    unlisted = rules.missing_listed(required, as_signatures(data.signatories))
    if unlisted and "signatories" not in errors:
        if SignatoryRole.GUARDIAN in unlisted:
            errors["signatories"] = (
                "The person is under 18 on the start date: add a parent or guardian to sign."
            )
        else:
            names = ", ".join(r.label.lower() for r in unlisted)
            errors["signatories"] = f"Add a signature line for: {names}."
    return end_on, weeks, errors


def as_signatures(lines: list[SignatoryInput] | list[AbcSignatory]) -> list[Signature]:
    """The signature lines as the domain rules read them."""
    return [Signature(s.role, s.name, s.signed_on, s.collar_number) for s in lines]


def create_abc(
    session: Session,
    case_id: uuid.UUID,
    data: AbcInput,
    *,
    policy: Policy,
    today: date,
    new_id: uuid.UUID | None = None,
) -> AbcAgreement:
    """Draw up an ABC; it comes into force as soon as every required signatory has signed.

    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    if saved := already_saved(session, AbcAgreement, new_id):
        return saved
    if session.get(Case, case_id) is None:
        raise NotFound("That case is not in this database.")
    person = _perpetrator(session, case_id, data.person_id)
    end_on, weeks, errors = _validate(data, person, policy=policy, today=today)
    if errors:
        raise ValidationError(errors)
    abc = AbcAgreement(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        person_id=person.id,
        start_on=data.start_on,
        end_on=end_on,
        status=AbcStatus.DRAFT,
        review_weeks=weeks,
        monitored_by=join_values(data.monitored_by),
        notes=data.notes,
    )
    session.add(abc)
    session.flush()
    _replace_lines(session, abc, data)
    _activate_if_signed(session, abc, person)
    return abc


def update_abc(
    session: Session,
    abc_id: uuid.UUID,
    data: AbcInput,
    *,
    expected_version: int,
    policy: Policy,
    today: date,
) -> AbcAgreement:
    """Save changes to an ABC.

    A draft may change freely. Once signed, the dates, the conditions and the
    signatures already given stay as they were signed: only later signatures,
    the review cadence, who monitors it and the notes may change.

    Raises:
        ValidationError: The change cannot be saved; nothing is written.
        EditConflict: Someone else saved the ABC since the form opened.
    """
    abc = get_abc(session, abc_id)
    # Its conditions and signatures are part of the ABC: saving them moves its version on.
    with editing(session, abc, expected_version, touch=True):
        status = AbcStatus(abc.status)
        if status.is_final:
            raise ValidationError(
                {"status": f"This ABC has ended ({status.label.lower()}); it is kept as it was."}
            )
        person = _perpetrator(session, abc.case_id, data.person_id)
        end_on, weeks, errors = _validate(data, person, policy=policy, today=today)
        if status == AbcStatus.ACTIVE:
            errors.update(_signed_terms_changed(session, abc, data, end_on))
        if errors:
            raise ValidationError(errors)
        abc.person_id = person.id
        abc.start_on = data.start_on
        abc.end_on = end_on
        abc.review_weeks = weeks
        abc.monitored_by = join_values(data.monitored_by)
        abc.notes = data.notes
        _replace_lines(session, abc, data, keep_conditions=status == AbcStatus.ACTIVE)
        if status == AbcStatus.ACTIVE:
            abc.next_review_on = scheduled_review(session, abc)
        else:
            _activate_if_signed(session, abc, person)
    return abc


def _signed_terms_changed(
    session: Session, abc: AbcAgreement, data: AbcInput, end_on: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    signed = f"signed on {abc.start_on:%d %b %Y}"
    if data.person_id != abc.person_id:
        errors["person_id"] = "The ABC is signed; it cannot move to someone else."
    if data.start_on != abc.start_on or end_on != abc.end_on:
        errors["end_on"] = (
            f"The ABC was {signed} with these dates; they cannot change. "
            "End it early or complete it, and draw up a new one."
        )
    stored = [(c.kind, c.text) for c in conditions_of(session, abc.id)]
    typed = [(c.kind, c.text.strip()) for c in _in_agreement_order(data.conditions)]
    if stored != typed:
        errors["conditions"] = (
            "The conditions were signed and cannot change. "
            "End this ABC early and draw up a new one."
        )
    typed_sigs = {(s.role, s.name.strip(), s.signed_on) for s in data.signatories}
    for sig in signatories_of(session, abc.id):
        if sig.signed_on is not None and (sig.role, sig.name, sig.signed_on) not in typed_sigs:
            errors["signatories"] = (
                f"{sig.name} signed on {sig.signed_on:%d %b %Y}; a given signature cannot change."
            )
    return errors


def _replace_lines(
    session: Session, abc: AbcAgreement, data: AbcInput, *, keep_conditions: bool = False
) -> None:
    stored = [(c.kind, c.text) for c in conditions_of(session, abc.id)]
    typed = [(c.kind, c.text.strip()) for c in _in_agreement_order(data.conditions)]
    if not keep_conditions and stored != typed:
        for old in conditions_of(session, abc.id):
            session.delete(old)
        for n, cond in enumerate(_in_agreement_order(data.conditions)):
            session.add(
                AbcCondition(abc_id=abc.id, kind=cond.kind, text=cond.text.strip(), position=n)
            )
    existing = {
        (s.role, s.name, s.signed_on, s.collar_number): s for s in signatories_of(session, abc.id)
    }
    for sig in data.signatories:
        key = (sig.role, sig.name.strip(), sig.signed_on, sig.collar_number.strip())
        if existing.pop(key, None) is None:
            session.add(
                AbcSignatory(
                    abc_id=abc.id,
                    role=sig.role,
                    name=sig.name.strip(),
                    collar_number=sig.collar_number.strip(),
                    signed_on=sig.signed_on,
                )
            )
    for gone in existing.values():
        session.delete(gone)
    session.flush()


def _in_agreement_order(conditions: list[ConditionInput]) -> list[ConditionInput]:
    """Prohibitions first, then requirements, each in the order given, numbered straight through."""
    return sorted(conditions, key=lambda c: c.kind != ConditionKind.PROHIBITION)


def _activate_if_signed(session: Session, abc: AbcAgreement, person: Person) -> None:
    signatories = signatories_of(session, abc.id)
    required = required_signatories(abc, person)
    if rules.missing_signatures(required, as_signatures(signatories)):
        return
    _activate(session, abc, rules.fully_signed_on(as_signatures(signatories), required))


def _activate(session: Session, abc: AbcAgreement, signed_on: date) -> None:
    abc.status = AbcStatus.ACTIVE
    abc.next_review_on = scheduled_review(session, abc)
    already = session.exec(select(EnforcementStep).where(EnforcementStep.abc_id == abc.id)).first()
    if already is None:
        session.add(
            EnforcementStep(
                case_id=abc.case_id,
                person_id=abc.person_id,
                abc_id=abc.id,
                kind=Rung.ABC,
                taken_on=signed_on,
                documents="Signed Acceptable Behaviour Contract",
                notes=f"In force {abc.start_on:%d %b %Y} to {abc.end_on:%d %b %Y}.",
            )
        )
    session.flush()


def required_signatories(abc: AbcAgreement, person: Person) -> list[SignatoryRole]:
    """The roles that must sign this ABC, given the person's age and who monitors it."""
    return rules.required_roles(
        date_of_birth=birth_for_age_rules(
            person.date_of_birth, person.age_given, person.age_given_on
        ),
        start_on=abc.start_on,
        monitored_by=split_values(abc.monitored_by),
    )


def scheduled_review(session: Session, abc: AbcAgreement) -> date | None:
    """The next review date after the latest review, never past the end date."""
    last = session.exec(
        select(func.max(AbcReview.reviewed_on)).where(AbcReview.abc_id == abc.id)
    ).one()
    return _next_review(abc, last)


def _next_review(abc: AbcAgreement, last: date | None) -> date | None:
    if last is not None and last >= abc.end_on:
        return None
    due = rules.next_review_due(
        start_on=abc.start_on, last_review_on=last, review_weeks=abc.review_weeks
    )
    return min(due, abc.end_on)


def change_status(
    session: Session,
    abc_id: uuid.UUID,
    target: str,
    *,
    today: date,
    reason: str = "",
    expected_version: int | None = None,
) -> AbcAgreement:
    """Move an ABC on: active once signed; then completed, breached or ended early.

    Without ``expected_version`` the move is checked against the ABC as loaded
    here, so it is still refused if someone else saves the ABC meanwhile.

    Raises:
        ValidationError: The rules do not allow the move; ``status`` says why.
        EditConflict: Someone else saved the ABC since it was opened.
    """
    abc = get_abc(session, abc_id)
    expected = abc.version if expected_version is None else expected_version
    with editing(session, abc, expected):
        if abc.version != expected and (abc.status, abc.end_reason) == (target, reason.strip()):
            return abc  # this officer's own move, made by a try whose answer was lost
        return _move(session, abc, target, today=today, reason=reason)


def _move(
    session: Session, abc: AbcAgreement, target: str, *, today: date, reason: str
) -> AbcAgreement:
    if target not in set(AbcStatus):
        raise ValidationError({"status": "Choose a status."})
    person = session.get(Person, abc.person_id)
    if person is None:
        raise NotFound("The person on this ABC is no longer in the database.")
    signatures = as_signatures(signatories_of(session, abc.id))
    required = required_signatories(abc, person)
    facts = AbcFacts(
        status=AbcStatus(abc.status),
        start_on=abc.start_on,
        end_on=abc.end_on,
        missing_signatures=tuple(rules.missing_signatures(required, signatures)),
        substantiated_breaches=_substantiated_count(session, abc.id),
    )
    try:
        rules.check_move(facts, AbcStatus(target), today=today, reason=reason)
    except AbcRuleError as exc:
        raise ValidationError({"status": str(exc)}) from exc
    if target == AbcStatus.ACTIVE:
        _activate(session, abc, rules.fully_signed_on(signatures, required))
        return abc
    abc.status = target
    abc.ended_on = abc.end_on if target == AbcStatus.COMPLETED else today
    abc.end_reason = reason.strip()
    abc.next_review_on = None
    session.flush()
    return abc


def get_abc(session: Session, abc_id: uuid.UUID) -> AbcAgreement:
    """One ABC.

    Raises:
        NotFound: The ABC is no longer in the database.
    """
    abc = session.get(AbcAgreement, abc_id)
    if abc is None:
        raise NotFound("That ABC is no longer in the database.")
    return abc


def conditions_of(session: Session, abc_id: uuid.UUID) -> list[AbcCondition]:
    """An ABC's conditions in agreement order."""
    return list(
        session.exec(
            select(AbcCondition)
            .where(AbcCondition.abc_id == abc_id)
            .order_by(col(AbcCondition.position))
        ).all()
    )


def signatories_of(session: Session, abc_id: uuid.UUID) -> list[AbcSignatory]:
    """An ABC's signatories, in the order the agreement lists the roles."""
    rows = session.exec(
        select(AbcSignatory)
        .where(AbcSignatory.abc_id == abc_id)
        .order_by(col(AbcSignatory.created_at))
    ).all()
    return sorted(rows, key=lambda s: _ROLE_ORDER.get(SignatoryRole(s.role), 99))


def _substantiated_count(session: Session, abc_id: uuid.UUID) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(AbcBreach)
            .where(AbcBreach.abc_id == abc_id, AbcBreach.substantiated == Substantiated.YES)
        ).one()
    )
