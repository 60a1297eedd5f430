"""Snapshot of a case's audit history, recorded at fixed moments so the picture is stable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldcase.config import Settings
from fieldcase.db.models import AuditEvent, Person
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, IncidentType, PartyRole, Strand
from fieldcase.paths import locate
from fieldcase.services import case_file, case_records, intake
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.audit import AuditScreen

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


@pytest.fixture
def ticking_audit_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each audit event is stamped one minute after the previous one, from START."""
    moments = (START + timedelta(minutes=n) for n in range(10_000))
    field = AuditEvent.model_fields["at"]
    monkeypatch.setattr(field, "default_factory", lambda: next(moments))


@pytest.fixture
def story_store(tmp_path: Path, ticking_audit_clock: None) -> Iterator[tuple[Store, Any]]:
    """A case opened, viewed, and its victim's phone number corrected."""
    store = open_store(
        tmp_path / "data" / "fieldcase.db",
        "correct horse battery staple",
        create=True,
        actor="Sam Okafor",
    )
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="14 Larkspur Close",
                postcode="ZZ1 4LC",
                summary="Nationality-based abuse from two neighbours; car vandalised",
                people=[
                    case_records.PersonInput(full_name="Marta Nowicka", role=PartyRole.VICTIM),
                    case_records.PersonInput(full_name="Dean Hollis", role=PartyRole.PERPETRATOR),
                ],
                incident=case_records.IncidentInput(
                    occurred_at=START - timedelta(days=1),
                    kinds=[IncidentType.VERBAL_ABUSE, IncidentType.CRIMINAL_DAMAGE],
                    strands=[Strand.RACE],
                    description="Shouted abuse at the family; scratched the car",
                ),
            ),
            officer_name="Sam Okafor",
            policy=Policy(),
            today=START.date(),
            now=START,
        )
    with store.transaction() as session:
        case_file.load_case_file(session, case.id)
    with store.transaction() as session:
        person = session.get(Person, next(iter(
            p.person.id
            for p in case_file.load_case_file(session, case.id, record_view=False).parties
            if p.person.full_name == "Marta Nowicka"
        )))  # fmt: skip
        assert person is not None
        case_records.update_person(
            session,
            person.id,
            person.version,
            case_records.PersonInput(
                full_name="Marta Nowicka",
                safe_contact_number="07700 900321",
                preferred_contact_times="Weekdays after 4pm",
            ),
            policy=Policy(),
        )
    yield store, case.id
    store.close()


def test_audit_history(snap_compare: Any, story_store: tuple[Store, Any]) -> None:
    """Newest first: the victim's safe number added (old → new below), the file opened, the
    case and its people added; times in UK local time, one minute apart."""
    assert shoot(snap_compare, story_store, (130, 40))


def test_audit_history_at_80x24(snap_compare: Any, story_store: tuple[Store, Any]) -> None:
    """At 80x24: the title, the newest events with when and who, the highlighted event's
    changes below, and the keys in the footer."""
    assert shoot(snap_compare, story_store, (80, 24))


def shoot(snap_compare: Any, story_store: tuple[Store, Any], size: tuple[int, int]) -> bool:
    """Compare the story case's audit history at ``size`` with its stored snapshot."""
    store, case_id = story_store
    where = locate()
    app = FieldcaseApp(
        locations=where,
        settings=Settings(officer_name="Sam Okafor"),
        database=store.path or where.database,
        store=store,
        clock=lambda: NOW,
    )

    async def open_history(pilot: Any) -> None:
        await pilot.pause()
        await app.push_screen(AuditScreen(case_id))
        await pilot.pause()

    return bool(snap_compare(app, run_before=open_history, terminal_size=size))
