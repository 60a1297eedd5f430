"""Reading the local dates and times officers type, and showing them back."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.dates import local_zone
from fieldcase.domain.when import (
    MIDDAY,
    Prefer,
    WhenError,
    format_day,
    format_time,
    format_when,
    parse_day,
    parse_duration,
    parse_when,
)

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 08:40 in London (GMT, so also 08:40 UTC).
NOW = datetime(2026, 11, 25, 8, 40, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def local_result(
    text: str, prefer: Prefer, now: datetime = NOW, zone: tzinfo | None = LONDON
) -> str:
    moment = parse_when(text, now=now, prefer=prefer, zone=zone)
    return moment.astimezone(zone or local_zone()).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tomorrow 10:30", "2026-11-26 10:30"),
        ("Tomorrow 10.30", "2026-11-26 10:30"),
        ("tmrw 9", "2026-11-26 09:00"),
        ("today 9", "2026-11-25 09:00"),
        ("today 14", "2026-11-25 14:00"),
        ("today 1030", "2026-11-25 10:30"),
        ("today 2pm", "2026-11-25 14:00"),
        ("today 2:15 pm", "2026-11-25 14:15"),
        ("today 12am", "2026-11-25 00:00"),
        ("today noon", "2026-11-25 12:00"),
        ("16:45", "2026-11-25 16:45"),
        ("fri 14:00", "2026-11-27 14:00"),
        ("Friday at 14:00", "2026-11-27 14:00"),
        ("on fri at 2pm", "2026-11-27 14:00"),
        ("mon 9:30", "2026-11-30 09:30"),
        ("wed 10:00", "2026-11-25 10:00"),  # later today
        ("wed 8:00", "2026-12-02 08:00"),  # gone today: next week
        ("2026-12-03 10:00", "2026-12-03 10:00"),
        ("2026-12-03T10:00", "2026-12-03 10:00"),
        ("3/12 10:00", "2026-12-03 10:00"),
        ("3/12/2026 10:00", "2026-12-03 10:00"),
        ("03-12-2026 10:00", "2026-12-03 10:00"),
        ("3/12/27 10:00", "2027-12-03 10:00"),
        ("1/2 9", "2027-02-01 09:00"),
        ("25/11 11:00", "2026-11-25 11:00"),
        ("3 Dec 10:00", "2026-12-03 10:00"),
        ("3rd December 10:00", "2026-12-03 10:00"),
        ("the 3rd of December at 10am", "2026-12-03 10:00"),
        ("Dec 3 10:00", "2026-12-03 10:00"),
        ("1 Feb 9", "2027-02-01 09:00"),
        ("3 December 2027 10:00", "2027-12-03 10:00"),
        ("3-Dec-2026 10:00", "2026-12-03 10:00"),
        ("Fri 4 Dec 2026 10:30", "2026-12-04 10:30"),
        ("fri 4/12 10:30", "2026-12-04 10:30"),
        ("29/2 10:00", "2028-02-29 10:00"),
        ("+2d 10:00", "2026-11-27 10:00"),
        ("+1w 10:00", "2026-12-02 10:00"),
        ("-2d 10:00", "2026-11-23 10:00"),
        ("yesterday 21:30", "2026-11-24 21:30"),
        ("  fri ,  14:00 ", "2026-11-27 14:00"),
    ],
)
def test_looking_ahead_reads_the_forms_officers_type(typed: str, meant: str) -> None:
    """For plans and due dates, a weekday or year-less date is the next one."""
    assert local_result(typed, "future") == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("yesterday 21:30", "2026-11-24 21:30"),
        ("Yesterday at 9.30pm", "2026-11-24 21:30"),
        ("today 07:15", "2026-11-25 07:15"),
        ("fri 14:00", "2026-11-20 14:00"),
        ("friday 21:30", "2026-11-20 21:30"),
        ("wed 8:00", "2026-11-25 08:00"),  # earlier today
        ("wed 10:00", "2026-11-18 10:00"),  # not yet today: last week
        ("mon 9", "2026-11-23 09:00"),
        ("3 Dec 10:00", "2025-12-03 10:00"),
        ("Dec 3 10:00", "2025-12-03 10:00"),
        ("3/12 21:30", "2025-12-03 21:30"),
        ("20/11 21:30", "2026-11-20 21:30"),
        ("25/11 11:00", "2026-11-25 11:00"),  # today's date counts either way
        ("03/12/2026 21:30", "2026-12-03 21:30"),  # a full date is taken as typed
        ("3 December 2026 21:30", "2026-12-03 21:30"),
        ("20/11/26 21:30", "2026-11-20 21:30"),
        ("29/2 10:00", "2024-02-29 10:00"),
        ("-2d 10:00", "2026-11-23 10:00"),
        ("-1w 9", "2026-11-18 09:00"),
        ("-3 14:00", "2026-11-22 14:00"),
        ("tomorrow 10:00", "2026-11-26 10:00"),  # said outright, so not leaned
    ],
)
def test_looking_back_reads_the_forms_officers_type(typed: str, meant: str) -> None:
    """For incidents and contacts, a weekday or year-less date is the last one."""
    assert local_result(typed, "past") == meant


@pytest.mark.parametrize(
    ("typed", "prefer", "meant"),
    [
        ("today", "past", date(2026, 11, 25)),
        ("Today", "future", date(2026, 11, 25)),
        ("yesterday", "past", date(2026, 11, 24)),
        ("tomorrow", "future", date(2026, 11, 26)),
        ("+7", "future", date(2026, 12, 2)),
        ("-3", "past", date(2026, 11, 22)),
        ("+2w", "future", date(2026, 12, 9)),
        ("fri", "future", date(2026, 11, 27)),
        ("fri", "past", date(2026, 11, 20)),
        ("wed", "future", date(2026, 11, 25)),  # today is a Wednesday
        ("wed", "past", date(2026, 11, 25)),
        ("3 Dec", "future", date(2026, 12, 3)),
        ("3 Dec", "past", date(2025, 12, 3)),
        ("3/12", "past", date(2025, 12, 3)),
        ("3 December 2026", "past", date(2026, 12, 3)),
        ("25/11/2026", "past", date(2026, 11, 25)),
        ("2026-11-25", "future", date(2026, 11, 25)),
        ("25-11-2026", "future", date(2026, 11, 25)),
        ("14 Jul 1961", "past", date(1961, 7, 14)),
        ("14/07/61", "past", date(1961, 7, 14)),  # a date of birth
        ("14/07/27", "future", date(2027, 7, 14)),
        ("Thu 3 Dec 2026", "past", date(2026, 12, 3)),
        ("29 Feb", "past", date(2024, 2, 29)),
        ("29 Feb", "future", date(2028, 2, 29)),
    ],
)
def test_day_only_fields(typed: str, prefer: Prefer, meant: date) -> None:
    """Dates of birth, due dates and ABC dates read the same day forms."""
    assert parse_day(typed, today=TODAY, prefer=prefer) == meant


def test_result_is_aware_utc() -> None:
    """The parsed moment is stored as aware UTC."""
    result = parse_when("tomorrow 10:30", now=NOW, prefer="future", zone=LONDON)
    assert result.tzinfo is UTC


def test_summer_time_dates_are_converted_with_summer_offset() -> None:
    """A date in British Summer Time is one hour ahead of UTC, even when typed in winter."""
    result = parse_when("2/4 10:00", now=NOW, prefer="future", zone=LONDON)
    assert result == datetime(2027, 4, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("prefer", ["past", "future"])
def test_relative_moments_count_from_now(prefer: Prefer) -> None:
    """``now``, ``+2h`` and ``-30min`` count from the current moment, whichever the lean."""
    assert parse_when("now", now=NOW, prefer=prefer, zone=LONDON) == NOW
    assert parse_when("+2h", now=NOW, prefer=prefer, zone=LONDON) == NOW + timedelta(hours=2)
    assert parse_when("-30min", now=NOW, prefer=prefer) == NOW - timedelta(minutes=30)


def test_now_is_to_the_second() -> None:
    """A typed ``now`` keeps no fraction of a second."""
    assert parse_when("now", now=NOW + timedelta(microseconds=7), prefer="past") == NOW


def test_a_day_without_a_time_can_take_a_default() -> None:
    """Where the time may be unknown, a day alone gets the caller's default time."""
    result = parse_when("3 Dec", now=NOW, prefer="past", zone=LONDON, default_time=MIDDAY)
    assert result == datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
    assert parse_when("fri", now=NOW, prefer="past", default_time=MIDDAY).day == 20


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a date and time"),
        ("tomorrow", "Add a time to 'tomorrow', e.g. 'tomorrow 10:30'"),
        ("3/12", "Add a time"),
        ("3 December 2026", "Add a time to '3 December 2026'"),
        ("soon 10:00", "'soon' is not a day I know"),
        ("today 25:00", "not a time of day"),
        ("today 10:75", "not a time of day"),
        ("today 13pm", "hour is 1 to 12"),
        ("31/2 10:00", "'31/2' is not a date: February has no day 31"),
        ("31/02/2026 10:00", "'31/02/2026' is not a date: February 2026 has no day 31"),
        ("29/2/2027 10:00", "February 2027 has no day 29"),
        ("31 Apr 10:00", "April has no day 31"),
        ("3/13 10:00", "no month 13"),
        ("2026-02-30 10:00", "no day 30"),
        ("1899-01-01 10:00", "year should be between 1900 and 2199"),
        ("+99999d 10:00", "too far ahead"),
        ("-99999d 10:00", "too far back"),
        ("+999999h", "too far ahead"),
        ("next fri 10:00", "not a date and time I know"),
        ("fri 10:00 11:00", "not a date and time I know"),
        ("Tue 3 Dec 2026 10:00", "3 Dec 2026 is a Thursday, not a Tuesday"),
        ("1 Jul 2026 10:00 GMT", "10:00 on Wed 1 Jul 2026 is BST, not GMT"),
    ],
)
def test_unclear_text_gets_a_clear_message(typed: str, message: str) -> None:
    """Text that is not a date-time is refused with a message saying why."""
    with pytest.raises(WhenError, match=message):
        parse_when(typed, now=NOW, prefer="future", zone=LONDON)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a date, e.g. today, yesterday"),
        ("someday", "'someday' is not a date I know"),
        ("3 Dec 10:00", "'3 Dec 10:00' is not a date I know"),
        ("now", "'now' is not a date I know"),
        ("32/1/2026", "January 2026 has no day 32"),
        ("3/12/1850", "year should be"),
    ],
)
def test_unclear_day_gets_a_clear_message(typed: str, message: str) -> None:
    """A day field refuses times and nonsense, saying why."""
    with pytest.raises(WhenError, match=message):
        parse_day(typed, today=TODAY, prefer="past")


def test_every_when_error_is_a_value_error() -> None:
    """Callers that catch ValueError keep working."""
    assert issubclass(WhenError, ValueError)


class TestClocksGoingForward:
    """The hour skipped on the last Sunday of March does not exist in London."""

    MESSAGE = (
        "01:30 on Sun 29 Mar 2026 does not exist: the clocks go forward an hour at 01:00. "
        "Type a time before 01:00 or from 02:00."
    )

    @pytest.mark.parametrize("zone", [LONDON, None], ids=["zoneinfo", "system"])
    @pytest.mark.parametrize(
        "typed", ["29 Mar 2026 01:30", "29/3/2026 1:30am", "2026-03-29 01:30", "sun 01:30"]
    )
    def test_a_skipped_time_is_refused_with_the_reason(
        self, typed: str, zone: tzinfo | None
    ) -> None:
        """Typing 01:30 that night is refused, never moved to 02:30."""
        now = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)  # a Friday
        with pytest.raises(WhenError) as caught:
            parse_when(typed, now=now, prefer="future", zone=zone)
        assert str(caught.value) == self.MESSAGE

    def test_a_zone_name_does_not_make_it_exist(self) -> None:
        """Naming a zone does not rescue a time that never happened."""
        with pytest.raises(WhenError, match="does not exist"):
            parse_when("29 Mar 2026 01:30 BST", now=NOW, prefer="past", zone=LONDON)

    @pytest.mark.parametrize(
        ("typed", "utc"),
        [
            ("29 Mar 2026 00:59", datetime(2026, 3, 29, 0, 59)),
            ("29 Mar 2026 02:00", datetime(2026, 3, 29, 1, 0)),
            ("29 Mar 2026 03:00", datetime(2026, 3, 29, 2, 0)),
        ],
    )
    def test_times_either_side_are_read(self, typed: str, utc: datetime) -> None:
        """Either side of the gap, times read normally (GMT before, BST after)."""
        assert parse_when(typed, now=NOW, prefer="past", zone=LONDON) == utc.replace(tzinfo=UTC)


class TestClocksGoingBack:
    """The hour repeated on the last Sunday of October happens twice in London."""

    FIRST = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    SECOND = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT
    MESSAGE = (
        "01:30 on Sun 25 Oct 2026 happens twice: the clocks go back an hour at 02:00. "
        "Type '25 Oct 2026 01:30 BST' for the first (before the clocks go back) "
        "or '25 Oct 2026 01:30 GMT' for the second."
    )

    @pytest.mark.parametrize("zone", [LONDON, None], ids=["zoneinfo", "system"])
    @pytest.mark.parametrize("typed", ["25 Oct 2026 01:30", "25/10/2026 1.30", "sun 01:30"])
    def test_a_repeated_time_is_refused_until_the_officer_says_which(
        self, typed: str, zone: tzinfo | None
    ) -> None:
        """The message says exactly what to type for each of the two 01:30s."""
        now = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # the Monday after
        with pytest.raises(WhenError) as caught:
            parse_when(typed, now=now, prefer="past", zone=zone)
        assert str(caught.value) == self.MESSAGE

    @pytest.mark.parametrize("zone", [LONDON, None], ids=["zoneinfo", "system"])
    @pytest.mark.parametrize(
        ("typed", "which"),
        [
            ("25 Oct 2026 01:30 BST", "FIRST"),
            ("25 Oct 2026 01:30 bst", "FIRST"),
            ("25 Oct 2026 01:30 first", "FIRST"),
            ("25 Oct 2026 01:30 GMT", "SECOND"),
            ("25/10/2026 1:30am GMT", "SECOND"),
            ("25 Oct 2026 01:30 second", "SECOND"),
            ("Sun 25 Oct 2026 01:30 GMT", "SECOND"),
        ],
    )
    def test_the_answer_picks_one(self, typed: str, which: str, zone: tzinfo | None) -> None:
        """Typing the zone's name, or first or second, chooses between the two."""
        expected = getattr(self, which)
        assert parse_when(typed, now=NOW, prefer="past", zone=zone) == expected

    def test_a_wrong_answer_is_refused(self) -> None:
        """A name that is neither of the two readings asks again."""
        with pytest.raises(WhenError, match="happens twice"):
            parse_when("25 Oct 2026 01:30 CET", now=NOW, prefer="past", zone=LONDON)

    @pytest.mark.parametrize(
        ("moment", "shown"),
        [
            (FIRST, "Sun 25 Oct 2026 01:30 BST"),
            (SECOND, "Sun 25 Oct 2026 01:30 GMT"),
            (datetime(2026, 10, 25, 2, 30, tzinfo=UTC), "Sun 25 Oct 2026 02:30"),
        ],
    )
    def test_shown_with_the_zone_only_when_repeated(self, moment: datetime, shown: str) -> None:
        """The two 01:30s are told apart on screen, and only they carry a zone's name."""
        assert format_when(moment, LONDON) == shown
        assert format_when(moment) == shown


@pytest.mark.parametrize(
    ("moment", "when", "clock"),
    [
        (datetime(2026, 11, 27, 14, 0, tzinfo=UTC), "Fri 27 Nov 2026 14:00", "14:00"),
        (datetime(2026, 7, 1, 13, 0, tzinfo=UTC), "Wed 1 Jul 2026 14:00", "14:00"),
        (datetime(2026, 12, 3, 9, 5, tzinfo=UTC), "Thu 3 Dec 2026 09:05", "09:05"),
    ],
)
def test_formatters_show_local_time(moment: datetime, when: str, clock: str) -> None:
    """Moments are shown like 'Fri 27 Nov 2026 14:00' in local time, summer time included."""
    assert format_when(moment, LONDON) == when
    assert format_when(moment) == when
    assert format_time(moment, LONDON) == clock


@pytest.mark.parametrize(
    ("day", "shown"), [(date(2026, 12, 3), "03/12/2026"), (date(1961, 7, 14), "14/07/1961")]
)
def test_format_day_is_what_an_officer_types(day: date, shown: str) -> None:
    """A date is shown back as dd/mm/yyyy, which the day parser reads again."""
    assert format_day(day) == shown
    assert parse_day(shown, today=TODAY, prefer="past") == day


def test_format_day_of_nothing_is_blank() -> None:
    """No date shows as an empty field."""
    assert format_day(None) == ""


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2150, 1, 1), timezones=st.just(UTC)
    ),
    prefer=st.sampled_from(["past", "future"]),
)
def test_what_is_shown_reads_back_as_the_same_minute(moment: datetime, prefer: Prefer) -> None:
    """An edit form filled with ``format_when`` saves the same moment, to the minute."""
    minute = moment.replace(second=0, microsecond=0)
    shown = format_when(minute, LONDON)
    assert parse_when(shown, now=NOW, prefer=prefer, zone=LONDON) == minute


def test_repeated_hour_reads_back_from_what_is_shown() -> None:
    """Both 01:30s of the autumn change survive a round trip through the screen."""
    for moment in (TestClocksGoingBack.FIRST, TestClocksGoingBack.SECOND):
        assert parse_when(format_when(moment), now=NOW, prefer="past") == moment


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=30), prefer=st.sampled_from(["past", "future"]))
def test_any_text_either_parses_or_raises_when_error(text: str, prefer: Prefer) -> None:
    """Whatever is typed, the parsers answer with a moment or date, or their own error."""
    try:
        result = parse_when(text, now=NOW, prefer=prefer, zone=LONDON)
    except WhenError:
        pass
    else:
        assert result.tzinfo is UTC
    with contextlib.suppress(WhenError):
        parse_day(text, today=TODAY, prefer=prefer)


_PIECES = st.sampled_from(
    [
        "today",
        "tomorrow",
        "yesterday",
        "fri",
        "sun",
        "+3d",
        "-2d",
        "+0w",
        "+2h",
        "-7",
        "29/2",
        "31/12",
        "2026-12-03",
        "3",
        "dec",
        "feb",
        "2027",
        "0",
        "23:59",
        "24",
        "12pm",
        "0am",
        "9.30",
        "1030",
        "01:30",
        "noon",
        "at",
        "now",
        "bst",
        "gmt",
        "first",
        "/",
        ":",
        "-",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(_PIECES, max_size=5),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2190, 1, 1), timezones=st.just(UTC)
    ),
    prefer=st.sampled_from(["past", "future"]),
)
def test_plausible_word_mixes_never_raise_anything_else(
    words: list[str], now: datetime, prefer: Prefer
) -> None:
    """Mixtures of real pieces at any moment give a moment or a WhenError."""
    text = " ".join(words)
    try:
        result = parse_when(text, now=now, prefer=prefer, zone=LONDON)
    except WhenError:
        pass
    else:
        assert result.tzinfo is UTC
    with contextlib.suppress(WhenError):
        parse_day(text, today=now.date(), prefer=prefer)


def test_system_zone_is_used_when_none_given() -> None:
    """Without a zone the officer's own time zone (the operating system's) applies."""
    result = parse_when("tomorrow 10:30", now=NOW, prefer="future")
    assert result.tzinfo is UTC
    assert result.astimezone(local_zone()).strftime("%H:%M") == "10:30"
    assert parse_when("1 Jul 2027 10:30", now=NOW, prefer="future") == datetime(
        2027, 7, 1, 9, 30, tzinfo=UTC
    )


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
