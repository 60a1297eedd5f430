"""Photos, documents and recordings attached to a case, an incident or an ABC breach.

The file's bytes are copied into the encrypted database (never kept beside
it), with its name, type, size and SHA-256 recorded when it is added. Nothing
is ever opened: an attachment leaves the database only when the officer
exports it, through the safe writer, after its hash is checked, and the
export is audited.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import AbcAgreement, AbcBreach, Attachment, AttachmentContent, Incident
from fieldcase.domain.policy import Policy
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.export_files import write_new_file
from fieldcase.services.records import already_saved

MEGABYTE = 1024 * 1024


@dataclass
class AttachmentInput:
    """A file to attach, and what it is attached to within the case."""

    path: Path
    description: str = ""
    incident_id: uuid.UUID | None = None
    breach_id: uuid.UUID | None = None


def add_attachment(
    session: Session,
    case_id: uuid.UUID,
    data: AttachmentInput,
    *,
    added_by: str,
    policy: Policy,
    new_id: uuid.UUID | None = None,
) -> Attachment:
    """Copy a file into the database as an attachment of the case; returns what was recorded.

    ``new_id`` is the key made when the form opened (see ``records.already_saved``).

    Raises:
        ValidationError: The file is not there, cannot be read, is empty or over the
            size limit, or the incident or breach is not part of this case.
    """
    if saved := already_saved(session, Attachment, new_id):
        return saved
    _check_links(session, case_id, data)
    limit = policy.attachment_max_mb * MEGABYTE
    path = data.path.expanduser()
    try:
        size = path.stat().st_size if path.is_file() else None
        if size is None:
            raise ValidationError({"path": f"There is no file at {path}."})
        if size > limit:
            raise ValidationError({"path": _too_big(size, policy)})
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError({"path": f"{path} cannot be read: {exc.strerror}."}) from exc
    if len(content) > limit:
        raise ValidationError({"path": _too_big(len(content), policy)})
    if not content:
        raise ValidationError({"path": f"{path.name} is empty: there is nothing to attach."})
    attachment = Attachment(
        id=new_id or uuid.uuid4(),
        case_id=case_id,
        incident_id=data.incident_id,
        breach_id=data.breach_id,
        file_name=path.name,
        media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        description=data.description.strip(),
        added_by=added_by,
    )
    session.add(attachment)
    session.flush()
    session.add(AttachmentContent(attachment_id=attachment.id, data=content))
    session.flush()
    return attachment


def _too_big(size: int, policy: Policy) -> str:
    return (
        f"The file is {size / MEGABYTE:.1f} MB; attachments can be up to "
        f"{policy.attachment_max_mb} MB. Make a smaller copy (for example a shorter clip "
        "or a resized photo) and attach that."
    )


def _check_links(session: Session, case_id: uuid.UUID, data: AttachmentInput) -> None:
    if data.incident_id is not None:
        incident = session.get(Incident, data.incident_id)
        if incident is None or incident.case_id != case_id:
            raise ValidationError({"incident": "That incident is not part of this case."})
    if data.breach_id is not None:
        found = session.exec(
            select(AbcBreach.id)
            .join(AbcAgreement, col(AbcAgreement.id) == AbcBreach.abc_id)
            .where(AbcBreach.id == data.breach_id, AbcAgreement.case_id == case_id)
        ).first()
        if found is None:
            raise ValidationError({"breach": "That breach is not part of this case."})


def case_attachments(session: Session, case_id: uuid.UUID) -> list[Attachment]:
    """The case's attachments, oldest first, without their bytes."""
    return list(
        session.exec(
            select(Attachment)
            .where(Attachment.case_id == case_id)
            .order_by(col(Attachment.created_at), col(Attachment.file_name))
        ).all()
    )


def export_attachment(session: Session, attachment_id: uuid.UUID, path: Path) -> Path:
    """Write an attachment's bytes to a new file at ``path``, readable by the officer alone.

    Raises:
        NotFound: The attachment is gone.
        ValidationError: Its bytes no longer match the SHA-256 recorded when it was
            added, or ``path`` exists or cannot be written. Nothing is written then.
    """
    attachment = session.get(Attachment, attachment_id)
    content = session.exec(
        select(AttachmentContent).where(AttachmentContent.attachment_id == attachment_id)
    ).first()
    if attachment is None or content is None:
        raise NotFound("That attachment is no longer in the database.")
    if hashlib.sha256(content.data).hexdigest() != attachment.sha256:
        raise ValidationError(
            {"": f"{attachment.file_name} no longer matches the hash recorded when it was added."}
        )
    try:
        write_new_file(path, content.data)
    except FileExistsError as exc:
        raise ValidationError({"path": f"{path} already exists: choose another name."}) from exc
    except OSError as exc:
        raise ValidationError({"path": f"It cannot be saved there: {exc.strerror}."}) from exc
    audit.record(
        session,
        action="export",
        entity="attachment",
        entity_id=str(attachment_id),
        case_id=attachment.case_id,
        changes={"file_name": attachment.file_name, "sha256": attachment.sha256},
    )
    return path
