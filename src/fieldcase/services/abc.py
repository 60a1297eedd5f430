"""Acceptable Behaviour Contracts: drawing one up, signing, reviews, breaches, monitoring."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldcase.config import Policy
from fieldcase.db import audit
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
    Property,
)
from fieldcase.domain import abc as rules
from fieldcase.domain.abc import (
    AbcFacts,
    AbcRuleError,
    AbcStatus,
    BreachResponse,
    Compliance,
    ConditionKind,
    ConditionTemplate,
    Monitor,
    ReviewState,
    SignatoryRole,
    Signature,
    Substantiated,
)
from fieldcase.domain.ladder import Rung, Suggestion, current_rung, suggest_next
from fieldcase.domain.vocab import PartyRole, join_values, split_values
from fieldcase.services.errors import EditConflict, NotFound, ValidationError

TEMPLATES_FILE = "abc_conditions.toml"
"""The organisation's own condition templates, when saved in the data folder."""
ENDING_SOON_DAYS = 14
RECENT_BREACH_DAYS = 30

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


@dataclass(frozen=True)
class PerpetratorChoice:
    """An alleged perpetrator on a case, for choosing who an ABC is with."""

    person_id: uuid.UUID
    name: str
    date_of_birth: date | None
    engagement: str


@dataclass(frozen=True)
class AbcView:
    """An ABC with everything its screen and the printed agreement show."""

    abc: AbcAgreement
    person: Person
    case: Case
    case_property: Property | None
    """The case's property, where the victims live."""
    conditions: list[AbcCondition]
    signatories: list[AbcSignatory]
    reviews: list[AbcReview]
    """Newest first."""
    breaches: list[AbcBreach]
    """Newest first."""
    required: list[SignatoryRole]
    missing: list[SignatoryRole]
    """Required roles not yet signed."""

    @property
    def status(self) -> AbcStatus:
        """The stored status."""
        return AbcStatus(self.abc.status)

    @property
    def monitored_by(self) -> list[Monitor]:
        """Who monitors it."""
        return [Monitor(m) for m in split_values(self.abc.monitored_by) if m in set(Monitor)]

    @property
    def condition_numbers(self) -> dict[uuid.UUID, int]:
        """Condition id -> its number on the agreement (1-based)."""
        return {c.id: n for n, c in enumerate(self.conditions, start=1)}

    def breached_numbers(self, breach: AbcBreach) -> list[int]:
        """The numbers of the conditions a breach was against."""
        numbers = self.condition_numbers
        return sorted(
            numbers[uuid.UUID(i)] for i in split_values(breach.conditions) if _known(i, numbers)
        )

    def review_state(self, today: date) -> ReviewState | None:
        """How urgent the next review is, for an active ABC."""
        if self.status != AbcStatus.ACTIVE or self.abc.next_review_on is None:
            return None
        return rules.review_state(self.abc.next_review_on, today)

    @property
    def substantiated_breaches(self) -> int:
        """How many breaches were made out."""
        return sum(1 for b in self.breaches if b.substantiated == Substantiated.YES)


def _known(raw: str, numbers: dict[uuid.UUID, int]) -> bool:
    try:
        return uuid.UUID(raw) in numbers
    except ValueError:
        return False


@dataclass(frozen=True)
class AbcSummary:
    """One line in a case's list of ABCs."""

    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    status: AbcStatus
    start_on: date
    end_on: date
    next_review_on: date | None
    conditions: int
    substantiated_breaches: int


@dataclass(frozen=True)
class BreachOutcome:
    """A breach as saved, and the next proportionate step when it is substantiated."""

    breach: AbcBreach
    suggestion: Suggestion | None
    """None unless the breach is substantiated."""


def packaged_templates() -> list[ConditionTemplate]:
    """The condition templates shipped with fieldcase."""
    text = resources.files("fieldcase").joinpath("data", TEMPLATES_FILE).read_text(encoding="utf-8")
    return rules.parse_templates(text)


def condition_templates(data_dir: Path | None = None) -> list[ConditionTemplate]:
    """The organisation's templates from the data folder if saved there, else the packaged ones.

    Raises:
        TemplateError: The organisation's file is there but cannot be used.
    """
    if data_dir is not None:
        own = data_dir / TEMPLATES_FILE
        if own.is_file():
            try:
                return rules.parse_templates(own.read_text(encoding="utf-8"))
            except (rules.TemplateError, UnicodeDecodeError) as exc:
                raise rules.TemplateError(f"{own}: {exc}") from exc
    return packaged_templates()


def perpetrators(session: Session, case_id: uuid.UUID) -> list[PerpetratorChoice]:
    """The alleged perpetrators on a case, in the order they were added."""
    rows = session.exec(
        select(CaseParty, Person)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .where(CaseParty.case_id == case_id, CaseParty.role == PartyRole.PERPETRATOR)
        .order_by(col(CaseParty.created_at))
    ).all()
    return [
        PerpetratorChoice(person.id, person.full_name, person.date_of_birth, party.engagement)
        for party, person in rows
    ]


def case_reference(session: Session, case_id: uuid.UUID) -> str:
    """A case's reference, for titles.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    return case.reference


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
    end_on = data.end_on or rules.default_end(data.start_on, policy)
    weeks = data.review_weeks if data.review_weeks is not None else policy.abc_review_weeks
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
        elif sig.signed_on is not None and sig.signed_on > today:
            errors[f"signatories.{n}"] = f"{label}: a signature cannot be dated in the future."
        perpetrator_lines += sig.role == SignatoryRole.PERPETRATOR
    if perpetrator_lines > 1:
        errors["signatories"] = "The person signs once; remove the extra line."
    required = rules.required_roles(
        date_of_birth=person.date_of_birth, start_on=data.start_on, monitored_by=monitors
    )
    unlisted = rules.missing_listed(required, _signatures(data.signatories))
    if unlisted and "signatories" not in errors:
        if SignatoryRole.GUARDIAN in unlisted:
            errors["signatories"] = (
                "The person is under 18 on the start date: add a parent or guardian to sign."
            )
        else:
            names = ", ".join(r.label.lower() for r in unlisted)
            errors["signatories"] = f"Add a signature line for: {names}."
    return end_on, weeks, errors


def _signatures(lines: list[SignatoryInput] | list[AbcSignatory]) -> list[Signature]:
    return [Signature(s.role, s.name, s.signed_on, s.collar_number) for s in lines]


def create_abc(
    session: Session, case_id: uuid.UUID, data: AbcInput, *, policy: Policy, today: date
) -> AbcAgreement:
    """Draw up an ABC; it comes into force as soon as every required signatory has signed.

    Raises:
        ValidationError: Something typed cannot be saved; nothing is written.
    """
    if session.get(Case, case_id) is None:
        raise NotFound("That case is not in this database.")
    person = _perpetrator(session, case_id, data.person_id)
    end_on, weeks, errors = _validate(data, person, policy=policy, today=today)
    if errors:
        raise ValidationError(errors)
    abc = AbcAgreement(
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
    abc = _get(session, abc_id)
    if abc.version != expected_version:
        raise EditConflict("This ABC was changed elsewhere since you opened it.")
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
        abc.next_review_on = _scheduled_review(session, abc)
        session.flush()
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
    stored = [(c.kind, c.text) for c in _conditions(session, abc.id)]
    typed = [(c.kind, c.text.strip()) for c in _in_agreement_order(data.conditions)]
    if stored != typed:
        errors["conditions"] = (
            "The conditions were signed and cannot change. "
            "End this ABC early and draw up a new one."
        )
    typed_sigs = {(s.role, s.name.strip(), s.signed_on) for s in data.signatories}
    for sig in _signatories(session, abc.id):
        if sig.signed_on is not None and (sig.role, sig.name, sig.signed_on) not in typed_sigs:
            errors["signatories"] = (
                f"{sig.name} signed on {sig.signed_on:%d %b %Y}; a given signature cannot change."
            )
    return errors


def _replace_lines(
    session: Session, abc: AbcAgreement, data: AbcInput, *, keep_conditions: bool = False
) -> None:
    if not keep_conditions:
        for old in _conditions(session, abc.id):
            session.delete(old)
        for n, cond in enumerate(_in_agreement_order(data.conditions)):
            session.add(
                AbcCondition(abc_id=abc.id, kind=cond.kind, text=cond.text.strip(), position=n)
            )
    existing = {
        (s.role, s.name, s.signed_on, s.collar_number): s for s in _signatories(session, abc.id)
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
    signatories = _signatories(session, abc.id)
    required = _required(abc, person)
    if rules.missing_signatures(required, _signatures(signatories)):
        return
    _activate(session, abc, rules.fully_signed_on(_signatures(signatories), required))


def _activate(session: Session, abc: AbcAgreement, signed_on: date) -> None:
    abc.status = AbcStatus.ACTIVE
    abc.next_review_on = _scheduled_review(session, abc)
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


def _required(abc: AbcAgreement, person: Person) -> list[SignatoryRole]:
    return rules.required_roles(
        date_of_birth=person.date_of_birth,
        start_on=abc.start_on,
        monitored_by=split_values(abc.monitored_by),
    )


def _scheduled_review(session: Session, abc: AbcAgreement) -> date | None:
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

    Raises:
        ValidationError: The rules do not allow the move; ``status`` says why.
        EditConflict: Someone else saved the ABC since it was opened.
    """
    abc = _get(session, abc_id)
    if expected_version is not None and abc.version != expected_version:
        raise EditConflict("This ABC was changed elsewhere since you opened it.")
    if target not in set(AbcStatus):
        raise ValidationError({"status": "Choose a status."})
    person = session.get(Person, abc.person_id)
    if person is None:
        raise NotFound("The person on this ABC is no longer in the database.")
    signatures = _signatures(_signatories(session, abc.id))
    required = _required(abc, person)
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


def record_review(
    session: Session, abc_id: uuid.UUID, data: ReviewInput, *, today: date
) -> AbcReview:
    """Record a compliance review and schedule the next one.

    The next review falls one cadence after the latest review (never after the
    end date) unless the officer sets a date.

    Raises:
        ValidationError: The review cannot be saved as typed.
    """
    abc = _get(session, abc_id)
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
    if errors:
        raise ValidationError(errors)
    review = AbcReview(
        abc_id=abc.id,
        reviewed_on=data.reviewed_on,
        compliance=data.compliance,
        reviewer=data.reviewer.strip() or str(session.info.get("actor", "")),
        notes=data.notes,
    )
    session.add(review)
    session.flush()
    abc.next_review_on = (
        data.next_review_on if data.next_review_on is not None else _scheduled_review(session, abc)
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
    session: Session, abc_id: uuid.UUID, data: BreachInput, *, today: date
) -> BreachOutcome:
    """Record a reported breach; when substantiated, suggest the next proportionate step.

    Raises:
        ValidationError: The breach cannot be saved as typed.
    """
    abc = _get(session, abc_id)
    errors = _validate_breach(session, abc, data, today=today)
    if errors:
        raise ValidationError(errors)
    breach = AbcBreach(
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
    if breach.version != expected_version:
        raise EditConflict("This breach was changed elsewhere since you opened it.")
    abc = _get(session, breach.abc_id)
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
    session.flush()
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
    ours = {c.id for c in _conditions(session, abc.id)}
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
    return suggest_next(current_rung(kinds), serious_harm=breach.serious_harm)


def _get(session: Session, abc_id: uuid.UUID) -> AbcAgreement:
    abc = session.get(AbcAgreement, abc_id)
    if abc is None:
        raise NotFound("That ABC is no longer in the database.")
    return abc


def _conditions(session: Session, abc_id: uuid.UUID) -> list[AbcCondition]:
    return list(
        session.exec(
            select(AbcCondition)
            .where(AbcCondition.abc_id == abc_id)
            .order_by(col(AbcCondition.position))
        ).all()
    )


def _signatories(session: Session, abc_id: uuid.UUID) -> list[AbcSignatory]:
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


def load_abc(session: Session, abc_id: uuid.UUID, *, record_view: bool = False) -> AbcView:
    """An ABC with its conditions, signatories, reviews and breaches.

    Raises:
        NotFound: There is no such ABC.
    """
    abc = _get(session, abc_id)
    person = session.get(Person, abc.person_id)
    case = session.get(Case, abc.case_id)
    if person is None or case is None:
        raise NotFound("That ABC's case or person is no longer in the database.")
    prop = session.get(Property, case.property_id) if case.property_id else None
    signatories = _signatories(session, abc.id)
    reviews = list(
        session.exec(
            select(AbcReview)
            .where(AbcReview.abc_id == abc.id)
            .order_by(col(AbcReview.reviewed_on).desc(), col(AbcReview.created_at).desc())
        ).all()
    )
    breaches = list(
        session.exec(
            select(AbcBreach)
            .where(AbcBreach.abc_id == abc.id)
            .order_by(col(AbcBreach.occurred_on).desc(), col(AbcBreach.created_at).desc())
        ).all()
    )
    required = _required(abc, person)
    if record_view:
        audit.record(
            session, action="view", entity="abcagreement", entity_id=str(abc.id), case_id=case.id
        )
    loaded = AbcView(
        abc=abc,
        person=person,
        case=case,
        case_property=prop,
        conditions=_conditions(session, abc.id),
        signatories=signatories,
        reviews=reviews,
        breaches=breaches,
        required=required,
        missing=rules.missing_signatures(required, _signatures(signatories)),
    )
    detach(session, abc, person, case, prop, *loaded.conditions, *signatories, *reviews, *breaches)
    return loaded


def detach(session: Session, *rows: object) -> None:
    """Let loaded rows outlive the session (a read session rolls back, which would expire them)."""
    for row in rows:
        if row is not None and row in session:
            session.expunge(row)


def list_abcs(
    session: Session, case_id: uuid.UUID, *, person_id: uuid.UUID | None = None
) -> list[AbcSummary]:
    """A case's ABCs (optionally one person's), newest first."""
    stmt = (
        select(AbcAgreement, Person.full_name)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .where(AbcAgreement.case_id == case_id)
        .order_by(col(AbcAgreement.start_on).desc(), col(AbcAgreement.created_at).desc())
    )
    if person_id is not None:
        stmt = stmt.where(AbcAgreement.person_id == person_id)
    rows = session.exec(stmt).all()
    ids = [abc.id for abc, _ in rows]
    conditions = _counts(session, AbcCondition, ids)
    breaches = _counts(session, AbcBreach, ids, substantiated_only=True)
    return [
        AbcSummary(
            id=abc.id,
            person_id=abc.person_id,
            person_name=name,
            status=AbcStatus(abc.status),
            start_on=abc.start_on,
            end_on=abc.end_on,
            next_review_on=abc.next_review_on,
            conditions=conditions.get(abc.id, 0),
            substantiated_breaches=breaches.get(abc.id, 0),
        )
        for abc, name in rows
    ]


def _counts(
    session: Session,
    table: type[AbcCondition] | type[AbcBreach],
    ids: list[uuid.UUID],
    *,
    substantiated_only: bool = False,
) -> dict[uuid.UUID, int]:
    if not ids:
        return {}
    abc_col = col(table.abc_id)
    stmt = select(abc_col, func.count()).where(abc_col.in_(ids)).group_by(abc_col)
    if substantiated_only:
        stmt = stmt.where(col(AbcBreach.substantiated) == Substantiated.YES)
    return {abc_id: int(n) for abc_id, n in session.exec(stmt).all()}


@dataclass(frozen=True)
class MonitorRow:
    """One ABC on the monitoring screen."""

    abc_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    person_id: uuid.UUID
    person_name: str
    officer_name: str
    start_on: date
    end_on: date
    next_review_on: date | None
    review_state: ReviewState | None
    substantiated_breaches: int

    def days_left(self, today: date) -> int:
        """Days until the end date (negative once it has passed)."""
        return (self.end_on - today).days


@dataclass(frozen=True)
class BreachRow:
    """One substantiated breach on the monitoring screen."""

    breach_id: uuid.UUID
    abc_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    person_name: str
    occurred_on: date
    description: str
    response: BreachResponse
    serious_harm: bool


@dataclass(frozen=True)
class Monitoring:
    """Every ABC that needs attention, across all cases."""

    active: list[MonitorRow]
    """Active ABCs, the next review first."""
    reviews_due: list[MonitorRow]
    """Active ABCs whose review is overdue or due within the week."""
    ending_soon: list[MonitorRow]
    """Active ABCs ending within 14 days, or past their end date and not yet completed."""
    recent_breaches: list[BreachRow]
    """Substantiated breaches in the last 30 days, newest first."""


def monitoring(
    session: Session,
    *,
    today: date,
    officer_name: str | None = None,
    ending_days: int = ENDING_SOON_DAYS,
    breach_days: int = RECENT_BREACH_DAYS,
) -> Monitoring:
    """The cross-case ABC monitoring picture on ``today``, filtered in SQL."""
    stmt = (
        select(AbcAgreement, Case.reference, Case.officer_name, Person.full_name)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .where(AbcAgreement.status == AbcStatus.ACTIVE)
        .order_by(
            col(AbcAgreement.next_review_on).is_(None),
            col(AbcAgreement.next_review_on),
            col(AbcAgreement.end_on),
            col(Case.reference),
        )
    )
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    rows = session.exec(stmt).all()
    breaches = _counts(session, AbcBreach, [a.id for a, *_ in rows], substantiated_only=True)
    active = [
        MonitorRow(
            abc_id=abc.id,
            case_id=abc.case_id,
            case_reference=ref,
            person_id=abc.person_id,
            person_name=name,
            officer_name=officer,
            start_on=abc.start_on,
            end_on=abc.end_on,
            next_review_on=abc.next_review_on,
            review_state=(
                rules.review_state(abc.next_review_on, today) if abc.next_review_on else None
            ),
            substantiated_breaches=breaches.get(abc.id, 0),
        )
        for abc, ref, officer, name in rows
    ]
    due = [r for r in active if r.review_state in (ReviewState.OVERDUE, ReviewState.DUE)]
    horizon = today + timedelta(days=ending_days)
    ending = sorted((r for r in active if r.end_on <= horizon), key=lambda r: r.end_on)
    return Monitoring(
        active=active,
        reviews_due=due,
        ending_soon=ending,
        recent_breaches=_recent_breaches(
            session, today - timedelta(days=breach_days), officer_name
        ),
    )


def _recent_breaches(session: Session, since: date, officer_name: str | None) -> list[BreachRow]:
    stmt = (
        select(AbcBreach, AbcAgreement.case_id, Case.reference, Person.full_name)
        .join(AbcAgreement, col(AbcAgreement.id) == AbcBreach.abc_id)
        .join(Case, col(Case.id) == AbcAgreement.case_id)
        .join(Person, col(Person.id) == AbcAgreement.person_id)
        .where(AbcBreach.substantiated == Substantiated.YES, col(AbcBreach.occurred_on) >= since)
        .order_by(col(AbcBreach.occurred_on).desc(), col(Case.reference))
    )
    if officer_name:
        stmt = stmt.where(Case.officer_name == officer_name)
    return [
        BreachRow(
            breach_id=breach.id,
            abc_id=breach.abc_id,
            case_id=case_id,
            case_reference=ref,
            person_name=name,
            occurred_on=breach.occurred_on,
            description=breach.description,
            response=BreachResponse(breach.response)
            if breach.response in set(BreachResponse)
            else BreachResponse.NONE,
            serious_harm=breach.serious_harm,
        )
        for breach, case_id, ref, name in session.exec(stmt).all()
    ]
