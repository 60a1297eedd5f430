"""Migrations: they build exactly the tables the models describe, and keep data on upgrade."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlmodel import select

from fieldcase.db import migrate
from fieldcase.db.engine import APPLICATION_ID, sqlcipher_engine
from fieldcase.db.models import Case, CaseParty, Contact, Incident, Person, Property, metadata
from fieldcase.db.store import Store, open_store
from fieldcase.services.case_file import load_case_file
from fieldcase.services.caseload import search_cases

PASSPHRASE = "correct horse battery staple"


def drift(engine: Engine) -> list[object]:
    """Differences between the migrated database and the models, as Alembic sees them."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_name": migrate.is_modelled,
            },
        )
        return list(compare_metadata(context, metadata))


def test_migrations_match_the_models(store: Store) -> None:
    """A freshly migrated database has every table, column, type, index and key the models
    declare, and nothing else."""
    assert drift(store.engine) == []


def test_fresh_database_is_at_the_newest_migration(store: Store) -> None:
    """open_store applies every migration shipped."""
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert migrate.head_revision() in migrate.known_revisions()


def test_upgrading_an_existing_database_keeps_its_rows(tmp_path: Path) -> None:
    """A database written at the first migration, with a case in it, is upgraded to the
    newest on open and everything in it is still there."""
    path = tmp_path / "old.db"
    engine = sqlcipher_engine(path, PASSPHRASE)
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
    migrate.upgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"

    ids = {name: uuid.uuid4() for name in ("person", "property", "case", "party", "incident")}
    contact_id = uuid.uuid4()
    stamp = "2026-03-02 10:15:00.000000"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, created_at, updated_at, version, full_name, phone,"
                " safe_contact_number, preferred_contact_times, email, notes)"
                " VALUES (:id, :t, :t, 1, 'Marta Nowicka', '', '07700 900123', '', '', '')"
            ),
            {"id": ids["person"].hex, "t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO property (id, created_at, updated_at, version, address, postcode,"
                " tenancy_ref, notes)"
                " VALUES (:id, :t, :t, 1, '12 Larkspur Close', 'EB2 7QL', '', '')"
            ),
            {"id": ids["property"].hex, "t": stamp},
        )
        conn.execute(
            text(
                'INSERT INTO "case" (id, created_at, updated_at, version, reference, category,'
                " strands, status, officer_name, police_refs, summary, property_id, opened_on,"
                " closure_outcome, feedback, legal_hold, risk_level, last_contact_at,"
                " next_contact_due, search_text)"
                " VALUES (:id, :t, :t, 1, 'FC-2026-0001', 'hate_crime', 'race', 'open',"
                " 'Officer Test', 'EB/41173/26', 'Neighbour abuse', :prop, '2026-03-02', '', '',"
                " 0, 'high', :t, '2026-03-09', 'fc-2026-0001 | marta nowicka')"
            ),
            {"id": ids["case"].hex, "t": stamp, "prop": ids["property"].hex},
        )
        conn.execute(
            text(
                "INSERT INTO caseparty (id, created_at, updated_at, version, case_id, person_id,"
                " role, engagement, property_id, relationship, notes)"
                " VALUES (:id, :t, :t, 1, :case, :person, 'victim', '', :prop, '', '')"
            ),
            {
                "id": ids["party"].hex,
                "t": stamp,
                "case": ids["case"].hex,
                "person": ids["person"].hex,
                "prop": ids["property"].hex,
            },
        )
        conn.execute(
            text(
                "INSERT INTO incident (id, created_at, updated_at, version, case_id,"
                " occurred_at, kinds, strands, location, who, police_crime_number, description)"
                " VALUES (:id, :t, :t, 1, :case, '2026-03-01 19:30:00.000000', 'verbal_abuse',"
                " 'race', '', '', 'EB/41173/26', 'Shouted abuse over the fence.')"
            ),
            {"id": ids["incident"].hex, "t": stamp, "case": ids["case"].hex},
        )
        conn.execute(
            text(
                "INSERT INTO contact (id, created_at, updated_at, version, case_id, person_id,"
                " at, method, direction, outcome, notes, officer_name)"
                " VALUES (:id, :t, :t, 1, :case, :person, :t, 'visit', 'out', 'spoke',"
                " 'Home visit.', 'Officer Test')"
            ),
            {
                "id": contact_id.hex,
                "t": stamp,
                "case": ids["case"].hex,
                "person": ids["person"].hex,
            },
        )
    engine.dispose()

    store = open_store(path, PASSPHRASE, actor="Officer Test")
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert drift(store.engine) == []
        with store.reading() as session:
            file = load_case_file(session, ids["case"], record_view=False)
            (row,) = search_cases(session, "nowicka", today=date(2026, 3, 3))
            (by_postcode,) = search_cases(session, "eb27ql", today=date(2026, 3, 3))
            counts = {
                model.__name__: len(session.exec(select(model)).all())
                for model in (Case, CaseParty, Contact, Incident, Person, Property)
            }
    finally:
        store.close()
    assert counts == dict.fromkeys(counts, 1)
    assert row.id == ids["case"] == by_postcode.id
    assert file.case.reference == "FC-2026-0001"
    assert file.case.police_refs == "EB/41173/26"
    assert file.case.opened_on == date(2026, 3, 2)
    assert file.case.last_contact_at == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    assert file.property is not None and file.property.postcode == "EB2 7QL"
    assert file.property.address_key == "12 larkspur close"
    assert [p.person.full_name for p in file.parties] == ["Marta Nowicka"]
    assert file.parties[0].person.safe_contact_number == "07700 900123"
    assert [i.occurred_at for i in file.incidents] == [datetime(2026, 3, 1, 19, 30, tzinfo=UTC)]
    assert [c.id for c in file.contacts] == [contact_id]


def test_upgrade_gives_old_properties_their_address_key_and_canonical_postcode(
    tmp_path: Path,
) -> None:
    """Migration 0006 keys every property, writes postcodes as EB2 7QL, and moves a postcode
    typed at the end of an address to the postcode; it merges nothing."""
    engine = sqlcipher_engine(tmp_path / "old.db", PASSPHRASE)
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
    migrate.upgrade(engine, "0005")
    typed = [
        ("8 Sorrel Way, eb27ql", ""),
        ("8 sorrel wy", "eb2 7ql"),
        ("Flat 2, 8 Sorrel Way", "?"),
    ]
    with engine.begin() as conn:
        for address, postcode in typed:
            conn.execute(
                text(
                    "INSERT INTO property (id, created_at, updated_at, version, address, postcode,"
                    " tenancy_ref, notes) VALUES (:id, :t, :t, 1, :address, :postcode, '', '')"
                ),
                {
                    "id": uuid.uuid4().hex,
                    "t": "2026-03-02 10:15:00.000000",
                    "address": address,
                    "postcode": postcode,
                },
            )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT address, postcode, address_key FROM property ORDER BY address")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("8 Sorrel Way", "EB2 7QL", "8 sorrel way"),
        ("8 sorrel wy", "EB2 7QL", "8 sorrel way"),
        ("Flat 2, 8 Sorrel Way", "?", "flat 2 8 sorrel way"),
    ]


def test_every_step_upgrades_in_turn(tmp_path: Path) -> None:
    """Each shipped migration applies on top of the one before, one at a time."""
    engine = sqlcipher_engine(tmp_path / "steps.db", PASSPHRASE)
    try:
        order = list(reversed(_revisions()))
        for revision in order:
            migrate.upgrade(engine, revision)
            assert migrate.current_revision(engine) == revision
        assert order[-1] == migrate.head_revision()
        assert drift(engine) == []
    finally:
        engine.dispose()


def _revisions() -> list[str]:
    """Every revision, newest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in script.walk_revisions()]
