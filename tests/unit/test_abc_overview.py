"""What the ABC screens load in one call, and printing an agreement through the store."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.models import AuditEvent
from fieldcase.db.store import Store
from fieldcase.domain.abc import AbcStatus, ReviewState
from fieldcase.domain.ladder import Rung
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_agreements, abc_overview
from fieldcase.services.abc_templates import TEMPLATES_FILE, form_templates, packaged_templates
from fieldcase.services.agreement import export_abc
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import ValidationError
from tests.unit.test_abc_services import TODAY, create, make_case, perpetrator_id, signed_input


def test_case_abcs_rates_the_next_review(store: Store) -> None:
    """The list carries the case reference and, per ABC, how urgent its next review is."""
    case_id = make_case(store)
    create(store, case_id, signed_input(perpetrator_id(store, case_id)))
    abcs = store.run(abc_overview.case_abcs, case_id, today=TODAY)
    assert abcs.reference.startswith("FC-")
    assert [(r.person_name, r.review_state) for r in abcs.rows] == [
        ("Dean Marsh", ReviewState.SCHEDULED)
    ]


def test_abc_detail_brings_the_ladder(store: Store) -> None:
    """One call gives the ABC and the person's ladder, with the signed ABC as current rung."""
    case_id = make_case(store)
    abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
    detail = store.run(abc_overview.abc_detail, abc_id, record_view=True)
    assert detail.view.status == AbcStatus.ACTIVE
    assert detail.ladder.current == Rung.ABC
    with store.reading() as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.action == "view")).all()
    assert actions == ["view"]


def test_new_abc_choices_name_who_needs_a_guardian(store: Store, tmp_path: Path) -> None:
    """Both alleged perpetrators are offered; the one under 18 needs a guardian to sign."""
    case_id = make_case(
        store,
        perpetrators=[
            PersonInput("Dean Marsh", PartyRole.PERPETRATOR),
            PersonInput("Kyle Marsh", PartyRole.PERPETRATOR, date_of_birth=date(2010, 5, 1)),
        ],
    )
    choices = store.run(abc_overview.new_abc_choices, case_id, data_dir=tmp_path, today=TODAY)
    assert [p.name for p in choices.people] == ["Dean Marsh", "Kyle Marsh"]
    assert choices.minors == {choices.people[1].person_id}
    assert choices.templates.templates == packaged_templates()
    assert choices.templates.problem == ""


def test_edit_start_keeps_signed_terms_fixed(store: Store, tmp_path: Path) -> None:
    """A signed ABC opens locked, with its saved values, version and given signatures."""
    case_id = make_case(store)
    abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
    start = store.run(abc_overview.abc_edit_start, abc_id, data_dir=tmp_path)
    assert start.locked and not start.needs_guardian
    assert start.person_name == "Dean Marsh"
    assert len(start.initial.conditions) == 3
    assert ("police_officer", "PC Amira Lowe") in start.signed_roles


def test_edit_start_refuses_an_ended_abc(store: Store, tmp_path: Path) -> None:
    """An ABC that has ended is kept as it was; the form does not open."""
    case_id = make_case(store)
    abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
    store.run(
        abc_agreements.change_status,
        abc_id,
        AbcStatus.ENDED_EARLY,
        today=TODAY,
        reason="Moved away",
    )
    with pytest.raises(ValidationError, match="ended"):
        store.run(abc_overview.abc_edit_start, abc_id, data_dir=tmp_path)


def test_broken_templates_fall_back_with_the_reason(tmp_path: Path) -> None:
    """An unusable organisation file gives the shipped templates and says why."""
    (tmp_path / TEMPLATES_FILE).write_text("not toml [", encoding="utf-8")
    choice = form_templates(tmp_path)
    assert choice.templates == packaged_templates()
    assert TEMPLATES_FILE in choice.problem


def test_export_prints_the_saved_abc_and_audits_it(store: Store, tmp_path: Path) -> None:
    """The export writes a private file from the ABC as saved, and the audit trail notes it."""
    case_id = make_case(store)
    abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
    path = store.run(export_abc, abc_id, tmp_path / "exports", "md", printed_on=TODAY)
    assert "Dean Marsh" in path.read_text(encoding="utf-8")
    assert os.stat(path).st_mode & 0o777 == 0o600
    with store.reading() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.entity, event.entity_id, event.case_id) == ("abcagreement", str(abc_id), case_id)
