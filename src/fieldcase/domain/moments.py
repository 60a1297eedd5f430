"""Reading the dates and times officers type, in their local time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from fieldcase.domain.dates import local_zone


class MomentError(ValueError):
    """Typed text that is not a date or time fieldcase understands; the message says why."""


_DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


def parse_day(text: str, *, today: date) -> date:
    """A date typed as ``25/11/2026``, ``2026-11-25``, ``today``, ``yesterday``,
    ``tomorrow``, ``+7`` (days from today) or ``-3``.

    Raises:
        MomentError: The text is not a date.
    """
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise MomentError("Type a date, e.g. 25/11/2026 or today.")
    words = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if raw in words:
        return today + timedelta(days=words[raw])
    if re.fullmatch(r"[+-]\d{1,4}", raw):
        return today + timedelta(days=int(raw))
    for form in _DATE_FORMS:
        try:
            return datetime.strptime(raw, form).date()
        except ValueError:
            continue
    raise MomentError(f"'{text.strip()}' is not a date. Use e.g. 25/11/2026, today or +7.")


def parse_time(text: str) -> time:
    """A time of day typed as ``14:05``, ``9`` or ``9.30``.

    Raises:
        MomentError: The text is not a time.
    """
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise MomentError(f"'{text.strip()}' is not a time. Use e.g. 14:05.")


def parse_moment(text: str, *, now: datetime, zone: tzinfo | None = None) -> datetime:
    """A moment typed in local time — ``now``, ``today 14:00``, ``25/11/2026 9:30``,
    ``14:00`` (today) — returned as aware UTC.

    Raises:
        MomentError: The text is not a date and time.
    """
    zone = zone or local_zone()
    local_now = now.astimezone(zone)
    raw = " ".join(text.strip().split())
    if raw.lower() == "now":
        return now.astimezone(UTC).replace(microsecond=0)
    if not raw:
        raise MomentError("Type a date and time, e.g. today 14:00.")
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and _TIME.match(parts[1]):
        day = parse_day(parts[0], today=local_now.date())
        at = parse_time(parts[1])
    elif _TIME.match(raw):
        day, at = local_now.date(), parse_time(raw)
    else:
        day, at = parse_day(raw, today=local_now.date()), time(12, 0)
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def format_moment(moment: datetime, zone: tzinfo | None = None) -> str:
    """A moment as an officer would type it back: ``25/11/2026 14:05``."""
    return moment.astimezone(zone or local_zone()).strftime("%d/%m/%Y %H:%M")


def format_day(day: date | None) -> str:
    """A date as an officer would type it back."""
    return day.strftime("%d/%m/%Y") if day else ""
