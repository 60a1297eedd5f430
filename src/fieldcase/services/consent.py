"""A victim's consent: to approach the alleged perpetrator, share with police, refer to support.

Consent is recorded per victim and per kind; the latest record of a kind is
the one that counts, so withdrawing consent is a new record, never an edit.
Other services ask :func:`consent_in_place` or :func:`missing_consent` before
an action that needs consent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from fieldcase.db.models import Case, CaseParty, Consent, Person
from fieldcase.domain import dates
from fieldcase.domain.date_limits import moment_problem
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind, ConsentMethod, consent_sentence
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved

CONSENTING_ROLES = (PartyRole.VICTIM, PartyRole.HOUSEHOLD)
"""Who can give consent on a case: victims and members of their household."""


@dataclass
class ConsentInput:
    """A consent decision typed into a form."""

    person_id: uuid.UUID | None
    kind: str
    given: bool
    recorded_at: datetime
    """When the victim gave or withdrew consent (aware)."""
    method: str = ConsentMethod.VERBAL
    notes: str = ""
    face_to_face: bool = False
    """Given or withdrawn face to face: also contact with them (``contacts.log_face_to_face``)."""


@dataclass(frozen=True)
class Decision:
    """A consent decision, detached from the session so a screen can keep it."""

    given: bool
    recorded_at: datetime
    method: str
    recorded_by: str
    notes: str

    @classmethod
    def of(cls, consent: Consent | None) -> Decision | None:
        """The decision a stored consent row records."""
        if consent is None:
            return None
        return cls(
            consent.given,
            consent.recorded_at,
            consent.method,
            consent.recorded_by,
            consent.notes,
        )


@dataclass(frozen=True)
class VictimConsent:
    """One victim and their latest decision for each kind of consent."""

    person_id: uuid.UUID
    name: str
    role: str
    latest: dict[ConsentKind, Decision | None]

    def in_place(self, kind: ConsentKind) -> bool:
        """True when the latest decision of this kind is 'given'."""
        found = self.latest.get(kind)
        return found is not None and found.given


def victims_of(session: Session, case_id: uuid.UUID) -> list[tuple[Person, str]]:
    """The people on a case who can give consent, with their role, in the order added."""
    rows = session.exec(
        select(Person, CaseParty.role)
        .join(CaseParty, col(CaseParty.person_id) == Person.id)
        .where(CaseParty.case_id == case_id, col(CaseParty.role).in_(CONSENTING_ROLES))
        .order_by(col(CaseParty.created_at))
    ).all()
    seen: set[uuid.UUID] = set()
    out: list[tuple[Person, str]] = []
    for person, role in rows:
        if person.id not in seen:
            seen.add(person.id)
            out.append((person, role))
    return out


def _who_must_consent(session: Session, case_id: uuid.UUID) -> list[Person]:
    """The victims on the case; household members only where no victim is recorded."""
    everyone = victims_of(session, case_id)
    victims = [person for person, role in everyone if role == PartyRole.VICTIM]
    return victims or [person for person, _ in everyone]


def validate_consent(
    session: Session, case_id: uuid.UUID, data: ConsentInput, *, now: datetime | None = None
) -> dict[str, str]:
    """Check a consent decision; returns field -> message for every problem found."""
    errors: dict[str, str] = {}
    if data.kind not in set(ConsentKind):
        errors["kind"] = "Choose what the consent is for."
    if data.method not in set(ConsentMethod):
        errors["method"] = "Choose how it was recorded: verbal, written or email."
    if data.recorded_at.tzinfo is not None and data.recorded_at > (now or datetime.now(UTC)):
        errors["recorded_at"] = "Consent cannot be recorded for a time in the future."
    elif problem := moment_problem(data.recorded_at, now or datetime.now(UTC), "Consent"):
        errors["recorded_at"] = problem
    if data.face_to_face and data.method == ConsentMethod.EMAIL:
        errors["face_to_face"] = "Consent by email was not taken face to face."
    allowed = {p.id for p, _ in victims_of(session, case_id)}
    if data.person_id is None:
        errors["person_id"] = "Choose the victim whose consent this is."
    elif data.person_id not in allowed:
        errors["person_id"] = "Consent is recorded for a victim or household member on this case."
    return errors


def record_consent(
    session: Session,
    case_id: uuid.UUID,
    data: ConsentInput,
    *,
    recorded_by: str,
    now: datetime | None = None,
    policy: Policy | None = None,
    new_id: uuid.UUID | None = None,
) -> Consent:
    """Record that a victim gave or withdrew one kind of consent.

    A decision taken face to face is contact with them too, at the time it was
    recorded; ``policy`` (the default policy when not given) sets when the
    victim is next due contact.
    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        NotFound: There is no such case.
        ValidationError: The decision cannot be saved as typed; nothing is written.
    """
    if session.get(Case, case_id) is None:
        raise NotFound("That case is not in this database.")
    if saved := already_saved(session, Consent, new_id):
        return saved
    errors = validate_consent(session, case_id, data, now=now)
    if not recorded_by.strip():
        errors["recorded_by"] = "Say who recorded the consent."
    if errors:
        raise ValidationError(errors)
    assert data.person_id is not None
    consent = Consent(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        person_id=data.person_id,
        kind=data.kind,
        given=data.given,
        recorded_at=data.recorded_at,
        method=data.method,
        recorded_by=recorded_by.strip(),
        notes=data.notes.strip(),
    )
    session.add(consent)
    session.flush()
    if data.face_to_face:
        _log_face_to_face(session, case_id, data, recorded_by.strip(), policy or Policy(), now)
    return consent


def _log_face_to_face(
    session: Session,
    case_id: uuid.UUID,
    data: ConsentInput,
    officer_name: str,
    policy: Policy,
    now: datetime | None,
) -> None:
    # Imported here: contacts check consent through case_records, which imports this module.
    from fieldcase.services.contacts import log_face_to_face

    assert data.person_id is not None
    kind = ConsentKind(data.kind)
    decision = "given" if data.given else "withdrawn"
    log_face_to_face(
        session,
        case_id,
        data.person_id,
        at=data.recorded_at,
        what=f"Consent to {kind.phrase} {decision} face to face.",
        officer_name=officer_name,
        policy=policy,
        now=now,
    )


def _latest_query(
    case_id: uuid.UUID, kind: str, person_id: uuid.UUID | None, at: datetime | None = None
) -> SelectOfScalar[Consent]:
    stmt = select(Consent).where(Consent.case_id == case_id, Consent.kind == kind)
    if person_id is not None:
        stmt = stmt.where(Consent.person_id == person_id)
    if at is not None:
        stmt = stmt.where(col(Consent.recorded_at) <= at)
    return stmt.order_by(col(Consent.recorded_at).desc(), col(Consent.created_at).desc())


def latest_consent(
    session: Session,
    case_id: uuid.UUID,
    kind: ConsentKind | str,
    *,
    person_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> Consent | None:
    """The latest decision of one kind on a case, or None when nothing is recorded.

    Args:
        session: An open session.
        case_id: The case.
        kind: The kind of consent.
        person_id: One victim; without it, the latest decision by any victim on the case.
        at: The latest decision recorded at or before this moment; without it, the latest.
    """
    return session.exec(_latest_query(case_id, kind, person_id, at)).first()


def consent_in_place(
    session: Session,
    case_id: uuid.UUID,
    kind: ConsentKind | str,
    *,
    person_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> bool:
    """True when consent of this kind stands (at the moment ``at``, when given).

    For one victim (``person_id``) their latest decision must be 'given'. For the
    case as a whole every victim must have given it (household members stand in
    only where no victim is recorded); a case with nobody to consent has no
    consent in place.
    """
    if person_id is not None:
        found = latest_consent(session, case_id, kind, person_id=person_id, at=at)
        return found is not None and found.given
    needed = _who_must_consent(session, case_id)
    if not needed:
        return False
    return all(
        consent_in_place(session, case_id, kind, person_id=person.id, at=at) for person in needed
    )


def missing_consent(
    session: Session, case_id: uuid.UUID, kind: ConsentKind | str, *, at: datetime | None = None
) -> str | None:
    """The warning to show the officer when consent of this kind is not in place, else None.

    One sentence per victim who has not given it, e.g. "Amira Haddad withdrew
    consent to share information with the police on 3 May 2026." With ``at``,
    only decisions recorded by that moment count (for something already done).
    """
    kind = ConsentKind(kind)
    needed = _who_must_consent(session, case_id)
    if not needed:
        return f"There is no victim on this case who could give consent to {kind.phrase}."
    sentences = []
    for person in needed:
        found = latest_consent(session, case_id, kind, person_id=person.id, at=at)
        sentence = consent_sentence(
            kind,
            person.full_name,
            None if found is None else found.given,
            None if found is None else dates.to_local(found.recorded_at).date(),
        )
        if sentence:
            sentences.append(sentence)
    return " ".join(sentences) or None


def consent_overview(session: Session, case_id: uuid.UUID) -> list[VictimConsent]:
    """Each victim on the case with their latest decision for every kind of consent."""
    return [
        VictimConsent(
            person_id=person.id,
            name=person.full_name,
            role=role,
            latest={
                kind: Decision.of(latest_consent(session, case_id, kind, person_id=person.id))
                for kind in ConsentKind
            },
        )
        for person, role in victims_of(session, case_id)
    ]


def consent_history(session: Session, case_id: uuid.UUID) -> list[Consent]:
    """Every consent decision on the case, newest first."""
    return list(
        session.exec(
            select(Consent)
            .where(Consent.case_id == case_id)
            .order_by(col(Consent.recorded_at).desc(), col(Consent.created_at).desc())
        ).all()
    )


@dataclass(frozen=True)
class ConsentRecord:
    """One decision in a case's consent history, with the name of who made it."""

    id: uuid.UUID
    person_name: str
    kind: str
    given: bool
    recorded_at: datetime
    method: str
    recorded_by: str
    notes: str


@dataclass(frozen=True)
class ConsentPage:
    """Everything the consent screen shows about one case."""

    case_reference: str
    victims: list[VictimConsent]
    """Each victim with their latest decision of every kind."""
    history: list[ConsentRecord]
    """Every decision, newest first."""


def consent_page(session: Session, case_id: uuid.UUID) -> ConsentPage:
    """A case's consent: each victim's latest decisions and the full history.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    victims = consent_overview(session, case_id)
    names = {row.person_id: row.name for row in victims}
    history = [
        ConsentRecord(
            id=c.id,
            person_name=names.get(c.person_id, "—"),
            kind=c.kind,
            given=c.given,
            recorded_at=c.recorded_at,
            method=c.method,
            recorded_by=c.recorded_by,
            notes=c.notes,
        )
        for c in consent_history(session, case_id)
    ]
    return ConsentPage(case_reference=case.reference, victims=victims, history=history)


_SHORT = {
    ConsentKind.APPROACH_PERPETRATOR: "approach perpetrator",
    ConsentKind.SHARE_POLICE: "share with police",
    ConsentKind.REFER_SUPPORT: "refer to support",
}


def consent_summary(session: Session, case_id: uuid.UUID) -> str:
    """One line for the case file: each kind of consent as given, withdrawn or not recorded.

    A kind counts as given only when every victim has given it; it shows as
    withdrawn when any victim's latest decision is a withdrawal.
    """
    needed = {person.id for person in _who_must_consent(session, case_id)}
    overview = [row for row in consent_overview(session, case_id) if row.person_id in needed]
    if not overview:
        return "Consent: no victim on the case"
    parts = []
    for kind, short in _SHORT.items():
        decisions = [row.latest[kind] for row in overview]
        if any(d is not None and not d.given for d in decisions):
            parts.append(f"{short} ✗ withdrawn")
        elif all(d is not None and d.given for d in decisions):
            parts.append(f"{short} ✓")
        else:
            parts.append(f"{short} — not recorded")
    return "Consent: " + " · ".join(parts)
