"""Reading the date-times officers type, and showing them back.

Officers type local times the way they say them: ``tomorrow 10:30``,
``fri 14:00``, ``today 9``, ``2026-12-03 10:00``, ``3/12 10:00`` (UK order:
day/month), ``+2d 10:00``. :func:`parse_when` turns those into an aware UTC
moment, using an injected ``now`` so the meaning of "today" is testable, and
raises :class:`WhenError` with a message an officer can act on otherwise.

Local time follows the zone's own rules, summer time included: a visit typed
in November for ``2/4 10:00`` is 10:00 British Summer Time, not GMT.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

MAX_DAYS_AHEAD = 3660
"""Offsets further than about ten years are a typing slip, not a plan."""

EXAMPLES = "tomorrow 10:30, fri 14:00, today 9, 3/12 10:00, 2026-12-03 10:00, +2d 10:00"
"""Forms shown to officers in hints and error messages."""


class WhenError(ValueError):
    """Text that is not a date and time fieldcase understands; the message says why."""


_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_TODAY = {"today", "tod"}
_TOMORROW = {"tomorrow", "tmrw", "tmw", "tom"}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_DAY_OFFSET = re.compile(r"^\+(\d{1,5})([dw])$")
_MOMENT_OFFSET = re.compile(r"^\+(\d{1,6})(h|min)$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")
_DURATIONS = (
    re.compile(r"^(?P<h>)(?P<m>\d{1,4})(?:m|min)?$"),
    re.compile(r"^(?P<h>\d{1,2})h(?:(?P<m>\d{1,2})(?:m|min)?)?$"),
    re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$"),
)


def parse_when(text: str, *, now: datetime, zone: tzinfo | None = None) -> datetime:
    """The moment an officer means by ``text``, as an aware UTC datetime.

    Args:
        text: What was typed, e.g. ``"fri 14:00"``.
        now: The current moment (aware); "today" is its local date.
        zone: The local time zone; ``None`` uses the computer's own rules.

    A weekday means the next such day whose time is still to come (today if it
    is that day and the time is later). A day/month without a year means its
    next occurrence from today. A time on its own means today.

    Raises:
        WhenError: The text is not a date and time in a known form.
    """
    words = _words(text)
    if not words:
        raise WhenError(f"Type a date and time, e.g. {EXAMPLES}.")
    if now.tzinfo is None:
        raise WhenError("The current time must carry a time zone.")
    local_now = _to_zone(now, zone)
    today = local_now.date()

    if words == ["now"]:
        return now.astimezone(UTC)
    if len(words) == 1:
        moment = _MOMENT_OFFSET.match(words[0])
        if moment:
            amount = int(moment.group(1))
            step = timedelta(hours=amount) if moment.group(2) == "h" else timedelta(minutes=amount)
            if step > timedelta(days=MAX_DAYS_AHEAD):
                raise WhenError("That is too far ahead.")
            return now.astimezone(UTC) + step

    day_words, clock = _split_time(words)
    if clock is None:
        if day_words:
            raise WhenError(f"Add a time to '{' '.join(day_words)}', e.g. '{day_words[0]} 10:30'.")
        raise WhenError(f"Type a date and time, e.g. {EXAMPLES}.")

    if not day_words:
        day = today
    elif len(day_words) == 1:
        day = _parse_day(day_words[0], today=today, clock=clock, local_now=local_now)
    else:
        raise WhenError(f"'{' '.join(words)}' is not a date and time I know. Try {EXAMPLES}.")
    return _localise(datetime.combine(day, clock), zone)


def parse_duration(text: str) -> int:
    """Minutes from ``45``, ``45m``, ``1h``, ``1h30``, ``1:30`` or ``90 min``.

    Raises:
        WhenError: The text is not a length of time.
    """
    flat = re.sub(r"\s+", "", text.strip().lower())
    flat = re.sub(r"(minutes|minute|mins)$", "min", flat)
    flat = re.sub(r"(hours|hour|hrs|hr)", "h", flat)
    for pattern in _DURATIONS:
        match = pattern.match(flat)
        if match:
            hours, minutes = match.group("h"), match.group("m")
            return int(hours or 0) * 60 + int(minutes or 0)
    raise WhenError("Give a length of time, e.g. 45, 1h or 1h30.")


def local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """A stored UTC moment in local time, following summer time for that date."""
    return _to_zone(moment, zone)


def format_when(moment: datetime, zone: tzinfo | None = None) -> str:
    """Like ``Fri 4 Dec 2026 10:30``, in local time."""
    shown = local(moment, zone)
    return f"{shown:%a} {shown.day} {shown:%b %Y %H:%M}"


def format_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """Like ``10:30``, in local time."""
    return f"{local(moment, zone):%H:%M}"


def _words(text: str) -> list[str]:
    flat = text.strip().lower().replace(",", " ")
    flat = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(\d)", r"\1 \2", flat)
    flat = re.sub(r"\b(\d{1,2}(?:[:.]\d{2})?)\s+(am|pm)\b", r"\1\2", flat)
    flat = re.sub(r"\bat\b", " ", flat)
    return flat.split()


def _split_time(words: list[str]) -> tuple[list[str], time | None]:
    last = words[-1]
    if last in ("noon", "midday"):
        return words[:-1], time(12, 0)
    if last == "midnight":
        return words[:-1], time(0, 0)
    match = _TIME.match(last)
    compact = _TIME_COMPACT.match(last)
    if not match and not compact:
        return words, None
    if compact and not match:
        hour, minute, suffix = int(compact.group(1)), int(compact.group(2)), None
    else:
        assert match is not None
        hour = int(match.group(1))
        minute = int(match.group(2) or 0)
        suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise WhenError(f"'{last}': with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"'{last}' is not a time of day (00:00 to 23:59).")
    return words[:-1], time(hour, minute)


def _parse_day(word: str, *, today: date, clock: time, local_now: datetime) -> date:
    if word in _TODAY:
        return today
    if word in _TOMORROW:
        return today + timedelta(days=1)
    if word in _WEEKDAYS:
        ahead = (_WEEKDAYS[word] - today.weekday()) % 7
        day = today + timedelta(days=ahead)
        if ahead == 0 and clock <= local_now.time():
            day += timedelta(days=7)
        return day
    offset = _DAY_OFFSET.match(word)
    if offset:
        days = int(offset.group(1)) * (7 if offset.group(2) == "w" else 1)
        if days > MAX_DAYS_AHEAD:
            raise WhenError("That is too far ahead.")
        return today + timedelta(days=days)
    iso = _ISO_DATE.match(word)
    if iso:
        return _date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), word)
    uk = _UK_DATE.match(word)
    if uk:
        day_no, month = int(uk.group(1)), int(uk.group(2))
        if uk.group(3) is None:
            found = _date(today.year, month, day_no, word, leap_ok=True)
            if found < today:
                found = _date(today.year + 1, month, day_no, word, leap_ok=True)
            return found
        year = int(uk.group(3))
        if year < 100:
            year += 2000
        return _date(year, month, day_no, word)
    raise WhenError(f"'{word}' is not a day I know. Try {EXAMPLES}.")


def _date(year: int, month: int, day: int, word: str, *, leap_ok: bool = False) -> date:
    if not 1 <= month <= 12:
        raise WhenError(f"'{word}': there is no month {month} (dates are day/month).")
    if not 2000 <= year <= 2199:
        raise WhenError(f"'{word}': the year should be between 2000 and 2199.")
    try:
        return date(year, month, day)
    except ValueError:
        if leap_ok and month == 2 and day == 29:
            # 29/2 typed in a non-leap year means the next leap year's.
            for later in range(year + 1, year + 8):
                try:
                    return date(later, 2, 29)
                except ValueError:
                    continue
        raise WhenError(f"'{word}': there is no day {day} in that month.") from None


def _to_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def _localise(naive: datetime, zone: tzinfo | None) -> datetime:
    try:
        aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
        utc = aware.astimezone(UTC)
        back = _to_zone(utc, zone).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise WhenError("That date is out of range.") from None
    if back != naive:
        raise WhenError(
            f"{naive:%H:%M} does not exist on {naive:%d/%m/%Y}: the clocks go forward then."
        )
    return utc
