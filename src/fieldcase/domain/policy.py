"""Organisation policy: response times, cadences and retention, as the rules read them.

The values come from the ``[policy]`` table of the settings file
(:mod:`fieldcase.config`); these defaults apply where it is silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

Nation = Literal["england-and-wales", "scotland", "northern-ireland"]
"""The UK nation whose bank holidays an organisation keeps."""
NATIONS: tuple[Nation, ...] = get_args(Nation)


@dataclass(frozen=True)
class Policy:
    """Organisation policy for response times and cadences (in days)."""

    first_contact_hate_working_days: int = 1
    """First contact with the victim of a hate incident, in working days."""
    first_contact_other_working_days: int = 3
    """First contact for every other case, in working days."""
    update_days_high: int = 7
    """Victim update cadence for High risk cases."""
    update_days_medium: int = 14
    """Victim update cadence for Medium risk cases."""
    update_days_standard: int = 28
    """Victim update cadence for Standard risk cases."""
    review_days_high: int = 7
    """Risk review cadence for High risk."""
    review_days_medium: int = 14
    """Risk review cadence for Medium risk."""
    review_days_standard: int = 28
    """Risk review cadence for Standard risk."""
    abc_review_weeks: int = 4
    """Default review cadence for Acceptable Behaviour Contracts."""
    abc_length_months: int = 6
    """Default length of an Acceptable Behaviour Contract."""
    case_review_reports: int = 3
    """ASB Case Review threshold: this many reports on a case within ``case_review_months``
    (0 turns the count off)."""
    case_review_months: int = 6
    """ASB Case Review threshold: the months within which ``case_review_reports`` count."""
    case_review_any_hate: bool = True
    """ASB Case Review threshold: any hate incident meets it."""
    homes: int = 0
    """How many homes the organisation manages, for NM01's rates per 1,000 homes (0: not set)."""
    attachment_max_mb: int = 25
    """The largest file that can be attached to a case, in megabytes."""
    retention_years: int = 6
    """Closed cases may be purged this many years after closure."""
    nation: Nation = "england-and-wales"
    """Whose bank holidays are days off: England and Wales, Scotland, or Northern Ireland."""
    extra_closure_days: tuple[date, ...] = ()
    """The organisation's own closure days, on top of weekends and the nation's bank holidays."""
