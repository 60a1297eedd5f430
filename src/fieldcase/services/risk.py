"""Risk assessments: drafts while the officer asks, saving, and history per victim.

An assessment in progress is kept through ``fieldcase.services.drafts`` (the
encrypted drafts every form uses), keyed ``risk:<case id>:<person id>`` and
written on every answer, so a crash or a flat battery loses nothing and leaks
nothing. ``AssessmentDraft`` is what that draft holds. Saving the assessment stores it,
sets the case's risk level and review date, moves the next-contact date onto
the new cadence and removes the draft, all in the caller's one transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from fieldcase.config import Settings
from fieldcase.db.models import Case, CaseParty, Person, RiskAssessment
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.risk import (
    AnswerValue,
    Questionnaire,
    Scoring,
    check_answer,
    final_level,
    load_questionnaire,
    score_answers,
)
from fieldcase.domain.vocab import CaseStatus, PartyRole, RiskLevel
from fieldcase.services import drafts
from fieldcase.services.case_file import refresh_due_dates
from fieldcase.services.contacts import log_face_to_face
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.records import already_saved

DRAFT_PREFIX = "risk:"


@dataclass(frozen=True)
class Victim:
    """A victim on a case who can be assessed."""

    person_id: uuid.UUID
    name: str


@dataclass
class AssessmentDraft:
    """An assessment in progress, as kept in its draft."""

    case_id: uuid.UUID
    person_id: uuid.UUID
    questionnaire_id: str
    questionnaire_version: str
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    """Question id -> answer given so far."""
    notes: dict[str, str] = field(default_factory=dict)
    """Question id -> the officer's note on that answer."""
    position: int = 0
    """The question on screen (equal to the number of questions for the summary)."""
    override_level: str = ""
    override_reason: str = ""
    face_to_face: bool = True
    """The assessment is being taken face to face (the summary's choice)."""
    updated_at: datetime | None = None
    """When the draft was last written (set when read back)."""

    @property
    def key(self) -> str:
        """The draft's key (see ``fieldcase.services.drafts``)."""
        return draft_key(self.case_id, self.person_id)

    def payload(self) -> dict[str, Any]:
        """The draft as plain JSON values, to keep through ``fieldcase.services.drafts``."""
        return {
            "questionnaire_id": self.questionnaire_id,
            "questionnaire_version": self.questionnaire_version,
            "answers": dict(self.answers),
            "notes": {k: v for k, v in self.notes.items() if v},
            "position": self.position,
            "override_level": self.override_level,
            "override_reason": self.override_reason,
            "face_to_face": self.face_to_face,
        }

    @classmethod
    def from_payload(
        cls,
        case_id: uuid.UUID,
        person_id: uuid.UUID,
        data: dict[str, Any],
        updated_at: datetime | None = None,
    ) -> AssessmentDraft:
        """Read a kept draft back; anything malformed in it is left out."""
        notes = data.get("notes", {})
        try:
            position = int(data.get("position", 0) or 0)
        except (TypeError, ValueError):
            position = 0
        return cls(
            case_id=case_id,
            person_id=person_id,
            questionnaire_id=str(data.get("questionnaire_id", "")),
            questionnaire_version=str(data.get("questionnaire_version", "")),
            answers=_answer_values(data.get("answers", {})),
            notes={str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {},
            position=position,
            override_level=str(data.get("override_level", "")),
            override_reason=str(data.get("override_reason", "")),
            face_to_face=data.get("face_to_face", True) is not False,
            updated_at=updated_at,
        )

    def fitted_to(self, questionnaire: Questionnaire) -> tuple[AssessmentDraft, int]:
        """The draft with only what the questionnaire still asks, and how many answers went.

        Answers to questions no longer asked, or no longer valid answers, are
        left out; the position stays within the questionnaire.
        """
        answers: dict[str, AnswerValue] = {}
        dropped = 0
        for qid, value in self.answers.items():
            try:
                question = questionnaire.question(qid)
            except KeyError:
                dropped += 1
                continue
            if check_answer(question, value) is None:
                answers[qid] = value
            else:
                dropped += 1
        ids = {q.id for q in questionnaire.questions}
        fitted = replace(
            self,
            answers=answers,
            notes={k: v for k, v in self.notes.items() if k in ids},
            position=max(0, min(self.position, len(questionnaire.questions))),
        )
        return fitted, dropped


@dataclass(frozen=True)
class AssessmentStart:
    """Who on a case can be assessed, and the assessments left unfinished."""

    case_reference: str
    victims: list[Victim]
    """In the order they were added."""
    drafts: dict[uuid.UUID, AssessmentDraft]
    """Victim -> their assessment in progress."""


@dataclass(frozen=True)
class VictimHistory:
    """One victim's saved assessments on one case, with what the screen names them by."""

    case_reference: str
    victim_name: str
    records: list[AssessmentRecord]
    """Oldest first."""


@dataclass(frozen=True)
class AssessmentRecord:
    """A saved assessment with its answers decoded: plain values, safe outside a session."""

    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    questionnaire_id: str
    questionnaire_version: str
    score: int
    computed_level: RiskLevel
    """The level the questionnaire gave."""
    final_level: RiskLevel
    """The level the officer settled on."""
    override_reason: str
    assessor: str
    assessed_at: datetime
    next_review_on: date | None
    answers: dict[str, AnswerValue]
    notes: dict[str, str]

    @property
    def overridden(self) -> bool:
        """True when the officer chose a different level from the computed one."""
        return self.final_level != self.computed_level


def questionnaire_for(settings: Settings) -> Questionnaire:
    """The organisation's questionnaire from settings, or the default.

    Raises:
        QuestionnaireError: The organisation's file cannot be used; the message says why.
    """
    return load_questionnaire(settings.questionnaire_path or None)


def victims(session: Session, case_id: uuid.UUID) -> list[Victim]:
    """The victims on a case, in the order they were added."""
    rows = session.exec(
        select(Person.id, Person.full_name)
        .join(CaseParty, col(CaseParty.person_id) == Person.id)
        .where(CaseParty.case_id == case_id, CaseParty.role == PartyRole.VICTIM)
        .order_by(col(CaseParty.created_at))
    ).all()
    seen: set[uuid.UUID] = set()
    out: list[Victim] = []
    for person_id, name in rows:
        if person_id not in seen:
            seen.add(person_id)
            out.append(Victim(person_id=person_id, name=name))
    return out


def draft_key(case_id: uuid.UUID, person_id: uuid.UUID) -> str:
    """The draft key of an assessment of one victim on one case."""
    return f"{DRAFT_PREFIX}{case_id}:{person_id}"


def read_draft(
    session: Session, case_id: uuid.UUID, person_id: uuid.UUID
) -> AssessmentDraft | None:
    """The assessment in progress for this victim, if there is one."""
    saved = drafts.read_draft(session, draft_key(case_id, person_id))
    if saved is None:
        return None
    return AssessmentDraft.from_payload(case_id, person_id, saved.payload, saved.updated_at)


def assessment_start(session: Session, case_id: uuid.UUID) -> AssessmentStart:
    """What starting an assessment (or showing a history) needs: the victims and any drafts.

    Raises:
        NotFound: The case is gone.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    found = victims(session, case_id)
    in_progress: dict[uuid.UUID, AssessmentDraft] = {}
    for victim in found:
        draft = read_draft(session, case_id, victim.person_id)
        if draft is not None:
            in_progress[victim.person_id] = draft
    return AssessmentStart(case_reference=case.reference, victims=found, drafts=in_progress)


def history_of(session: Session, case_id: uuid.UUID, person_id: uuid.UUID) -> VictimHistory:
    """Everything the history screen shows for one victim on one case."""
    case = session.get(Case, case_id)
    names = {v.person_id: v.name for v in victims(session, case_id)}
    return VictimHistory(
        case_reference=case.reference if case is not None else "",
        victim_name=names.get(person_id, ""),
        records=history(session, case_id, person_id),
    )


def save_assessment(
    session: Session,
    *,
    case_id: uuid.UUID,
    person_id: uuid.UUID,
    questionnaire: Questionnaire,
    answers: dict[str, AnswerValue],
    notes: dict[str, str] | None = None,
    override_level: RiskLevel | None = None,
    override_reason: str = "",
    assessor: str,
    now: datetime,
    policy: Policy,
    face_to_face: bool = False,
    new_id: uuid.UUID | None = None,
) -> RiskAssessment:
    """Store a finished assessment and bring the case up to date.

    The case's risk level becomes the final level of its latest assessment,
    its review date the earliest next review among its victims, and its next
    contact date follows the new level's cadence. The draft is discarded.
    Taken ``face_to_face``, it is contact with the victim too (``_log_seen``);
    ``new_id`` is the key made when the form opened (``records.already_saved``).

    Raises:
        NotFound: The case is gone.
        ValidationError: The person is not a victim on the case, a question is unanswered
            or wrongly answered, or an override has no reason. Nothing is written.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    if saved := already_saved(session, RiskAssessment, new_id):
        return saved
    errors = {
        **_assessed_errors(session, case_id, person_id, now),
        **_answer_errors(questionnaire, answers),
    }
    if errors:
        raise ValidationError(errors)
    scoring = score_answers(questionnaire, answers)
    level, reason = _final_level(scoring, override_level, override_reason)
    assessed_on = dates.local_today(now)
    assessment = RiskAssessment(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        person_id=person_id,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        answers=_stored_answers(questionnaire, answers, notes or {}),
        score=scoring.score,
        computed_level=scoring.level,
        final_level=level,
        override_reason=reason,
        assessor=assessor,
        assessed_at=now,
        next_review_on=assessed_on + timedelta(days=dates.review_cadence_days(policy, level)),
    )
    session.add(assessment)
    session.flush()
    drafts.discard_draft(session, draft_key(case_id, person_id))
    if face_to_face:
        _log_seen(session, assessment, policy)
    update_case_risk(session, case, policy)
    return assessment


def _log_seen(session: Session, assessment: RiskAssessment, policy: Policy) -> None:
    """Log an assessment taken face to face as contact with the victim, when it was taken."""
    log_face_to_face(
        session,
        assessment.case_id,
        assessment.person_id,
        at=assessment.assessed_at,
        what=f"Risk assessment taken face to face: {RiskLevel(assessment.final_level).label}.",
        officer_name=assessment.assessor,
        policy=policy,
        now=assessment.assessed_at,
    )


def _final_level(
    scoring: Scoring, override_level: RiskLevel | None, override_reason: str
) -> tuple[RiskLevel, str]:
    """The level to save and the override reason kept with it.

    Raises:
        ValidationError: An override without a reason.
    """
    try:
        return final_level(scoring.level, override_level, override_reason)
    except ValueError as exc:
        raise ValidationError({"override_reason": str(exc)}) from None


def _assessed_errors(
    session: Session, case_id: uuid.UUID, person_id: uuid.UUID, now: datetime
) -> dict[str, str]:
    """Problems with who is assessed and when: only a victim on the case, at an aware time."""
    errors: dict[str, str] = {}
    if person_id not in {v.person_id for v in victims(session, case_id)}:
        errors["person"] = "Only a victim on this case can be assessed."
    if now.tzinfo is None:
        errors["assessed_at"] = "The time must carry a time zone."
    return errors


def _answer_errors(questionnaire: Questionnaire, answers: dict[str, AnswerValue]) -> dict[str, str]:
    """Problems with the answers: unknown questions, invalid answers, questions left out."""
    errors: dict[str, str] = {}
    unknown_ids = sorted(set(answers) - {q.id for q in questionnaire.questions})
    if unknown_ids:
        errors["answers"] = f"Not questions of this questionnaire: {', '.join(unknown_ids)}."
    for question in questionnaire.questions:
        if question.id in answers:
            problem = check_answer(question, answers[question.id])
            if problem:
                errors[f"answers.{question.id}"] = problem
    missing = [q.id for q in questionnaire.questions if q.id not in answers]
    if missing:
        errors["answers"] = (
            "Answer every question (unknown is an answer). Still to answer: "
            + ", ".join(missing)
            + "."
        )
    return errors


def _stored_answers(
    questionnaire: Questionnaire, answers: dict[str, AnswerValue], notes: dict[str, str]
) -> str:
    """The answers and notes as stored with the assessment: JSON by question, in order."""
    stored = {
        q.id: {"answer": answers[q.id], "note": notes.get(q.id, "")}
        for q in questionnaire.questions
    }
    return json.dumps(stored, ensure_ascii=False)


def update_case_risk(session: Session, case: Case, policy: Policy) -> None:
    """Give the case the level of its latest assessment, its next review (none once closed)
    and the next contact due at that level (``case_file.refresh_due_dates``)."""
    rows = session.exec(
        select(
            col(RiskAssessment.person_id),
            col(RiskAssessment.final_level),
            col(RiskAssessment.next_review_on),
        )
        .where(RiskAssessment.case_id == case.id)
        .order_by(col(RiskAssessment.assessed_at).desc(), col(RiskAssessment.created_at).desc())
    ).all()
    if rows:
        case.risk_level = rows[0][1]
    latest_per_person: dict[uuid.UUID, date | None] = {}
    for person_id, _, next_review_on in rows:
        latest_per_person.setdefault(person_id, next_review_on)
    reviews = [due for due in latest_per_person.values() if due]
    case.review_due = min(reviews) if reviews and case.status != CaseStatus.CLOSED else None
    refresh_due_dates(session, case, policy)


def history(session: Session, case_id: uuid.UUID, person_id: uuid.UUID) -> list[AssessmentRecord]:
    """A victim's assessments on a case, oldest first."""
    rows = session.exec(
        select(RiskAssessment)
        .where(RiskAssessment.case_id == case_id, RiskAssessment.person_id == person_id)
        .order_by(col(RiskAssessment.assessed_at), col(RiskAssessment.created_at))
    ).all()
    return [record_of(row) for row in rows]


def latest(
    session: Session, case_id: uuid.UUID, person_id: uuid.UUID | None = None
) -> AssessmentRecord | None:
    """The latest assessment on a case (of one victim, when ``person_id`` is given)."""
    stmt = select(RiskAssessment).where(RiskAssessment.case_id == case_id)
    if person_id is not None:
        stmt = stmt.where(RiskAssessment.person_id == person_id)
    row = session.exec(
        stmt.order_by(col(RiskAssessment.assessed_at).desc(), col(RiskAssessment.created_at).desc())
    ).first()
    return record_of(row) if row is not None else None


def record_of(row: RiskAssessment) -> AssessmentRecord:
    """Decode a stored assessment's answers and notes."""
    try:
        stored = json.loads(row.answers)
    except json.JSONDecodeError:
        stored = {}
    answers: dict[str, AnswerValue] = {}
    notes: dict[str, str] = {}
    if isinstance(stored, dict):
        for qid, item in stored.items():
            if not isinstance(item, dict):
                continue
            value = _answer_value(item.get("answer"))
            if value is not None:
                answers[str(qid)] = value
            if item.get("note"):
                notes[str(qid)] = str(item["note"])
    return AssessmentRecord(
        id=row.id,
        case_id=row.case_id,
        person_id=row.person_id,
        questionnaire_id=row.questionnaire_id,
        questionnaire_version=row.questionnaire_version,
        score=row.score,
        computed_level=RiskLevel(row.computed_level),
        final_level=RiskLevel(row.final_level),
        override_reason=row.override_reason,
        assessor=row.assessor,
        assessed_at=row.assessed_at,
        next_review_on=row.next_review_on,
        answers=answers,
        notes=notes,
    )


def review_overdue(review_due: date | None, today: date) -> bool:
    """True when a risk review was due before today."""
    return review_due is not None and review_due < today


def _answer_values(raw: Any) -> dict[str, AnswerValue]:
    if not isinstance(raw, dict):
        return {}
    out: dict[str, AnswerValue] = {}
    for key, value in raw.items():
        parsed = _answer_value(value)
        if parsed is not None:
            out[str(key)] = parsed
    return out


def _answer_value(value: Any) -> AnswerValue | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | str):
        return value
    return None
