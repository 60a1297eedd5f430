"""The demo caseload's visits: the story's plain-clothes visit, nothing overdue on day one."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.models import Visit
from fieldcase.db.store import Store, open_store
from fieldcase.demo.build import DEMO_OFFICER, DEMO_PASSPHRASE, STORY_VICTIM
from fieldcase.services import calendar, visit_briefing

TODAY = date(2026, 6, 15)
MORNING = datetime.combine(TODAY, time(9, 0)).astimezone()


@pytest.fixture(scope="module")
def demo(
    demo_databases: Callable[[date], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One copy of the session's demo database, shared by the tests in this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(demo_databases(TODAY), path)
    store = open_store(path, DEMO_PASSPHRASE, actor=DEMO_OFFICER)
    yield store
    store.close()


def test_story_case_has_the_joint_plain_clothes_visit(demo: Store) -> None:
    """Tomorrow's joint visit to the story's victim carries the full safety plan."""
    with demo.transaction() as s:
        joint = s.exec(select(Visit).where(Visit.kind == "joint_police")).one()
        brief = visit_briefing.briefing(s, joint.id)
    assert brief.visited is not None and brief.visited.name == STORY_VICTIM
    assert "Police in plain clothes." in brief.safety_plan
    assert any(
        line.startswith("Park away from the property: Heron Way") for line in brief.safety_plan
    )
    assert "PC Jo Marsh (Police officer, collar 4471)" in [a.describe() for a in brief.attendees]


def test_demo_agenda_on_the_day_it_is_made(demo: Store) -> None:
    """Made in the morning: one visit waits for its outcome, none is overdue for check-in."""
    with demo.reading() as s:
        agenda = calendar.agenda(s, now=MORNING)
        assert calendar.overdue_checkins(s, now=MORNING) == []
    assert [i.flag for i in agenda.attention] == ["Needs outcome"]
    assert agenda.attention[0].cautions >= 1
    assert [i.kind for _, items in agenda.days for i in items] == [
        "joint_police",
        "victim_support",
        "perpetrator_interview",
    ]
    assert agenda.days[0][0] == TODAY + timedelta(days=1)


def test_demo_is_a_real_store_file(copy_demo: Callable[[Path, date], Path], tmp_path: Path) -> None:
    """Smoke: the demo, made and closed, opens again with its passphrase and keeps its visits."""
    path = copy_demo(tmp_path / "demo.db", TODAY)
    again = open_store(path, DEMO_PASSPHRASE, actor=DEMO_OFFICER)
    with again.reading() as s:
        assert len(s.exec(select(Visit)).all()) == 4
    again.close()
