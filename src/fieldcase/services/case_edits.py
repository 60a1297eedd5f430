"""Edits of a case's records that notice the case being closed while the form was open.

An officer may still correct a record of a closed case (a late letter, a typo
in an incident), but a form opened while the case was open is refused when the
case has been closed since: the officer is told who closed it and when, and
saves again, knowingly, after loading the latest version. The check and the
save are one transaction. The case row is deliberately not locked: two officers
saving records of one case would then wait on each other (and deadlock when
both move the case's due dates on); a closing saved in the same instant is
simply a closing saved just after this edit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlmodel import Session, col, select

from fieldcase.db.models import AuditEvent, Case, Entity
from fieldcase.domain.vocab import CaseStatus
from fieldcase.domain.when import format_when
from fieldcase.services import records
from fieldcase.services.errors import EditConflict

P = ParamSpec("P")
R = TypeVar("R")
RecordT = TypeVar("RecordT", bound=Entity)


@dataclass(frozen=True)
class Latest(Generic[RecordT]):
    """A record as saved now, and whether its case is closed now."""

    record: RecordT
    case_closed: bool


def save_on_case(
    session: Session,
    case_id: uuid.UUID,
    seen_closed: bool,
    save: Callable[Concatenate[Session, P], R],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """Run ``save`` (an edit of one of the case's records), unless the case closed unseen.

    Args:
        case_id: The case the record belongs to (for a person, the case the form is on).
        seen_closed: Whether the officer's form knew the case as closed.
        save: The edit's own service function, given the same session.

    Raises:
        EditConflict: The case was closed after the form opened; nothing was saved.
        NotFound: The case is no longer there.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise records.removed(session, Case, case_id)
    if case.status == CaseStatus.CLOSED and not seen_closed:
        raise closed_since(session, case)
    return save(session, *args, **kwargs)


def latest_on_case(
    session: Session, model: type[RecordT], record_id: uuid.UUID, case_id: uuid.UUID
) -> Latest[RecordT]:
    """A record as saved now, with its case's state: what a form reloads after a conflict.

    Raises:
        NotFound: The record is no longer there.
    """
    record = records.load_record(session, model, record_id)
    case = session.get(Case, case_id)
    return Latest(record, case is not None and case.status == CaseStatus.CLOSED)


def closed_since(session: Session, case: Case) -> EditConflict:
    """The refusal of an edit whose form opened before ``case`` was closed: who closed it, when."""
    event = session.exec(
        select(AuditEvent)
        .where(
            col(AuditEvent.entity) == "caseclosure",
            col(AuditEvent.case_id) == case.id,
            col(AuditEvent.action) == "create",
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(1)
    ).first()
    called = records.officer_called(session, event.actor) if event is not None else ""
    by = f" by {called}" if called else ""
    at = event.at if event is not None else case.updated_at
    return EditConflict(
        f"{case.reference} was closed{by} on {format_when(at)}, after you opened this form. "
        "Nothing you typed has been saved.",
        what="case",
        record_id=case.id,
        changed_at=at,
        changed_by=event.actor if event is not None else "",
        changed_by_name=called,
        changed_fields=("Status",),
        current_version=case.version,
        reload_hint=(
            "Press F5 to go on knowing it is closed: what you typed stays, and Save then "
            "saves it on the closed case (C on the case file reopens it)."
        ),
    )
