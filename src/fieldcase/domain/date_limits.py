"""Sensible ranges for every date an officer types, and the message when one is outside.

A date can be typed wrongly in ways the grammar accepts: a date of birth next
year, an incident next week, an ABC starting in 2199. Each rule here returns
the sentence to show next to the field, or None when the date is sensible.
Calendar arithmetic near the ends of Python's calendar (year 1 and 9999) is
clamped, so no date, however far off, raises instead of getting a message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

OLDEST_AGE = 120
"""Years a date of birth may lie in the past."""
RECORD_YEARS_BACK = 50
"""Years before today that something recorded as having happened may lie."""
PLAN_YEARS_AHEAD = 5
"""Years ahead that a due date, review or expiry may lie."""
ABC_START_YEARS = 2
"""Years either side of today that an ABC may start."""
VISIT_YEARS_AHEAD = 2
"""Years ahead that a visit may be planned."""


def years_before(day: date, years: int) -> date:
    """The day ``years`` years before ``day`` (28 February for 29 February), or year 1."""
    if day.year - years < date.min.year:
        return date.min
    return _same_day_in(day, day.year - years)


def years_after(day: date, years: int) -> date:
    """The day ``years`` years after ``day`` (28 February for 29 February), or year 9999."""
    if day.year + years > date.max.year:
        return date.max
    return _same_day_in(day, day.year + years)


def _same_day_in(day: date, year: int) -> date:
    if day.month == 2 and day.day == 29:
        return date(year, 2, 28)
    return day.replace(year=year)


def _plural(years: int) -> str:
    return f"{years} year{'s' if years != 1 else ''}"


def birth_problem(born: date, today: date) -> str | None:
    """A date of birth must not be in the future or more than ``OLDEST_AGE`` years ago."""
    if born > today:
        return "A date of birth cannot be in the future."
    if born < years_before(today, OLDEST_AGE):
        return f"A date of birth more than {OLDEST_AGE} years ago is a typing slip; check it."
    return None


def happened_problem(
    day: date, today: date, what: str, *, years: int = RECORD_YEARS_BACK
) -> str | None:
    """Something that has happened: not after ``today``, not more than ``years`` before it."""
    if day > today:
        return f"{what} cannot be in the future."
    if day < years_before(today, years):
        return f"{what} cannot be more than {_plural(years)} ago."
    return None


def moment_problem(
    moment: datetime, now: datetime, what: str, *, years: int = RECORD_YEARS_BACK
) -> str | None:
    """A moment that has happened: aware, not after ``now``, not more than ``years`` before."""
    if moment.tzinfo is None:
        return "The time must carry a time zone."
    if moment > now:
        return f"{what} cannot be in the future."
    if moment.astimezone(UTC).date() < years_before(now.astimezone(UTC).date(), years):
        return f"{what} cannot be more than {_plural(years)} ago."
    return None


def ahead_problem(
    day: date, today: date, what: str, *, years: int = PLAN_YEARS_AHEAD, back: int = 1
) -> str | None:
    """A date to come (a due date, a review): within ``back`` years before and ``years`` after."""
    if day > years_after(today, years):
        return f"{what} cannot be more than {_plural(years)} ahead."
    if day < years_before(today, back):
        return f"{what} cannot be more than {_plural(back)} ago."
    return None


def planned_problem(
    moment: datetime, now: datetime, what: str, *, years: int = VISIT_YEARS_AHEAD
) -> str | None:
    """A moment planned ahead: aware, and not more than ``years`` after ``now``."""
    if moment.tzinfo is None:
        return "The time must carry a time zone."
    limit = years_after(now.astimezone(UTC).date(), years)
    if moment.astimezone(UTC).date() > limit:
        return f"{what} cannot be more than {_plural(years)} ahead."
    if moment.astimezone(UTC).date() < years_before(now.astimezone(UTC).date(), years):
        return f"{what} cannot be more than {_plural(years)} ago."
    return None
