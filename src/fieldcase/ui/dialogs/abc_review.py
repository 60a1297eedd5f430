"""Recording an ABC compliance review; the next one is scheduled on the cadence."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from fieldcase.domain.abc import Compliance
from fieldcase.domain.when import WhenError, format_day, parse_day
from fieldcase.services.abc_reviews import ReviewInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import choice_field, notes_field, text_field


class AbcReviewDialog(FormDialog[ReviewInput, object]):
    """A review: when, the finding (complied, concerns, breached) and notes."""

    TITLE_TEXT = "ABC review"

    def __init__(self, save: Save[ReviewInput, object], *, today: date, review_weeks: int) -> None:
        super().__init__(save)
        self.today = today
        self.review_weeks = review_weeks

    def fields(self) -> ComposeResult:
        yield from text_field("Reviewed on", "reviewed-on", format_day(self.today))
        yield from choice_field("Finding", "compliance", Compliance)
        yield from notes_field("Notes (what was checked, with whom; concerns)", "notes")
        yield from text_field(
            "Next review (blank = on the cadence)",
            "next-review-on",
            placeholder=f"{self.review_weeks} weeks after this review",
        )

    def on_mount(self) -> None:
        self.query_one("#reviewed-on").focus()

    def collect(self) -> ReviewInput:
        """The typed values; bad dates are messages against their fields."""
        errors: dict[str, str] = {}
        reviewed = self.today
        try:
            reviewed = parse_day(value_of(self, "reviewed-on"), today=self.today, prefer="past")
        except WhenError as exc:
            errors["reviewed_on"] = f"Reviewed on: {exc}"
        next_text = value_of(self, "next-review-on").strip()
        next_on = None
        if next_text:
            try:
                next_on = parse_day(next_text, today=self.today, prefer="future")
            except WhenError as exc:
                errors["next_review_on"] = f"Next review: {exc}"
        if errors:
            raise ValidationError(errors)
        return ReviewInput(
            reviewed_on=reviewed,
            compliance=choice_of(self, "compliance"),
            notes=value_of(self, "notes"),
            next_review_on=next_on,
        )
