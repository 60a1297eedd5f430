"""Attachments: kept inside the encrypted database, hashed, size-limited, exported on demand."""

from __future__ import annotations

import hashlib
import json
import stat
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldcase.db.models import Attachment, AttachmentContent, AuditEvent, Case, Incident
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services.attachments import (
    AttachmentInput,
    add_attachment,
    case_attachments,
    export_attachment,
)
from fieldcase.services.errors import ValidationError
from fieldcase.services.retention import purge
from tests.builders import OFFICER, BuiltCase, a_case, an_incident_input

POLICY = Policy(attachment_max_mb=1)
PHOTO = b"\xff\xd8\xff\xe0 a photo of the damaged car " * 100


@pytest.fixture
def case(store: Store) -> BuiltCase:
    with store.transaction() as session:
        return a_case(session, incident=an_incident_input())


def _attach(store: Store, case: BuiltCase, data: AttachmentInput) -> uuid.UUID:
    with store.transaction() as session:
        return add_attachment(session, case.case_id, data, added_by=OFFICER, policy=POLICY).id


def _photo(tmp_path: Path, content: bytes = PHOTO) -> Path:
    path = tmp_path / "car.jpg"
    path.write_bytes(content)
    return path


def test_a_photo_is_kept_with_its_size_type_and_hash(
    store: Store, case: BuiltCase, tmp_path: Path
) -> None:
    """The record says car.jpg, image/jpeg, its size and SHA-256; the bytes are in the database."""
    source = _photo(tmp_path)
    _attach(store, case, AttachmentInput(source, "Damage to the car"))
    source.unlink()
    with store.reading() as session:
        [found] = case_attachments(session, case.case_id)
        content = session.exec(select(AttachmentContent)).one()
    assert (found.file_name, found.media_type, found.size_bytes) == (
        "car.jpg",
        "image/jpeg",
        len(PHOTO),
    )
    assert found.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert content.data == PHOTO


def test_a_file_over_the_limit_is_refused_with_the_sizes(
    store: Store, case: BuiltCase, tmp_path: Path
) -> None:
    """A 1.5 MB recording against a 1 MB limit: refused, saying both sizes; nothing stored."""
    big = tmp_path / "call.mp3"
    big.write_bytes(b"\0" * (3 * 1024 * 1024 // 2))
    with pytest.raises(ValidationError) as refused:
        _attach(store, case, AttachmentInput(big))
    assert "The file is 1.5 MB; attachments can be up to 1 MB." in refused.value.errors["path"]
    with store.reading() as session:
        assert session.exec(select(Attachment)).all() == []


def test_an_incident_of_another_case_is_refused(
    store: Store, case: BuiltCase, tmp_path: Path
) -> None:
    """A photo cannot be attached to an incident that belongs to someone else's case."""
    with store.transaction() as session:
        other = a_case(session, incident=an_incident_input())
        [incident_id] = _incident_ids(session, other.case_id)
    with pytest.raises(ValidationError, match="not part of this case"):
        _attach(store, case, AttachmentInput(_photo(tmp_path), incident_id=incident_id))


def _incident_ids(session: Session, case_id: uuid.UUID) -> list[uuid.UUID]:
    return list(session.exec(select(Incident.id).where(Incident.case_id == case_id)).all())


def test_export_writes_a_new_private_file_and_is_audited(
    store: Store, case: BuiltCase, tmp_path: Path
) -> None:
    """Exported bytes match; the file is 0600; an existing file is never overwritten."""
    attachment_id = _attach(store, case, AttachmentInput(_photo(tmp_path)))
    target = tmp_path / "out" / "exhibit-1.jpg"
    with store.transaction() as session:
        export_attachment(session, attachment_id, target)
    assert target.read_bytes() == PHOTO
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(ValidationError, match="already exists"), store.transaction() as session:
        export_attachment(session, attachment_id, target)
    with store.reading() as session:
        exports = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
        created = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "attachment", AuditEvent.action == "create"
            )
        ).one()
    assert [json.loads(e.changes)["file_name"] for e in exports] == ["car.jpg"]
    assert "a photo of the damaged car" not in created.changes


def test_a_purged_case_takes_its_attachments_with_it(
    store: Store, case: BuiltCase, tmp_path: Path
) -> None:
    """When a closed case's retention ends, its attachments and their bytes are removed too."""
    _attach(store, case, AttachmentInput(_photo(tmp_path)))
    with store.transaction() as session:
        row = session.get(Case, case.case_id)
        assert row is not None
        row.status, row.closed_on = CaseStatus.CLOSED, date(2019, 1, 31)
    purge(store, Policy(), today=date(2026, 11, 25))
    with store.reading() as session:
        assert session.exec(select(Attachment)).all() == []
        assert session.exec(select(AttachmentContent)).all() == []
