"""The lines at the top of the case file: who, what, when due, visits, closure and links."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from fieldcase.domain.closure import ClosureOutcome, satisfaction_text
from fieldcase.domain.text import one_line
from fieldcase.domain.visits import VisitKind
from fieldcase.domain.vocab import CaseStatus, Category, split_values
from fieldcase.domain.when import format_when
from fieldcase.services.case_overview import CaseOverview
from fieldcase.ui.formatting import (
    CASE_REVIEW_FLAG,
    due_text,
    label_of,
    local_datetime,
    risk_text,
    short_date,
    strands_text,
)
from fieldcase.ui.text import literal


def header_lines(overview: CaseOverview, today: date) -> list[Content]:
    """Every line of the case file's header, stored text shown literally."""
    c = overview.file.case
    title = Content.assemble(
        (c.reference, "bold"),
        "  ·  ",
        label_of(Category, c.category),
        "  ·  ",
        strands_text(split_values(c.strands)) or "no hate strand",
        "  ·  ",
        (label_of(CaseStatus, c.status), "bold"),
        "  ·  Risk: ",
        Content.from_rich_text(risk_text(c.risk_level)),
        "  ·  Officer: ",
        one_line(c.officer_name),
    )
    prop = overview.file.property
    place = one_line(prop.address) if prop else "no property recorded"
    postcode = f", {one_line(prop.postcode)}" if prop and prop.postcode else ""
    second = Content.assemble(
        "Property: ",
        place + postcode,
        "  ·  Police refs: ",
        one_line(c.police_refs) or "none",
        "  ·  Opened ",
        short_date(c.opened_on, today),
    )
    lines = [title, second]
    if c.status == CaseStatus.CLOSED:
        lines.append(closure_line(overview, today))
    else:
        lines.append(
            Content.assemble(
                "Next contact due: ",
                Content.from_rich_text(due_text(c.next_contact_due, today)),
                "  ·  Last contact with victim: ",
                local_datetime(c.last_contact_at) if c.last_contact_at else "none yet",
                "  ·  Risk review: ",
                Content.from_rich_text(due_text(c.review_due, today)) if c.review_due else "—",
            )
        )
    if overview.case_review:
        lines.append(
            Content.styled(
                f"{CASE_REVIEW_FLAG} Meets the ASB Case Review threshold: "
                f"{overview.case_review}. The victim can ask for a Case Review.",
                "bold yellow",
            )
        )
    if overview.consent_line:
        lines.append(literal(overview.consent_line))
    lines.append(visits_line(overview))
    lines += [link_line(overview)] if overview.links else []
    if c.summary:
        lines.append(Content.assemble("Summary: ", one_line(c.summary, 200)))
    return lines


def closure_line(overview: CaseOverview, today: date) -> Content:
    """How the case closed, with the victim's satisfaction and words."""
    c = overview.file.case
    outcome = label_of(ClosureOutcome, c.closure_outcome) if c.closure_outcome else "no outcome"
    parts: list[str | Content | tuple[str, str]] = [
        (f"Closed {short_date(c.closed_on, today)}: {outcome}", "bold"),
        "  ·  Victim's satisfaction: ",
        satisfaction_text(c.victim_satisfaction, c.satisfaction_declined),
    ]
    if c.feedback.strip():
        parts += ["  ·  “", one_line(c.feedback, 120), "”"]
    parts.append("  ·  C reopens")
    return Content.assemble(*parts)


def link_line(overview: CaseOverview) -> Content:
    """The closed case this one follows and the cases following it: o opens them."""
    words = []
    for link in overview.links:
        status = label_of(CaseStatus, link.status).lower()
        relation = "Follows" if link.earlier else "Followed by"
        words.append(f"{relation} {one_line(link.reference)} ({status})")
    return Content.assemble(("  ·  ".join(words), "italic"), "  ·  o opens it")


def visits_line(overview: CaseOverview) -> Content:
    """The next visit and how many are planned, and the cautions that follow the case."""
    upcoming = overview.next_visit
    nxt = (
        f"next {format_when(upcoming.planned_at)} ({label_of(VisitKind, upcoming.kind)})"
        if upcoming
        else "none coming up"
    )
    parts = [Content(f"Visits: {nxt} · {overview.planned_visits} planned (V lists, v plans)")]
    if overview.cautions:
        kinds = ", ".join(overview.cautions)
        parts.append(Content.styled(f"  ⚠ Cautions: {kinds}", "bold red"))
    return Content.assemble(*parts)
