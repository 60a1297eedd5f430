"""Working days and the due dates that organisation policy sets."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache

from fieldcase.domain.policy import Nation, Policy
from fieldcase.domain.vocab import RiskLevel


def is_working_day(day: date, policy: Policy) -> bool:
    """Monday to Friday, and neither a bank holiday in the policy's nation nor a closure day."""
    return (
        day.weekday() < 5
        and day not in policy.extra_closure_days
        and day not in bank_holidays(policy.nation, day.year)
    )


def add_working_days(start: date, days: int, policy: Policy) -> date:
    """The date ``days`` working days after ``start`` (weekends and closed days skipped)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, policy):
            remaining -= 1
    return current


_SUBDIVISIONS: dict[Nation, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
"""The ``holidays`` package's subdivision of the United Kingdom for each nation."""


@cache
def bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    """A nation's bank holidays in one year, substitute days included.

    From the maintained ``holidays`` package, imported and built the first time
    a year is asked for (not at start-up), then kept.
    """
    import holidays

    subdivision = _SUBDIVISIONS[nation]
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def update_cadence_days(policy: Policy, level: RiskLevel | None) -> int:
    """Days between victim updates for a risk level (Standard when not yet assessed)."""
    match level:
        case RiskLevel.HIGH:
            return policy.update_days_high
        case RiskLevel.MEDIUM:
            return policy.update_days_medium
        case _:
            return policy.update_days_standard


def review_cadence_days(policy: Policy, level: RiskLevel | None) -> int:
    """Days between risk reviews for a risk level."""
    match level:
        case RiskLevel.HIGH:
            return policy.review_days_high
        case RiskLevel.MEDIUM:
            return policy.review_days_medium
        case _:
            return policy.review_days_standard


def next_contact_due(
    policy: Policy,
    *,
    opened_on: date,
    is_hate: bool,
    level: RiskLevel | None,
    last_victim_contact: date | None,
) -> date:
    """When the victim is next due a contact.

    Before any contact: the first-contact deadline in working days (1 for hate
    incidents, 3 otherwise). After: the last contact plus the update cadence for
    the case's risk level.
    """
    if last_victim_contact is None:
        days = (
            policy.first_contact_hate_working_days
            if is_hate
            else policy.first_contact_other_working_days
        )
        return add_working_days(opened_on, days, policy)
    return last_victim_contact + timedelta(days=update_cadence_days(policy, level))


class SystemLocalTime(tzinfo):
    """The operating system's local time, summer time included.

    ``datetime.now().astimezone().tzinfo`` is a fixed offset, the offset of
    *today*: used for a summer moment in winter it shows the time an hour out.
    This zone asks the operating system for the offset at each moment, and
    resolves the repeated autumn hour with ``fold`` (PEP 495).
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return _offset_at(time.time())
        wall = (dt.replace(tzinfo=None, fold=0) - _EPOCH).total_seconds()
        before, after = _offset_at(wall - 86400), _offset_at(wall + 86400)
        valid = sorted(
            {o for o in (before, after) if _offset_at(wall - o.total_seconds()) == o},
            reverse=True,
        )
        if not valid:
            # A wall time skipped in spring: read with the offset from before the change.
            return after if dt.fold else before
        return valid[-1] if dt.fold else valid[0]

    def dst(self, dt: datetime | None) -> timedelta:
        offset = self.utcoffset(dt)
        stamp = time.time() if dt is None else self._stamp(dt, offset)
        return timedelta(hours=1) if time.localtime(stamp).tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        offset = self.utcoffset(dt)
        stamp = time.time() if dt is None else self._stamp(dt, offset)
        return time.localtime(stamp).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        offset = _offset_at((dt.replace(tzinfo=None) - _EPOCH).total_seconds())
        wall = dt + offset
        return wall if self.utcoffset(wall) == offset else wall.replace(fold=1)

    @staticmethod
    def _stamp(dt: datetime, offset: timedelta) -> float:
        return (dt.replace(tzinfo=None) - _EPOCH - offset).total_seconds()

    def __repr__(self) -> str:
        return "SystemLocalTime()"


def _offset_at(stamp: float) -> timedelta:
    """The local UTC offset at a POSIX time."""
    return timedelta(seconds=time.localtime(stamp).tm_gmtoff)


_EPOCH = datetime(1970, 1, 1)
_LOCAL = SystemLocalTime()


def local_zone() -> tzinfo:
    """The officer's local time zone, as the operating system has it (with summer time)."""
    return _LOCAL


def to_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """A stored UTC moment in local time: ``zone``, or the officer's own (``local_zone``).

    The one conversion from stored moments to local time, for display and for
    reading what officers type (``domain.when``).
    """
    return moment.astimezone(local_zone() if zone is None else zone)


def local_today(now: datetime | None = None) -> date:
    """Today's date where the officer is."""
    return (now or datetime.now(UTC)).astimezone(local_zone()).date()
