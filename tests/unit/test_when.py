"""Reading the local date-times officers type."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.when import (
    WhenError,
    format_when,
    parse_duration,
    parse_when,
)

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 08:40 in London (GMT, so also 08:40 UTC).
NOW = datetime(2026, 11, 25, 8, 40, tzinfo=UTC)


def local_result(text: str, now: datetime = NOW, zone: tzinfo = LONDON) -> str:
    return parse_when(text, now=now, zone=zone).astimezone(zone).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tomorrow 10:30", "2026-11-26 10:30"),
        ("Tomorrow 10.30", "2026-11-26 10:30"),
        ("tmrw 9", "2026-11-26 09:00"),
        ("today 9", "2026-11-25 09:00"),
        ("today 14", "2026-11-25 14:00"),
        ("today 2pm", "2026-11-25 14:00"),
        ("today 2:15 pm", "2026-11-25 14:15"),
        ("today 12am", "2026-11-25 00:00"),
        ("today noon", "2026-11-25 12:00"),
        ("16:45", "2026-11-25 16:45"),
        ("fri 14:00", "2026-11-27 14:00"),
        ("Friday at 14:00", "2026-11-27 14:00"),
        ("mon 9:30", "2026-11-30 09:30"),
        ("wed 10:00", "2026-11-25 10:00"),
        ("wed 8:00", "2026-12-02 08:00"),
        ("2026-12-03 10:00", "2026-12-03 10:00"),
        ("2026-12-03T10:00", "2026-12-03 10:00"),
        ("3/12 10:00", "2026-12-03 10:00"),
        ("3/12/2026 10:00", "2026-12-03 10:00"),
        ("3/12/27 10:00", "2027-12-03 10:00"),
        ("1/2 9", "2027-02-01 09:00"),
        ("25/11 11:00", "2026-11-25 11:00"),
        ("+2d 10:00", "2026-11-27 10:00"),
        ("+1w 10:00", "2026-12-02 10:00"),
        ("  fri ,  14:00 ", "2026-11-27 14:00"),
    ],
)
def test_understands_the_forms_officers_type(typed: str, meant: str) -> None:
    """Each quick form means the local date-time an officer would expect."""
    assert local_result(typed) == meant


def test_result_is_aware_utc() -> None:
    """The parsed moment is stored as aware UTC."""
    result = parse_when("tomorrow 10:30", now=NOW, zone=LONDON)
    assert result.tzinfo is UTC


def test_summer_time_dates_are_converted_with_summer_offset() -> None:
    """A date in British Summer Time is one hour ahead of UTC, even when typed in winter."""
    result = parse_when("2/4 10:00", now=NOW, zone=LONDON)
    assert result == datetime(2027, 4, 2, 9, 0, tzinfo=UTC)


def test_time_skipped_by_the_clocks_going_forward_is_refused() -> None:
    """01:30 on the last Sunday of March does not exist in London."""
    with pytest.raises(WhenError, match="clocks go forward"):
        parse_when("2027-03-28 01:30", now=NOW, zone=LONDON)


def test_relative_hours_count_from_now() -> None:
    """``+2h`` is two hours from the current moment."""
    assert parse_when("+2h", now=NOW, zone=LONDON) == datetime(2026, 11, 25, 10, 40, tzinfo=UTC)
    assert parse_when("now", now=NOW, zone=LONDON) == NOW


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a date and time"),
        ("tomorrow", "Add a time"),
        ("3/12", "Add a time"),
        ("soon 10:00", "not a day I know"),
        ("today 25:00", "not a time of day"),
        ("today 10:75", "not a time of day"),
        ("today 13pm", "hour is 1 to 12"),
        ("31/2 10:00", "no day 31"),
        ("3/13 10:00", "no month 13"),
        ("2026-02-30 10:00", "no day 30"),
        ("1899-01-01 10:00", "year should be"),
        ("+99999d 10:00", "too far ahead"),
        ("next fri 10:00", "not a date and time I know"),
    ],
)
def test_unclear_text_gets_a_clear_message(typed: str, message: str) -> None:
    """Text that is not a date-time is refused with a message saying why."""
    with pytest.raises(WhenError, match=message):
        parse_when(typed, now=NOW, zone=LONDON)


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=30))
def test_any_text_either_parses_or_raises_when_error(text: str) -> None:
    """Whatever is typed, the parser answers with a moment or its own error."""
    try:
        result = parse_when(text, now=NOW, zone=LONDON)
    except WhenError:
        return
    assert result.tzinfo is UTC


_PIECES = st.sampled_from(
    [
        "today",
        "tomorrow",
        "fri",
        "sun",
        "+3d",
        "+0w",
        "+2h",
        "29/2",
        "31/12",
        "2026-12-03",
        "0",
        "23:59",
        "24",
        "12pm",
        "0am",
        "9.30",
        "1030",
        "noon",
        "at",
        "now",
        "/",
        ":",
        "-",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(_PIECES, max_size=4),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2190, 1, 1), timezones=st.just(UTC)
    ),
)
def test_plausible_word_mixes_never_raise_anything_else(words: list[str], now: datetime) -> None:
    """Mixtures of real pieces at any moment give a moment or a WhenError."""
    try:
        result = parse_when(" ".join(words), now=now, zone=LONDON)
    except WhenError:
        return
    assert result.tzinfo is UTC


def test_system_zone_is_used_when_none_given() -> None:
    """Without a zone the computer's own time zone rules apply."""
    result = parse_when("tomorrow 10:30", now=NOW)
    assert result.tzinfo is UTC
    assert result.astimezone().strftime("%H:%M") == "10:30"


def test_format_when_shows_local_weekday_date_and_time() -> None:
    """Times are shown back like 'Fri 27 Nov 2026 14:00'."""
    moment = parse_when("fri 14:00", now=NOW, zone=LONDON)
    assert format_when(moment, LONDON) == "Fri 27 Nov 2026 14:00"


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45 min", 45),
        ("1h", 60),
        ("1h30", 90),
        ("1:30", 90),
        ("2 hours", 120),
        ("90 minutes", 90),
    ],
)
def test_durations(typed: str, minutes: int) -> None:
    """Expected durations can be typed as minutes or hours and minutes."""
    assert parse_duration(typed) == minutes


def test_bad_duration_is_refused() -> None:
    """A duration that is not a length of time gets a clear message."""
    with pytest.raises(WhenError, match="length of time"):
        parse_duration("a while")
