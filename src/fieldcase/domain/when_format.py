"""Showing moments back to officers in local time, and explaining the clock changes.

The formatters write what the grammar in ``fieldcase.domain.when`` reads back;
import them from there. The messages say why a typed local time the clocks
skip or repeat was refused, and what to type instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from fieldcase.domain.dates import to_local


def format_when(moment: datetime, zone: tzinfo | None = None) -> str:
    """Like ``Fri 4 Dec 2026 10:30``, in local time; the grammar reads it back.

    In the hour the clocks go back, which happens twice, the zone's name follows
    (``Sun 25 Oct 2026 01:30 GMT``).
    """
    shown = to_local(moment, zone)
    text = f"{long_day(shown.date())} {shown:%H:%M}"
    if _repeated(shown):
        text += f" {shown.tzname()}"
    return text


def format_day(day: date | None) -> str:
    """A date as an officer types it, ``03/12/2026``; blank for no date."""
    return f"{day:%d/%m/%Y}" if day else ""


def format_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """Like ``10:30``, in local time."""
    return f"{to_local(moment, zone):%H:%M}"


def long_day(day: date) -> str:
    """Like ``Fri 4 Dec 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def skipped_message(wall: datetime, zone: tzinfo, readings: list[datetime]) -> str:
    """Why a wall time the clocks skip in spring does not exist, and what to type instead.

    ``readings`` are the wall time on each of its two possible offsets.
    """
    offsets = sorted(r.utcoffset() or timedelta(0) for r in readings)
    before, after = offsets
    start = _change_at(wall - after, before, after - before, zone)
    end = start + (after - before)
    return (
        f"{wall:%H:%M} on {long_day(wall.date())} does not exist: the clocks go forward "
        f"{_span(after - before)} at {start:%H:%M}. "
        f"Type a time before {start:%H:%M} or from {end:%H:%M}."
    )


def repeated_message(
    wall: datetime, zone: tzinfo, instants: list[datetime], labels: list[str]
) -> str:
    """Why a wall time the clocks repeat in autumn needs choosing, and how to choose.

    ``instants`` are its two moments in order; ``labels`` what to type after the
    time for each.
    """
    first, second = (to_local(i, zone).utcoffset() or timedelta(0) for i in instants)
    start = _change_at(wall - first, first, first - second, zone)
    typed = f"{wall.day} {wall:%b %Y %H:%M}"
    return (
        f"{wall:%H:%M} on {long_day(wall.date())} happens twice: the clocks go back "
        f"{_span(first - second)} at {start:%H:%M}. Type '{typed} {labels[0]}' for the first "
        f"(before the clocks go back) or '{typed} {labels[1]}' for the second."
    )


def _change_at(base: datetime, old: timedelta, span: timedelta, zone: tzinfo) -> datetime:
    """The wall time, on the ``old`` offset, when the clocks change within ``span`` of ``base``.

    ``base`` is a naive UTC time still on the ``old`` offset; ``span`` later the
    offset has changed.
    """
    start = base.replace(tzinfo=UTC)
    low, high = 0, int(span.total_seconds())
    while high - low > 1:
        middle = (low + high) // 2
        if to_local(start + timedelta(seconds=middle), zone).utcoffset() == old:
            low = middle
        else:
            high = middle
    return (start + timedelta(seconds=high) + old).replace(tzinfo=None)


def _span(step: timedelta) -> str:
    """A clock change's size in words, like ``an hour``."""
    minutes = int(step.total_seconds()) // 60
    if minutes == 60:
        return "an hour"
    if minutes == 30:
        return "half an hour"
    if minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


def _repeated(shown: datetime) -> bool:
    """Whether a local time is one the clocks show twice (the autumn change)."""
    return shown.replace(fold=1 - shown.fold).utcoffset() != shown.utcoffset()
