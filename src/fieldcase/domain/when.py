"""Reading the dates and times officers type, and showing them back.

One grammar serves every date and time field. Officers type local times the
way they say them; case, commas and the words "at", "on", "of" and "the" do
not matter:

- a day: ``today``, ``tomorrow`` (``tmrw``), ``yesterday``, a weekday
  (``fri``), ``3 Dec``, ``3rd December 2026``, ``Dec 3``, ``3/12`` (UK order:
  day/month), ``03/12/2026``, ``3-12-26``, ``2026-12-03``, ``+2d``, ``-2d``,
  ``+1w`` or ``+7`` (days from today); a date may be led by its weekday
  (``Fri 4 Dec 2026``), which is checked;
- then a time: ``21:30``, ``9.30``, ``0930``, ``9``, ``2pm``, ``noon``; a time
  alone means today;
- or a moment on its own: ``now``, ``+2h``, ``-30min``.

A weekday, or a day and month without a year, could mean more than one date;
``prefer`` says which way it leans. Visits, reviews and due dates look ahead
(``prefer="future"``: ``fri`` is the coming Friday); incidents, contacts and
dates of birth look back (``prefer="past"``: ``fri`` is the last Friday, and
``3 Dec`` the most recent 3 December). Today counts either way, unless the
time typed has already passed (ahead) or is still to come (back).

Local time follows the zone's own rules, summer time included: ``2/4 10:00``
typed in November is 10:00 British Summer Time. A time the clocks skip in
spring is refused with the reason; a time they repeat in autumn is refused
until the officer says which, by the zone's name (``01:30 BST``, ``01:30 GMT``)
or by ``first`` or ``second``. Nothing is moved silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from fieldcase.domain.dates import local_zone, to_local
from fieldcase.domain.when_format import format_day as format_day
from fieldcase.domain.when_format import format_time as format_time
from fieldcase.domain.when_format import format_when as format_when
from fieldcase.domain.when_format import long_day, repeated_message, skipped_message

Prefer = Literal["past", "future"]
"""Which way a weekday, or a day and month without a year, leans."""

MAX_DAYS_AWAY = 3660
"""Offsets further than about ten years are a typing slip, not a plan."""

MIDDAY = time(12, 0)
"""The time a record of what happened gets when only its day is typed."""

FIRST_YEAR = 1900
"""The earliest year a typed date may have (dates of birth reach back this far)."""

LAST_YEAR = 2199
"""The latest year a typed date may have."""

_EXAMPLES: dict[Prefer, str] = {
    "future": "tomorrow 10:30, fri 14:00, 3 Dec 10:00, 03/12/2026 10:00, +2d 10:00",
    "past": "now, yesterday 21:30, fri 14:00, 3 Dec 21:30, 03/12/2026 21:30",
}
_DAY_EXAMPLES: dict[Prefer, str] = {
    "future": "today, fri, 3 Dec, 03/12/2026, +7",
    "past": "today, yesterday, fri, 3 Dec 2026, 03/12/2026, -3",
}


class WhenError(ValueError):
    """Typed text that is not a date or time fieldcase understands; the message says why."""


_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAYS_FROM_TODAY = {
    "today": 0,
    "tod": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmw": 1,
    "tom": 1,
    "yesterday": -1,
    "yday": -1,
    "yest": -1,
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FILLER = {"at", "on", "of", "the"}
_WHICH = {"first": 0, "second": 1}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})([/-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$")
_DAY_NUMBER = re.compile(r"^\d{1,2}$")
_YEAR = re.compile(r"^\d{4}$")
_DAY_OFFSET = re.compile(r"^([+-])(\d{1,5})([dw]?)$")
_MOMENT_OFFSET = re.compile(r"^([+-])(\d{1,6})(h|min)$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")
_ZONE_NAME = re.compile(r"^[a-z]{2,6}$")
_DURATIONS = (
    re.compile(r"^(?P<h>)(?P<m>\d{1,4})(?:m|min)?$"),
    re.compile(r"^(?P<h>\d{1,2})h(?:(?P<m>\d{1,2})(?:m|min)?)?$"),
    re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$"),
)


def parse_when(
    text: str,
    *,
    now: datetime,
    prefer: Prefer,
    zone: tzinfo | None = None,
    default_time: time | None = None,
) -> datetime:
    """The moment an officer means by ``text``, as an aware UTC datetime.

    Args:
        text: What was typed, e.g. ``"fri 14:00"`` or ``"3 Dec 2026 21:30"``.
        now: The current moment (aware); "today" is its local date.
        prefer: Which way a weekday or a year-less date leans: ``"future"`` for
            plans and due dates, ``"past"`` for things that have happened.
        zone: The local time zone; ``None`` is the officer's own (``local_zone``).
        default_time: The time of a day typed without one; ``None`` asks for a time.

    Raises:
        WhenError: The text is not a date and time in a known form, or names a
            local time the clocks skip or repeat (the message says what to type).
    """
    if now.tzinfo is None:
        raise WhenError("The current time must carry a time zone.")
    zone = local_zone() if zone is None else zone
    words = _words(text)
    examples = _EXAMPLES[prefer]
    if not words:
        raise WhenError(f"Type a date and time, e.g. {examples}.")
    moment = _moment(words, now)
    if moment is not None:
        return moment
    size, spec = _match_day(words)
    clock, which = _time_after_day(words, size, spec, examples)
    local_now = to_local(now, zone)
    # A weekday with a time leans past today once that time has gone (ahead) or
    # has not yet come (back); without a typed time, today counts.
    at = None if clock is None else (clock, local_now.time())
    if clock is None:
        if default_time is None:
            typed = " ".join(text.split())
            raise WhenError(f"Add a time to '{typed}', e.g. '{typed} 10:30'.")
        clock = default_time
    day = (
        local_now.date()
        if spec is None
        else spec.resolve(today=local_now.date(), prefer=prefer, at=at)
    )
    return _from_local(datetime.combine(day, clock), zone, which)


def _moment(words: list[str], now: datetime) -> datetime | None:
    """The moment typed as ``now`` or an offset from it (``+2h``); ``None`` for anything else."""
    current = now.astimezone(UTC).replace(microsecond=0)
    if words == ["now"]:
        return current
    match = _MOMENT_OFFSET.match(words[0]) if len(words) == 1 else None
    if not match:
        return None
    amount = int(match.group(2))
    step = timedelta(hours=amount) if match.group(3) == "h" else timedelta(minutes=amount)
    if step > timedelta(days=MAX_DAYS_AWAY):
        raise WhenError(f"'{words[0]}' is too far {'ahead' if match.group(1) == '+' else 'back'}.")
    return current + (step if match.group(1) == "+" else -step)


def _time_after_day(
    words: list[str], size: int, spec: _Day | None, examples: str
) -> tuple[time | None, str | None]:
    """The time typed after the day's ``size`` words, and which of a repeated time is meant.

    Raises:
        WhenError: What follows the day is not a time.
    """
    rest = words[size:]
    if rest and _is_time(rest[0]) and (len(rest) == 1 or _is_which(rest[1:])):
        return _clock(rest[0]), rest[1] if len(rest) == 2 else None
    if rest:
        if spec is None and len(rest) == 2 and _is_time(rest[1]):
            raise WhenError(f"'{rest[0]}' is not a day I know. Try {examples}.")
        raise WhenError(f"'{' '.join(words)}' is not a date and time I know. Try {examples}.")
    return None, None


def parse_day(text: str, *, today: date, prefer: Prefer) -> date:
    """The date an officer means by ``text``: ``3 Dec``, ``03/12/2026``, ``fri``, ``-3``.

    Args:
        text: What was typed.
        today: The officer's local date, for ``today``, ``+7`` and the lean.
        prefer: Which way a weekday or a year-less date leans (see ``parse_when``).

    Raises:
        WhenError: The text is not a date in a known form.
    """
    words = _words(text)
    examples = _DAY_EXAMPLES[prefer]
    if not words:
        raise WhenError(f"Type a date, e.g. {examples}.")
    size, spec = _match_day(words)
    if spec is None or size != len(words):
        raise WhenError(f"'{text.strip()}' is not a date I know. Try {examples}.")
    return spec.resolve(today=today, prefer=prefer, at=None)


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


@dataclass(frozen=True)
class _Day:
    """A day as typed, before today and the lean make it a date."""

    typed: str
    offset: int | None = None
    weekday: int | None = None
    day: int = 0
    month: int = 0
    year: int | None = None
    short_year: bool = False
    stated_weekday: int | None = None

    def resolve(self, *, today: date, prefer: Prefer, at: tuple[time, time] | None) -> date:
        """The date meant, ``at`` being the time typed and the time now (for weekdays)."""
        if self.offset is not None:
            return today + timedelta(days=self.offset)
        if self.weekday is not None:
            return _nearest_weekday(self.weekday, today=today, prefer=prefer, at=at)
        found = self._calendar_date(today, prefer)
        if self.stated_weekday is not None and found.weekday() != self.stated_weekday:
            stated = _DAY_NAMES[self.stated_weekday]
            raise WhenError(f"{found.day} {found:%b %Y} is a {found:%A}, not a {stated}.")
        return found

    def _calendar_date(self, today: date, prefer: Prefer) -> date:
        if not 1 <= self.month <= 12:
            raise WhenError(
                f"'{self.typed}' is not a date: there is no month {self.month} "
                "(dates are day/month)."
            )
        if self.year is not None:
            year = self.year
            if self.short_year:
                year += 2000
                if prefer == "past" and year > today.year:
                    year -= 100
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise WhenError(
                    f"'{self.typed}': the year should be between {FIRST_YEAR} and {LAST_YEAR}."
                )
            return self._on(year, named_year=True)
        step = 1 if prefer == "future" else -1
        year = today.year
        for _ in range(9):  # 29 February comes round within eight years
            try:
                found = self._on(year, named_year=False)
            except WhenError:
                if (self.month, self.day) != (2, 29):
                    raise
            else:
                if (found >= today) if step == 1 else (found <= today):
                    return found
            year += step
        raise WhenError(f"'{self.typed}' is not a date I can place.")

    def _on(self, year: int, *, named_year: bool) -> date:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            month = f"{date(2000, self.month, 1):%B}" + (f" {year}" if named_year else "")
            raise WhenError(
                f"'{self.typed}' is not a date: {month} has no day {self.day}."
            ) from None


def _words(text: str) -> list[str]:
    flat = text.strip().lower().replace(",", " ")
    flat = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(\d)", r"\1 \2", flat)
    flat = re.sub(r"\b(\d{1,2}(?:[:.]\d{2})?)\s+(am|pm)\b", r"\1\2", flat)
    flat = re.sub(r"\b(\d{1,2})-([a-z]{3,9})\b-?", r"\1 \2 ", flat)
    flat = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", flat)
    return [w for w in flat.split() if w not in _FILLER]


def _match_day(words: list[str]) -> tuple[int, _Day | None]:
    """How many leading words name a day, and that day (``0, None`` if none do)."""
    if len(words) > 1 and words[0] in _WEEKDAYS:
        size, spec = _match_calendar_date(words[1:])
        if spec is not None:
            return size + 1, _with_weekday(spec, _WEEKDAYS[words[0]], words[: size + 1])
    size, spec = _match_calendar_date(words)
    if spec is not None:
        return size, spec
    if not words:
        return 0, None
    word = words[0]
    if word in _DAYS_FROM_TODAY:
        return 1, _Day(word, offset=_DAYS_FROM_TODAY[word])
    if word in _WEEKDAYS:
        return 1, _Day(word, weekday=_WEEKDAYS[word])
    offset = _DAY_OFFSET.match(word)
    if offset:
        days = int(offset.group(2)) * (7 if offset.group(3) == "w" else 1)
        if days > MAX_DAYS_AWAY:
            raise WhenError(f"'{word}' is too far {'ahead' if offset.group(1) == '+' else 'back'}.")
        return 1, _Day(word, offset=days if offset.group(1) == "+" else -days)
    return 0, None


def _match_calendar_date(words: list[str]) -> tuple[int, _Day | None]:
    if not words:
        return 0, None
    first = words[0]
    iso = _ISO_DATE.match(first)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return 1, _Day(first, day=day, month=month, year=year)
    uk = _UK_DATE.match(first)
    if uk:
        year_text = uk.group(4)
        return 1, _Day(
            first,
            day=int(uk.group(1)),
            month=int(uk.group(3)),
            year=int(year_text) if year_text else None,
            short_year=year_text is not None and len(year_text) == 2,
        )
    if len(words) >= 2:
        if _DAY_NUMBER.match(first) and words[1] in _MONTHS:
            day_word, month_word = first, words[1]
        elif first in _MONTHS and _DAY_NUMBER.match(words[1]):
            day_word, month_word = words[1], first
        else:
            return 0, None
        has_year = len(words) >= 3 and _YEAR.match(words[2]) is not None
        size = 3 if has_year else 2
        return size, _Day(
            " ".join(words[:size]),
            day=int(day_word),
            month=_MONTHS[month_word],
            year=int(words[2]) if has_year else None,
        )
    return 0, None


def _with_weekday(spec: _Day, weekday: int, words: list[str]) -> _Day:
    return _Day(
        " ".join(words),
        day=spec.day,
        month=spec.month,
        year=spec.year,
        short_year=spec.short_year,
        stated_weekday=weekday,
    )


def _nearest_weekday(
    weekday: int, *, today: date, prefer: Prefer, at: tuple[time, time] | None
) -> date:
    if prefer == "future":
        ahead = (weekday - today.weekday()) % 7
        if ahead == 0 and at is not None and at[0] <= at[1]:
            ahead = 7
        return today + timedelta(days=ahead)
    back = (today.weekday() - weekday) % 7
    if back == 0 and at is not None and at[0] > at[1]:
        back = 7
    return today - timedelta(days=back)


def _is_time(word: str) -> bool:
    return word in ("noon", "midday", "midnight") or bool(
        _TIME.match(word) or _TIME_COMPACT.match(word)
    )


def _is_which(words: list[str]) -> bool:
    return len(words) == 1 and (words[0] in _WHICH or bool(_ZONE_NAME.match(words[0])))


def _clock(word: str) -> time:
    if word in ("noon", "midday"):
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    match = _TIME.match(word)
    if match:
        hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    else:
        compact = _TIME_COMPACT.match(word)
        assert compact is not None
        hour, minute, suffix = int(compact.group(1)), int(compact.group(2)), None
    if suffix:
        if not 1 <= hour <= 12:
            raise WhenError(f"'{word}': with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"'{word}' is not a time of day (00:00 to 23:59).")
    return time(hour, minute)


def _from_local(wall: datetime, zone: tzinfo, which: str | None) -> datetime:
    """The UTC moment of a local wall-clock time, refusing one the clocks skip or repeat.

    ``fold=0`` and ``fold=1`` (PEP 495) give the two offsets a wall time may have;
    a reading is real only if it survives the round trip through UTC.
    """
    try:
        readings = [wall.replace(tzinfo=zone, fold=fold) for fold in (0, 1)]
        instants = sorted({r.astimezone(UTC) for r in readings if _round_trips(r, wall, zone)})
    except (OverflowError, OSError, ValueError):
        raise WhenError("That date is out of range.") from None
    if not instants:
        raise WhenError(skipped_message(wall, zone, readings))
    if len(instants) == 1:
        found = instants[0]
        name = to_local(found, zone).tzname()
        if which is not None and which not in _WHICH and which != (name or "").lower():
            raise WhenError(
                f"{wall:%H:%M} on {long_day(wall.date())} is {name}, not {which.upper()}."
            )
        return found
    names = [to_local(i, zone).tzname() or "" for i in instants]
    choices = [n.lower() for n in names]
    if which in _WHICH:
        return instants[_WHICH[which]]
    if which in choices and len(set(choices)) == 2:
        return instants[choices.index(which)]
    raise WhenError(repeated_message(wall, zone, instants, _choice_labels(names)))


def _round_trips(reading: datetime, wall: datetime, zone: tzinfo) -> bool:
    return reading.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _choice_labels(names: list[str]) -> list[str]:
    """What to type to pick each reading of a repeated time: its zone name, where that tells."""
    usable = len({n.lower() for n in names}) == 2 and all(
        _ZONE_NAME.match(n.lower()) for n in names
    )
    return names if usable else ["first", "second"]
