"""Migration 0007: rows written at 0005 come through with the landlord's ladder and the new
incident types."""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import select

from fieldcase.db import migrate
from fieldcase.db.engine import APPLICATION_ID, sqlcipher_engine
from fieldcase.db.models import EnforcementStep, Incident
from fieldcase.db.store import open_store

PASSPHRASE = "correct horse battery staple"
STAMP = "2026-03-02 10:15:00.000000"


def _at_0005(path: Path) -> tuple[Engine, dict[str, uuid.UUID]]:
    """A database at 0005 with one case, one person, three ladder steps and an incident."""
    engine = sqlcipher_engine(path, PASSPHRASE)
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
    migrate.upgrade(engine, "0005")
    ids = {
        name: uuid.uuid4()
        for name in ("person", "case", "incident", "notice", "claim", "cpn", "letter")
    }
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, created_at, updated_at, version, full_name, phone,"
                " safe_contact_number, preferred_contact_times, email, notes)"
                " VALUES (:id, :t, :t, 1, 'Ross Keane', '', '', '', '', '')"
            ),
            {"id": ids["person"].hex, "t": STAMP},
        )
        conn.execute(
            text(
                'INSERT INTO "case" (id, created_at, updated_at, version, reference, category,'
                " strands, status, officer_name, police_refs, summary, opened_on,"
                " closure_outcome, feedback, legal_hold, risk_level, search_text)"
                " VALUES (:id, :t, :t, 1, 'FC-2026-0001', 'personal_asb', '', 'open',"
                " 'Officer Test', '', '', '2026-01-05', '', '', 0, '', '')"
            ),
            {"id": ids["case"].hex, "t": STAMP},
        )
        conn.execute(
            text(
                "INSERT INTO incident (id, created_at, updated_at, version, case_id,"
                " occurred_at, kinds, strands, location, who, police_crime_number, description)"
                " VALUES (:id, :t, :t, 1, :case, :t, 'assault,online,verbal_abuse', '', '', '',"
                " '', 'Punched at the door, then abuse on social media.')"
            ),
            {"id": ids["incident"].hex, "t": STAMP, "case": ids["case"].hex},
        )
        for name, kind in (
            ("letter", "warning_letter"),
            ("cpn", "community_protection_notice"),
            ("notice", "notice_seeking_possession"),
            ("claim", "possession_claim"),
        ):
            conn.execute(
                text(
                    "INSERT INTO enforcementstep (id, created_at, updated_at, version, case_id,"
                    " person_id, kind, taken_on, served_how, court, terms, documents, notes)"
                    " VALUES (:id, :t, :t, 1, :case, :person, :kind, '2026-02-01', '', '', '',"
                    " '', '')"
                ),
                {
                    "id": ids[name].hex,
                    "t": STAMP,
                    "case": ids["case"].hex,
                    "person": ids["person"].hex,
                    "kind": kind,
                },
            )
    return engine, ids


def test_rows_written_at_0005_get_the_new_values(tmp_path: Path) -> None:
    """Possession steps were on Ground 14; a community protection notice becomes a partner
    action with its agency not recorded; assault and online become their new types."""
    path = tmp_path / "old.db"
    engine, ids = _at_0005(path)
    engine.dispose()

    store = open_store(path, PASSPHRASE, actor="Officer Test")
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.reading() as session:
            steps = {s.id: s for s in session.exec(select(EnforcementStep)).all()}
            incident = session.get(Incident, ids["incident"])
    finally:
        store.close()
    got = {
        name: (steps[ids[name]].kind, steps[ids[name]].agency, steps[ids[name]].ground)
        for name in ("letter", "cpn", "notice", "claim")
    }
    assert got == {
        "letter": ("warning_letter", "", ""),
        "cpn": ("community_protection_notice", "", ""),
        "notice": ("notice_seeking_possession", "", "ground_14"),
        "claim": ("possession_claim", "", "ground_14"),
    }
    assert incident is not None
    assert incident.kinds == "online_abuse,physical_violence,verbal_abuse"
    assert incident.other_kind == ""
    assert incident.description == "Punched at the door, then abuse on social media."


def test_downgrade_puts_back_the_old_incident_types(tmp_path: Path) -> None:
    """Going back to 0006 restores the retired values and reads newer types as "other"."""
    engine, ids = _at_0005(tmp_path / "down.db")
    try:
        migrate.upgrade(engine, "0007")
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE incident SET kinds = 'arson,physical_violence' WHERE id = :id"),
                {"id": ids["incident"].hex},
            )
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0006")
        with engine.connect() as conn:
            kinds = conn.execute(text("SELECT kinds FROM incident")).scalar_one()
        assert migrate.current_revision(engine) == "0006"
        assert kinds == "assault,other"
    finally:
        engine.dispose()
