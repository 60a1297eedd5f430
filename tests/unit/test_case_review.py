"""The ASB Case Review threshold: three reports in six months, or any hate incident, as set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.case_review import Report, case_review_reason
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, Strand
from fieldcase.services.case_overview import case_overview
from fieldcase.services.case_records import add_incident
from fieldcase.services.case_review import case_review_flags
from fieldcase.services.caseload import caseload_page
from tests.builders import a_case, an_incident_input


def _on(*days: str, hate: bool = False) -> list[Report]:
    return [Report(datetime.fromisoformat(f"{d}T12:00:00+00:00"), hate) for d in days]


DEFAULT = Policy()


@pytest.mark.parametrize(
    ("reports", "hate_case", "policy", "met"),
    [
        (_on("2026-01-10", "2026-02-10"), False, DEFAULT, False),
        (_on("2026-01-10", "2026-02-10", "2026-07-10"), False, DEFAULT, True),
        (_on("2026-01-10", "2026-02-10", "2026-07-11"), False, DEFAULT, False),
        (_on("2025-01-10", "2026-02-10", "2026-03-01", "2026-04-01"), False, DEFAULT, True),
        (_on("2026-01-10", "2026-05-10", "2026-09-10", "2027-01-10"), False, DEFAULT, False),
        (_on("2026-01-10", hate=True), False, DEFAULT, True),
        (_on("2026-01-10"), True, DEFAULT, True),
        ([], True, DEFAULT, False),
        (_on("2026-01-10"), True, Policy(case_review_any_hate=False), False),
        (_on("2026-01-10", "2026-01-11"), False, Policy(case_review_reports=2), True),
        (
            _on("2026-01-10", "2026-03-11"),
            False,
            Policy(case_review_reports=2, case_review_months=1),
            False,
        ),
        (
            _on("2026-01-10", "2026-02-10", "2026-03-10"),
            False,
            Policy(case_review_reports=0),
            False,
        ),
    ],
    ids=[
        "two reports are not enough",
        "three within six months, the last on the six-month day",
        "three spanning six months and a day",
        "any six months: an old report does not stop a later three",
        "four reports, never three in six months",
        "one hate incident",
        "the first report on a hate case",
        "a hate case with no report yet",
        "the organisation does not count hate on its own",
        "the organisation's own count",
        "the organisation's own window",
        "the count turned off",
    ],
)
def test_the_threshold(reports: list[Report], hate_case: bool, policy: Policy, met: bool) -> None:
    """Whether a case meets the threshold, by its reports and the organisation's setting."""
    assert (case_review_reason(reports, policy, hate_case=hate_case) is not None) is met


def test_the_reason_says_which_reports(store: Store) -> None:
    """The flag says the count, the window and the dates of the reports that met it."""
    reason = case_review_reason(_on("2026-01-10", "2026-02-10", "2026-03-10"), DEFAULT)
    assert reason == "3 reports in 6 months (10 Jan 2026 to 10 Mar 2026)"


def test_a_third_report_on_a_nuisance_case_flags_it(store: Store) -> None:
    """Each new report is checked: the third within six months flags the case."""
    with store.transaction() as session:
        made = a_case(
            session, category=Category.NUISANCE_ASB, strands=[], incident=an_incident_input()
        )
        for day in (5, 9):
            at = datetime(2026, 3, day, 20, 0, tzinfo=UTC)
            add_incident(session, made.case_id, an_incident_input(occurred_at=at), policy=DEFAULT)
            flags = case_review_flags(session, [made.case_id], DEFAULT)
            assert (made.case_id in flags) is (day == 9)


def test_a_hate_strand_on_a_report_flags_an_asb_case(store: Store) -> None:
    """A personal ASB case with one report perceived as racist meets the threshold."""
    with store.transaction() as session:
        made = a_case(
            session,
            category=Category.PERSONAL_ASB,
            strands=[],
            incident=an_incident_input(strands=[Strand.RACE]),
        )
        assert case_review_flags(session, [made.case_id], DEFAULT) == {
            made.case_id: "a hate incident was reported"
        }


def test_the_caseload_and_the_case_file_carry_the_flag(store: Store) -> None:
    """A hate case is flagged on its caseload row and in its case file; a quiet ASB case is not."""
    with store.transaction() as session:
        hate = a_case(session, incident=an_incident_input())
        quiet = a_case(
            session, category=Category.NUISANCE_ASB, strands=[], incident=an_incident_input()
        )
        rows = {r.id: r.case_review for r in caseload_page(session, policy=DEFAULT).rows}
        overview = case_overview(session, hate.case_id, now=datetime.now(UTC), policy=DEFAULT)
    assert rows == {hate.case_id: "a hate incident was reported", quiet.case_id: ""}
    assert overview.case_review == "a hate incident was reported"
