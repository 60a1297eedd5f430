"""ABC rules: dates, review cadence, signatories and status changes."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.domain.abc import (
    ALLOWED_MOVES,
    AbcFacts,
    AbcRuleError,
    AbcStatus,
    ConditionKind,
    ReviewState,
    SignatoryRole,
    Signature,
    TemplateError,
    add_months,
    age_on,
    check_move,
    default_end,
    fully_signed_on,
    is_minor,
    missing_signatures,
    next_review_due,
    parse_templates,
    required_roles,
    review_state,
    unfilled_placeholders,
    validate_dates,
)
from fieldcase.domain.policy import Policy

P, G, H, C = (
    SignatoryRole.PERPETRATOR,
    SignatoryRole.GUARDIAN,
    SignatoryRole.HOUSING_OFFICER,
    SignatoryRole.POLICE_OFFICER,
)


class TestDates:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (date(2026, 3, 10), 6, date(2026, 9, 10)),
            (date(2026, 8, 31), 6, date(2027, 2, 28)),
            (date(2027, 8, 31), 6, date(2028, 2, 29)),
            (date(2026, 3, 31), 1, date(2026, 4, 30)),
            (date(2026, 10, 15), 3, date(2027, 1, 15)),
            (date(2026, 12, 31), 12, date(2027, 12, 31)),
            (date(2026, 1, 31), 0, date(2026, 1, 31)),
        ],
    )
    def test_add_months_clamps_to_month_end(self, start: date, months: int, expected: date) -> None:
        """Months are added on the calendar, a 31st falling back to a shorter month's end."""
        assert add_months(start, months) == expected

    @pytest.mark.parametrize(
        ("months", "start", "expected"),
        [
            (6, date(2026, 3, 2), date(2026, 9, 2)),
            (3, date(2026, 11, 30), date(2027, 2, 28)),
            (12, date(2028, 2, 29), date(2029, 2, 28)),
        ],
    )
    def test_default_end_follows_policy_length(
        self, months: int, start: date, expected: date
    ) -> None:
        """The end date defaults to the organisation's ABC length after the start."""
        assert default_end(start, Policy(abc_length_months=months)) == expected

    @pytest.mark.parametrize(
        ("start", "end", "weeks", "field"),
        [
            (date(2026, 3, 1), date(2026, 3, 1), 4, "end_on"),
            (date(2026, 3, 1), date(2026, 2, 1), 4, "end_on"),
            (date(2026, 3, 1), date(2028, 3, 2), 4, "end_on"),
            (date(2026, 3, 1), date(2026, 9, 1), 0, "review_weeks"),
            (date(2026, 3, 1), date(2026, 9, 1), 27, "review_weeks"),
        ],
    )
    def test_impossible_dates_are_refused(
        self, start: date, end: date, weeks: int, field: str
    ) -> None:
        """An end on or before the start, a two-year-plus ABC or a silly cadence is refused."""
        assert field in validate_dates(start, end, weeks)

    def test_sensible_dates_pass(self) -> None:
        """Six months with four-weekly reviews is fine."""
        assert validate_dates(date(2026, 3, 1), date(2026, 9, 1), 4) == {}


class TestReviews:
    @pytest.mark.parametrize(
        ("start", "last", "weeks", "expected"),
        [
            (date(2026, 3, 2), None, 4, date(2026, 3, 30)),
            (date(2026, 3, 2), date(2026, 3, 30), 4, date(2026, 4, 27)),
            (date(2026, 3, 2), date(2026, 4, 10), 2, date(2026, 4, 24)),
            (date(2026, 12, 20), None, 4, date(2027, 1, 17)),
        ],
    )
    def test_next_review_from_last_review_or_start(
        self, start: date, last: date | None, weeks: int, expected: date
    ) -> None:
        """The next review is the cadence after the last review, or after the start."""
        assert next_review_due(start_on=start, last_review_on=last, review_weeks=weeks) == expected

    @pytest.mark.parametrize(
        ("due", "today", "expected"),
        [
            (date(2026, 4, 1), date(2026, 4, 2), ReviewState.OVERDUE),
            (date(2026, 4, 2), date(2026, 4, 2), ReviewState.DUE),
            (date(2026, 4, 9), date(2026, 4, 2), ReviewState.DUE),
            (date(2026, 4, 10), date(2026, 4, 2), ReviewState.SCHEDULED),
        ],
    )
    def test_review_state_is_worked_out_on_the_day(
        self, due: date, today: date, expected: ReviewState
    ) -> None:
        """Overdue before today, due within a week, otherwise scheduled."""
        assert review_state(due, today) == expected


class TestSignatories:
    @pytest.mark.parametrize(
        ("dob", "on", "age"),
        [
            (date(2008, 5, 10), date(2026, 5, 9), 17),
            (date(2008, 5, 10), date(2026, 5, 10), 18),
            (date(2008, 2, 29), date(2026, 2, 28), 17),
            (date(2008, 2, 29), date(2026, 3, 1), 18),
        ],
    )
    def test_age_on_a_day(self, dob: date, on: date, age: int) -> None:
        """Age counts whole years, birthdays included on the day."""
        assert age_on(dob, on) == age

    @pytest.mark.parametrize(
        ("dob", "monitored", "expected"),
        [
            (date(1990, 1, 1), ["housing", "police"], [P, H, C]),
            (date(1990, 1, 1), ["housing"], [P, H]),
            (date(2010, 6, 1), ["housing"], [P, G, H]),
            (date(2010, 6, 1), ["housing", "police"], [P, G, H, C]),
            (None, ["housing"], [P, H]),
        ],
    )
    def test_required_roles(
        self, dob: date | None, monitored: list[str], expected: list[SignatoryRole]
    ) -> None:
        """Under-18s need a parent or guardian; joint monitoring needs a police signature."""
        assert (
            required_roles(date_of_birth=dob, start_on=date(2026, 3, 1), monitored_by=monitored)
            == expected
        )

    def test_minor_is_judged_on_the_start_date(self) -> None:
        """Someone turning 18 after the start still needs a guardian for this ABC."""
        dob = date(2008, 3, 2)
        assert is_minor(dob, date(2026, 3, 1))
        assert not is_minor(dob, date(2026, 3, 2))

    @pytest.mark.parametrize(
        ("signatures", "missing"),
        [
            ([], [P, H]),
            ([Signature(P, "Dan Kerr", date(2026, 3, 1))], [H]),
            ([Signature(P, "Dan Kerr"), Signature(H, "Officer Test", date(2026, 3, 1))], [P]),
            (
                [Signature(P, "  ", date(2026, 3, 1)), Signature(H, "Officer", date(2026, 3, 1))],
                [P],
            ),
            (
                [Signature(P, "Dan Kerr", date(2026, 3, 1)), Signature(H, "O", date(2026, 3, 2))],
                [],
            ),
        ],
    )
    def test_missing_signatures(
        self, signatures: list[Signature], missing: list[SignatoryRole]
    ) -> None:
        """A role counts as signed only with a name and a signing date."""
        assert missing_signatures([P, H], signatures) == missing

    def test_in_force_from_the_last_signature(self) -> None:
        """An ABC comes into force on the date the last required signatory signed."""
        sigs = [
            Signature(P, "Dan Kerr", date(2026, 3, 3)),
            Signature(H, "Officer Test", date(2026, 3, 1)),
            Signature(C, "PC Lowe", None),
        ]
        assert fully_signed_on(sigs, [P, H]) == date(2026, 3, 3)
        with pytest.raises(AbcRuleError, match="police officer"):
            fully_signed_on(sigs, [P, H, C])


def facts(status: AbcStatus, **kw: object) -> AbcFacts:
    base: dict[str, object] = {
        "status": status,
        "start_on": date(2026, 3, 1),
        "end_on": date(2026, 9, 1),
    }
    base.update(kw)
    return AbcFacts(**base)  # type: ignore[arg-type]


D, A, DONE, BR, EE = (
    AbcStatus.DRAFT,
    AbcStatus.ACTIVE,
    AbcStatus.COMPLETED,
    AbcStatus.BREACHED,
    AbcStatus.ENDED_EARLY,
)
MID = date(2026, 5, 1)
AFTER = date(2026, 9, 1)


class TestStatusMoves:
    @pytest.mark.parametrize(
        ("current", "target", "kw", "today", "reason"),
        [
            (D, A, {}, MID, ""),
            (A, DONE, {}, AFTER, ""),
            (A, BR, {"substantiated_breaches": 1}, MID, ""),
            (A, EE, {}, MID, "Moved out of the area"),
        ],
    )
    def test_allowed_moves(
        self, current: AbcStatus, target: AbcStatus, kw: dict[str, object], today: date, reason: str
    ) -> None:
        """Draft to active once signed; active to completed, breached or ended early."""
        assert target in ALLOWED_MOVES[current]
        check_move(facts(current, **kw), target, today=today, reason=reason)  # refusal raises

    @pytest.mark.parametrize(
        ("current", "target", "kw", "today", "reason", "message"),
        [
            (D, A, {"missing_signatures": (H,)}, MID, "", "signed by: housing officer"),
            (D, DONE, {}, AFTER, "", "only become active once it is signed"),
            (D, BR, {}, MID, "", "only become active"),
            (A, DONE, {}, MID, "", "runs until 01 Sep 2026"),
            (A, BR, {}, MID, "", "Record a substantiated breach"),
            (A, EE, {}, MID, "  ", "Give the reason"),
            (A, EE, {}, AFTER, "Moved", "complete it instead"),
            (A, D, {}, MID, "", "cannot go back to draft"),
            (A, A, {}, MID, "", "already active"),
            (DONE, A, {}, AFTER, "", "already ended"),
            (BR, EE, {}, MID, "x", "draw up a new ABC"),
            (EE, A, {}, MID, "", "already ended"),
        ],
    )
    def test_refused_moves_say_why(
        self,
        current: AbcStatus,
        target: AbcStatus,
        kw: dict[str, object],
        today: date,
        reason: str,
        message: str,
    ) -> None:
        """Every refused status change explains itself."""
        with pytest.raises(AbcRuleError, match=message):
            check_move(facts(current, **kw), target, today=today, reason=reason)


class TestTemplates:
    def test_packaged_style_templates_parse(self) -> None:
        """Templates are TOML tables with a key, a kind and text with {gaps}."""
        templates = parse_templates(
            '[[condition]]\nkey = "no_abuse"\nkind = "prohibition"\n'
            'text = "I will not abuse the residents of {address}."\n'
        )
        assert templates[0].kind == ConditionKind.PROHIBITION
        assert templates[0].placeholders == ["{address}"]

    @pytest.mark.parametrize(
        "text",
        [
            "[[condition]\n",
            '[[condition]]\nkey = "a"\nkind = "maybe"\ntext = "x"\n',
            '[[condition]]\nkey = "a"\nkind = "prohibition"\ntext = " "\n',
            '[[condition]]\nkey = "a"\nkind = "prohibition"\ntext = "x"\n'
            '[[condition]]\nkey = "a"\nkind = "requirement"\ntext = "y"\n',
        ],
    )
    def test_malformed_templates_are_refused(self, text: str) -> None:
        """Bad TOML, an unknown kind, empty text or a repeated key is a clear error."""
        with pytest.raises(TemplateError):
            parse_templates(text)

    def test_unfilled_gaps_are_found(self) -> None:
        """Gaps like {street} left in a condition are spotted; filled text has none."""
        assert unfilled_placeholders("Not to enter {street} or {named property}") == [
            "{street}",
            "{named property}",
        ]
        assert unfilled_placeholders("Not to enter Elm Road") == []
