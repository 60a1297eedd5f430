"""A real fieldcase process killed mid-assessment offers every answer back on restart."""

from __future__ import annotations

import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select as sql_select

from fieldcase.config import Settings, save_settings
from fieldcase.db.models import RiskAssessment
from fieldcase.db.store import open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, Strand
from fieldcase.services import case_records, intake
from fieldcase.services import risk as risk_service
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.terminal import Terminal, wait_until

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    # fieldcase runs in a child process, keying with SQLCipher's default.
    pytest.mark.real_kdf,
]


def draft_answers(db: Path, case_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, object]:
    store = open_store(db, TEST_PASSPHRASE)
    try:
        with store.reading() as session:
            draft = risk_service.read_draft(session, case_id, person_id)
            return dict(draft.answers) if draft else {}
    finally:
        store.close()


def open_the_case(term: Terminal) -> None:
    term.wait_for("FC-2026-0001")
    term.press("\r", "Assess risk")


def test_killed_process_offers_every_answer_back(isolated_data_dir: Path) -> None:
    """Answer four questions, SIGKILL the app, restart: the resume offer has all four."""
    db = isolated_data_dir / "fieldcase.db"
    store = open_store(db, TEST_PASSPHRASE, create=True, actor=TEST_OFFICER)
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_CRIME,
                strands=[Strand.RACE],
                address="3 Imaginary Close",
                people=[case_records.PersonInput(full_name="Priya Inventedname")],
            ),
            officer_name=TEST_OFFICER,
            policy=Policy(),
            today=date(2026, 1, 5),
        )
        case_id = case.id
        (victim,) = risk_service.victims(session, case_id)
    store.close()
    save_settings(isolated_data_dir / "settings.toml", Settings(officer_name=TEST_OFFICER))

    first = Terminal(isolated_data_dir)
    try:
        open_the_case(first)
        first.press("r", "Question 1 of 10")
        first.press("y", "Question 2 of 10")
        first.press("n", "Question 3 of 10")
        first.press("4", "4")
        first.press("\r", "Question 4 of 10")
        first.press("y", "Question 5 of 10")
        wait_until(lambda: len(draft_answers(db, case_id, victim.person_id)) == 4)
    finally:
        first.kill()

    second = Terminal(isolated_data_dir)
    try:
        second.wait_for("Carry on: Risk assessment: Priya Inventedname")
        second.press("\r", "Unfinished risk assessment")
        second.wait_for("4 of 10 questions answered")
        second.press("\r", "Question 5 of 10")
        for key, then in [
            ("n", "Question 6"),
            ("n", "Question 7"),
            ("y", "Question 8"),
            ("n", "Question 9"),
            ("y", "Question 10"),
            ("n", "Summary"),
        ]:
            second.press(key, then)
        second.press("s", "Assess risk")
    finally:
        second.quit()

    store = open_store(db, TEST_PASSPHRASE)
    try:
        with store.reading() as session:
            (row,) = session.exec(sql_select(RiskAssessment)).all()
            record = risk_service.record_of(row)
    finally:
        store.close()
    assert {k: record.answers[k] for k in ("personal", "hostility", "repeat", "violence")} == {
        "personal": "yes",
        "hostility": "no",
        "repeat": 4,
        "violence": "yes",
    }
    assert len(record.answers) == 10
