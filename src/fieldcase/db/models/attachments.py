"""Attachments: photos, documents and recordings, kept inside the encrypted database."""

from __future__ import annotations

import uuid

from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from fieldcase.db.models.base import Entity, new_id


class Attachment(Entity, table=True):
    """What an attached file is: its name, type, size and SHA-256, and what it is attached to.

    The bytes are in ``AttachmentContent``, apart, so listing attachments never
    reads them and the audit trail records what was attached, not the file.
    """

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    incident_id: uuid.UUID | None = Field(default=None, foreign_key="incident.id", index=True)
    breach_id: uuid.UUID | None = Field(default=None, foreign_key="abcbreach.id", index=True)
    file_name: str
    """The name the file had when it was added (the folders are not kept)."""
    media_type: str = ""
    size_bytes: int
    sha256: str
    """The SHA-256 of the bytes as added, in hex: proof the exhibit is unchanged."""
    description: str = ""
    added_by: str = ""


class AttachmentContent(SQLModel, table=True):
    """The bytes of one attachment."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    attachment_id: uuid.UUID = Field(foreign_key="attachment.id", unique=True)
    data: bytes = Field(sa_type=LargeBinary)
