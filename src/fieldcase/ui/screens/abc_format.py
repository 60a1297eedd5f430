"""How ABC and ladder values look on screen, shared by the ABC screens and dialogs."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.content import Content

from fieldcase.domain.abc import AbcStatus, ConditionKind, ReviewState, Substantiated
from fieldcase.domain.text import one_line
from fieldcase.services.abc_views import AbcView
from fieldcase.services.enforcement import Ladder
from fieldcase.ui.formatting import short_date

STATUS_STYLES = {
    AbcStatus.DRAFT: "italic",
    AbcStatus.ACTIVE: "bold green",
    AbcStatus.COMPLETED: "dim",
    AbcStatus.BREACHED: "bold red",
    AbcStatus.ENDED_EARLY: "dim",
}

SUBSTANTIATED_STYLES = {
    Substantiated.YES: "bold red",
    Substantiated.PENDING: "yellow",
    Substantiated.NO: "dim",
}


def status_text(status: AbcStatus) -> Text:
    """An ABC's status, styled."""
    return Text(status.label, style=STATUS_STYLES.get(status, ""))


def review_text(next_review_on: date | None, state: ReviewState | None, today: date) -> Text:
    """When the next review falls, with overdue and due ones standing out."""
    if next_review_on is None or state is None:
        return Text("—", style="dim")
    when = short_date(next_review_on, today)
    if state == ReviewState.OVERDUE:
        days = (today - next_review_on).days
        return Text(f"OVERDUE {days}d ({when})", style="bold red")
    if next_review_on == today:
        return Text("today", style="bold yellow")
    if state == ReviewState.DUE:
        return Text(f"due {when}", style="yellow")
    return Text(when)


def ends_text(end_on: date, today: date) -> Text:
    """The end date, with days left, or how long ago it passed."""
    days = (end_on - today).days
    when = short_date(end_on, today)
    if days < 0:
        return Text(f"ended {-days}d ago ({when}) — complete it", style="bold red")
    if days == 0:
        return Text(f"ends today ({when})", style="bold yellow")
    return Text(f"{when} ({days}d left)", style="yellow" if days <= 14 else "")


def substantiated_text(value: str) -> Text:
    """Whether a breach was made out, styled."""
    try:
        sub = Substantiated(value)
    except ValueError:
        return Text(value)
    return Text(sub.label, style=SUBSTANTIATED_STYLES[sub])


def abc_header_lines(view: AbcView, today: date) -> list[Content]:
    """The lines at the top of an ABC: who, status, dates, cadence, next review."""
    abc = view.abc
    monitors = " and ".join(m.label.lower() for m in view.monitored_by) or "nobody"
    lines = [
        Content.assemble(
            ("ABC with ", "bold"),
            (one_line(view.person.full_name), "bold"),
            "  ·  ",
            view.case.reference,
            "  ·  ",
            Content.from_rich_text(status_text(view.status)),
        ),
        Content.assemble(
            f"{short_date(abc.start_on)} to ",
            Content.from_rich_text(
                ends_text(abc.end_on, today)
                if view.status == AbcStatus.ACTIVE
                else Text(short_date(abc.end_on))
            ),
            f"  ·  reviewed every {abc.review_weeks} weeks  ·  monitored by {monitors}",
        ),
    ]
    if view.status == AbcStatus.ACTIVE:
        lines.append(
            Content.assemble(
                "Next review: ",
                Content.from_rich_text(
                    review_text(abc.next_review_on, view.review_state(today), today)
                ),
            )
        )
    elif view.status == AbcStatus.DRAFT:
        waiting = ", ".join(r.label.lower() for r in view.missing)
        lines.append(Content.assemble(("Not in force: ", "bold yellow"), f"waiting for {waiting}."))
    else:
        ended = short_date(abc.ended_on) if abc.ended_on else "—"
        reason = f" — {one_line(abc.end_reason)}" if abc.end_reason else ""
        lines.append(Content(f"Ended {ended}{reason}"))
    if abc.notes:
        lines.append(Content.assemble("Notes: ", one_line(abc.notes, 200)))
    return lines


def conditions_text(view: AbcView) -> Content:
    """An ABC's conditions, numbered as on the agreement."""
    numbered = []
    for n, cond in enumerate(view.conditions, start=1):
        tag = "Must not" if cond.kind == ConditionKind.PROHIBITION else "Must"
        numbered.append(Content.assemble(f"{n:>2}. ", (f"{tag}: ", "bold"), one_line(cond.text)))
    return Content("\n").join(numbered) if numbered else Content("No conditions yet.")


def suggested_step(ladder: Ladder) -> str:
    """The suggested step as officers read it, with the possession ground it would rely on."""
    suggestion = ladder.suggestion
    if suggestion is None or suggestion.rung is None:
        return "No further rung"
    if suggestion.ground:
        return f"{suggestion.rung.label} ({suggestion.ground.label})"
    return suggestion.rung.label


def breach_suggestion(ladder: Ladder | None) -> Content:
    """After a substantiated breach: the suggested next step on the person's ladder."""
    if ladder is None or ladder.suggestion is None or ladder.open_breach is None:
        return Content("")
    current = ladder.current.label if ladder.current else "none yet"
    return Content.assemble(
        ("Substantiated breach — suggested next step: ", "bold"),
        (suggested_step(ladder), "bold yellow"),
        f"\n{ladder.suggestion.reason}\n",
        f"Current rung: {current}. fieldcase suggests; you decide (e opens the ladder).",
    )
