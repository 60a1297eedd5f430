"""The ASB Case Review (community trigger) threshold, as the organisation sets it.

A victim can ask for an ASB Case Review when the threshold is met: by default
three reports in six months, or any hate incident. Each report is an incident
of the case; the six months are any six months (a rolling window over the
dates the incidents happened), so the check is the same on the day of each new
report and afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fieldcase.domain.abc import add_months
from fieldcase.domain.dates import to_local
from fieldcase.domain.policy import Policy


@dataclass(frozen=True)
class Report:
    """One report on a case: when it happened and whether it was hate-motivated."""

    occurred_at: datetime
    hate: bool = False


def case_review_reason(
    reports: Sequence[Report], policy: Policy, *, hate_case: bool = False
) -> str | None:
    """Why the case meets the ASB Case Review threshold, or None when it does not.

    ``hate_case`` is a case recorded as a hate incident or crime: with
    ``policy.case_review_any_hate`` its first report meets the threshold.
    A ``policy.case_review_reports`` of 0 turns the count off.
    """
    if policy.case_review_any_hate and reports and (hate_case or any(r.hate for r in reports)):
        return "a hate incident was reported"
    needed = policy.case_review_reports
    if needed <= 0 or len(reports) < needed:
        return None
    days = sorted(to_local(r.occurred_at).date() for r in reports)
    for first, last in zip(days, days[needed - 1 :], strict=False):
        if last <= add_months(first, policy.case_review_months):
            return (
                f"{needed} reports in {policy.case_review_months} months "
                f"({first:%d %b %Y} to {last:%d %b %Y})"
            )
    return None
