"""Working days and the due dates that organisation policy sets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from fieldcase.config import Policy
from fieldcase.domain.vocab import RiskLevel


def is_working_day(day: date, bank_holidays: Iterable[date] = ()) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() < 5 and day not in set(bank_holidays)


def add_working_days(start: date, days: int, bank_holidays: Iterable[date] = ()) -> date:
    """The date ``days`` working days after ``start`` (weekends and holidays skipped)."""
    holidays = set(bank_holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


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
        return add_working_days(opened_on, days, policy.bank_holidays)
    return last_victim_contact + timedelta(days=update_cadence_days(policy, level))


def local_zone() -> tzinfo:
    """The officer's local time zone, as the operating system has it."""
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def to_local(moment: datetime) -> datetime:
    """A stored UTC moment in the officer's local time."""
    return moment.astimezone(local_zone())


def local_today(now: datetime | None = None) -> date:
    """Today's date where the officer is."""
    return (now or datetime.now(UTC)).astimezone(local_zone()).date()
