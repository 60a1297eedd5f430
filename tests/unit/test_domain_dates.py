"""Working days, first-contact deadlines, cadences and local time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from fieldcase.domain.dates import (
    add_working_days,
    is_working_day,
    local_today,
    local_zone,
    next_contact_due,
    review_cadence_days,
    to_local,
    update_cadence_days,
)
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import RiskLevel

# England and Wales bank holidays around the dates used below.
GOOD_FRIDAY = date(2026, 4, 3)
EASTER_MONDAY = date(2026, 4, 6)
CHRISTMAS = date(2026, 12, 25)
BOXING_DAY_SUBSTITUTE = date(2026, 12, 28)
HOLIDAYS = (GOOD_FRIDAY, EASTER_MONDAY, CHRISTMAS, BOXING_DAY_SUBSTITUTE)


@pytest.mark.parametrize(
    ("day", "holidays", "expected"),
    [
        (date(2026, 11, 23), (), True),  # Monday
        (date(2026, 11, 27), (), True),  # Friday
        (date(2026, 11, 28), (), False),  # Saturday
        (date(2026, 11, 29), (), False),  # Sunday
        (CHRISTMAS, HOLIDAYS, False),  # a Friday, but a bank holiday
        (CHRISTMAS, (), True),  # without the holiday list it is just a Friday
    ],
)
def test_is_working_day(day: date, holidays: tuple[date, ...], expected: bool) -> None:
    """Weekdays are working days unless they are bank holidays."""
    assert is_working_day(day, holidays) is expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 0, date(2026, 11, 23)),  # Mon + 0 = same day
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Mon + 1 = Tue
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Fri + 1 = Mon
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Sat + 1 = Mon
        (date(2026, 11, 29), 1, date(2026, 11, 30)),  # Sun + 1 = Mon
        (date(2026, 11, 25), 3, date(2026, 11, 30)),  # Wed + 3 = Mon
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a full week
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thu before Easter: skips Fri, Mon
        (date(2026, 4, 2), 3, date(2026, 4, 9)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve: skips 25 to 28
        (date(2026, 12, 23), 3, date(2026, 12, 30)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(
    start: date, days: int, expected: date
) -> None:
    """Counting working days steps over weekends and the bank holidays given."""
    assert add_working_days(start, days, HOLIDAYS) == expected


@pytest.mark.parametrize(
    ("opened_on", "is_hate", "expected"),
    [
        (date(2026, 11, 23), True, date(2026, 11, 24)),  # hate: next working day
        (date(2026, 11, 27), True, date(2026, 11, 30)),  # hate reported Friday: Monday
        (date(2026, 11, 23), False, date(2026, 11, 26)),  # other: 3 working days
        (date(2026, 11, 27), False, date(2026, 12, 2)),  # other reported Friday: Wednesday
        (date(2026, 12, 24), True, date(2026, 12, 29)),  # over Christmas
        (date(2026, 12, 24), False, date(2026, 12, 31)),
    ],
)
def test_first_contact_deadline(opened_on: date, is_hate: bool, expected: date) -> None:
    """Before any contact the victim is due one within 1 (hate) or 3 (other) working days."""
    policy = Policy(bank_holidays=HOLIDAYS)
    due = next_contact_due(
        policy, opened_on=opened_on, is_hate=is_hate, level=None, last_victim_contact=None
    )
    assert due == expected


@pytest.mark.parametrize(
    ("level", "days"),
    [(None, 28), (RiskLevel.STANDARD, 28), (RiskLevel.MEDIUM, 14), (RiskLevel.HIGH, 7)],
)
def test_update_cadence_after_first_contact(level: RiskLevel | None, days: int) -> None:
    """After a contact, the next is due by the cadence for the risk level (calendar days)."""
    last = date(2026, 11, 20)
    due = next_contact_due(
        Policy(), opened_on=date(2026, 11, 1), is_hate=True, level=level, last_victim_contact=last
    )
    assert due == last + timedelta(days=days)


def test_cadences_follow_the_organisation_policy() -> None:
    """An organisation's own cadences replace the defaults."""
    policy = Policy(
        update_days_high=3,
        update_days_medium=10,
        update_days_standard=21,
        review_days_high=5,
        review_days_medium=12,
        review_days_standard=30,
        first_contact_hate_working_days=2,
    )
    assert [update_cadence_days(policy, lvl) for lvl in RiskLevel] == [21, 10, 3]
    assert [review_cadence_days(policy, lvl) for lvl in RiskLevel] == [30, 12, 5]
    assert review_cadence_days(policy, None) == 30
    due = next_contact_due(
        policy,
        opened_on=date(2026, 11, 23),
        is_hate=True,
        level=None,
        last_victim_contact=None,
    )
    assert due == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("level", "days"),
    [(None, 28), (RiskLevel.STANDARD, 28), (RiskLevel.MEDIUM, 14), (RiskLevel.HIGH, 7)],
)
def test_default_review_cadences(level: RiskLevel | None, days: int) -> None:
    """Risk reviews fall due weekly for High, fortnightly for Medium, four-weekly otherwise."""
    assert review_cadence_days(Policy(), level) == days


@pytest.fixture
def london() -> Iterator[None]:
    """Run with the operating system's clock set to UK time."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "Europe/London")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        (datetime(2026, 7, 1, 13, 0), datetime(2026, 7, 1, 14, 0)),  # BST
        (datetime(2026, 11, 25, 13, 0), datetime(2026, 11, 25, 13, 0)),  # GMT
        (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 0, 59)),  # just before the change
        (datetime(2026, 3, 29, 1, 0), datetime(2026, 3, 29, 2, 0)),  # clocks go forward
        (datetime(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 1, 30)),  # first 01:30 (BST)
        (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 1, 30)),  # second 01:30 (GMT)
    ],
)
def test_to_local_uses_summer_time_of_the_moment_itself(
    london: None, utc: datetime, local: datetime
) -> None:
    """A stored moment shows in the local time of its own date, whatever today's offset is."""
    moment = utc.replace(tzinfo=UTC)
    shown = to_local(moment)
    assert shown.replace(tzinfo=None) == local
    assert shown.astimezone(UTC) == moment


def test_typed_local_times_are_read_in_the_summer_time_of_their_date(london: None) -> None:
    """14:00 on a July day is 13:00 UTC even when typed in November."""
    typed = datetime(2026, 7, 1, 14, 0, tzinfo=local_zone())
    assert typed.astimezone(UTC) == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)


def test_local_today_is_the_local_date(london: None) -> None:
    """Half past midnight BST is already tomorrow locally, though still today in UTC."""
    assert local_today(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert local_today(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == date(2026, 12, 1)
