"""Working days, first-contact deadlines, cadences and local time."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from fieldcase.domain.dates import (
    add_working_days,
    bank_holidays,
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

ENGLAND_AND_WALES = Policy()
SCOTLAND = Policy(nation="scotland")
NORTHERN_IRELAND = Policy(nation="northern-ireland")
CHRISTMAS_EVE_CLOSED = Policy(extra_closure_days=(date(2026, 12, 24),))


@pytest.mark.parametrize(
    ("day", "policy", "expected"),
    [
        (date(2026, 11, 23), ENGLAND_AND_WALES, True),  # Monday
        (date(2026, 11, 27), ENGLAND_AND_WALES, True),  # Friday
        (date(2026, 11, 28), ENGLAND_AND_WALES, False),  # Saturday
        (date(2026, 11, 29), ENGLAND_AND_WALES, False),  # Sunday
        (date(2026, 12, 25), ENGLAND_AND_WALES, False),  # Christmas Day, a Friday
        (date(2026, 12, 28), ENGLAND_AND_WALES, False),  # Boxing Day (Saturday) moves to Monday
        (date(2026, 12, 29), ENGLAND_AND_WALES, True),
        (date(2027, 12, 27), ENGLAND_AND_WALES, False),  # Christmas and Boxing Day both on a
        (date(2027, 12, 28), ENGLAND_AND_WALES, False),  # weekend: Monday and Tuesday off
        (date(2022, 1, 3), ENGLAND_AND_WALES, False),  # New Year's Day (Saturday) moves on
        (date(2026, 4, 6), ENGLAND_AND_WALES, False),  # Easter Monday
        (date(2026, 4, 6), SCOTLAND, True),  # not a bank holiday in Scotland
        (date(2026, 4, 6), NORTHERN_IRELAND, False),
        (date(2026, 4, 3), SCOTLAND, False),  # Good Friday is, everywhere
        (date(2026, 1, 2), ENGLAND_AND_WALES, True),
        (date(2026, 1, 2), SCOTLAND, False),  # 2 January
        (date(2027, 1, 4), SCOTLAND, False),  # 2 January (Saturday) moves to Monday
        (date(2027, 1, 4), ENGLAND_AND_WALES, True),
        (date(2026, 8, 3), SCOTLAND, False),  # summer bank holiday: early August in Scotland
        (date(2026, 8, 31), SCOTLAND, True),
        (date(2026, 8, 31), ENGLAND_AND_WALES, False),  # late August elsewhere
        (date(2026, 11, 30), SCOTLAND, False),  # St Andrew's Day
        (date(2026, 11, 30), ENGLAND_AND_WALES, True),
        (date(2025, 12, 1), SCOTLAND, False),  # St Andrew's Day (Sunday) moves to Monday
        (date(2027, 3, 17), NORTHERN_IRELAND, False),  # St Patrick's Day
        (date(2027, 3, 17), ENGLAND_AND_WALES, True),
        (date(2024, 3, 18), NORTHERN_IRELAND, False),  # St Patrick's (Sunday) moves to Monday
        (date(2027, 7, 12), NORTHERN_IRELAND, False),  # Battle of the Boyne
        (date(2027, 7, 12), SCOTLAND, True),
        (date(2026, 7, 13), NORTHERN_IRELAND, False),  # 12 July (Sunday) moves to Monday
        (date(2026, 12, 24), ENGLAND_AND_WALES, True),
        (date(2026, 12, 24), CHRISTMAS_EVE_CLOSED, False),  # the organisation's own closure day
        (date(2026, 12, 25), CHRISTMAS_EVE_CLOSED, False),  # bank holidays still apply
    ],
)
def test_is_working_day(day: date, policy: Policy, expected: bool) -> None:
    """Weekdays are working days unless the nation's bank holiday or a closure day."""
    assert is_working_day(day, policy) is expected


@pytest.mark.parametrize(
    ("start", "days", "policy", "expected"),
    [
        (date(2026, 11, 23), 0, ENGLAND_AND_WALES, date(2026, 11, 23)),  # Mon + 0 = same day
        (date(2026, 11, 23), 1, ENGLAND_AND_WALES, date(2026, 11, 24)),  # Mon + 1 = Tue
        (date(2026, 11, 27), 1, ENGLAND_AND_WALES, date(2026, 11, 30)),  # Fri + 1 = Mon
        (date(2026, 11, 28), 1, ENGLAND_AND_WALES, date(2026, 11, 30)),  # Sat + 1 = Mon
        (date(2026, 11, 29), 1, ENGLAND_AND_WALES, date(2026, 11, 30)),  # Sun + 1 = Mon
        (date(2026, 11, 25), 3, ENGLAND_AND_WALES, date(2026, 11, 30)),  # Wed + 3 = Mon
        (date(2026, 11, 23), 5, ENGLAND_AND_WALES, date(2026, 11, 30)),  # a full week
        (date(2026, 4, 2), 1, ENGLAND_AND_WALES, date(2026, 4, 7)),  # skips Good Fri, Easter Mon
        (date(2026, 4, 2), 1, SCOTLAND, date(2026, 4, 6)),  # Easter Monday is worked
        (date(2026, 4, 2), 3, ENGLAND_AND_WALES, date(2026, 4, 9)),
        (date(2026, 12, 24), 1, ENGLAND_AND_WALES, date(2026, 12, 29)),  # skips 25 to 28
        (date(2026, 12, 23), 3, ENGLAND_AND_WALES, date(2026, 12, 30)),
        (date(2026, 12, 23), 1, CHRISTMAS_EVE_CLOSED, date(2026, 12, 29)),
        (date(2026, 12, 31), 1, SCOTLAND, date(2027, 1, 5)),  # across the year: 1 and 4 Jan
        (date(2026, 12, 31), 1, ENGLAND_AND_WALES, date(2027, 1, 4)),
        (date(2026, 11, 27), 1, SCOTLAND, date(2026, 12, 1)),  # St Andrew's Day on Monday
    ],
)
def test_add_working_days_skips_weekends_and_closed_days(
    start: date, days: int, policy: Policy, expected: date
) -> None:
    """Counting working days steps over weekends, bank holidays and closure days."""
    assert add_working_days(start, days, policy) == expected


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
    due = next_contact_due(
        Policy(), opened_on=opened_on, is_hate=is_hate, level=None, last_victim_contact=None
    )
    assert due == expected


def test_hate_case_opened_on_christmas_eve_is_due_on_the_tuesday() -> None:
    """Under the default policy, Christmas Day and Boxing Day's substitute are not working days."""
    due = next_contact_due(
        Policy(),
        opened_on=date(2026, 12, 24),
        is_hate=True,
        level=None,
        last_victim_contact=None,
    )
    assert due == date(2026, 12, 29)
    assert due.strftime("%A") == "Tuesday"


def test_first_contact_deadline_in_the_organisation_nation() -> None:
    """A Scottish organisation works Easter Monday; one in England and Wales does not."""
    thursday = date(2026, 4, 2)
    due = {
        policy.nation: next_contact_due(
            policy, opened_on=thursday, is_hate=True, level=None, last_victim_contact=None
        )
        for policy in (ENGLAND_AND_WALES, SCOTLAND)
    }
    assert due == {"england-and-wales": date(2026, 4, 7), "scotland": date(2026, 4, 6)}


def test_bank_holidays_are_looked_up_once_per_year() -> None:
    """A year's bank holidays are built once and kept, not rebuilt for every day counted."""
    bank_holidays.cache_clear()
    add_working_days(date(2026, 12, 1), 40, Policy())
    info = bank_holidays.cache_info()
    assert info.currsize == 2  # 2026 and 2027
    assert info.hits > 40
    assert bank_holidays("england-and-wales", 2026) is bank_holidays("england-and-wales", 2026)


def test_holidays_package_is_not_loaded_until_needed() -> None:
    """Importing the date rules (as start-up does) does not load the holidays tables."""
    code = "import sys, fieldcase.domain.dates, fieldcase.config; print('holidays' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


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
