"""Recording a step on the enforcement ladder, once the officer has decided and acted."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from fieldcase.domain.ladder import Rung, ServedHow
from fieldcase.domain.when import WhenError, format_day, parse_day
from fieldcase.services.enforcement import StepInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import choice_field, notes_field, text_field


class AbcStepDialog(FormDialog[StepInput, object]):
    """An enforcement step: what, when, how served, court details, documents and notes."""

    TITLE_TEXT = "Enforcement step"

    def __init__(
        self,
        save: Save[StepInput, object],
        *,
        today: date,
        initial: StepInput | None = None,
        suggested: Rung | None = None,
    ) -> None:
        super().__init__(save)
        self.today = today
        self.initial = initial
        self.suggested = suggested

    def fields(self) -> ComposeResult:
        i = self.initial
        kind = i.kind if i else (self.suggested.value if self.suggested else None)
        yield from choice_field("Step taken", "kind", Rung, kind)
        yield from text_field(
            "Taken or served on", "taken-on", format_day(i.taken_on if i else self.today)
        )
        yield from choice_field(
            "Served how (notices and letters)", "served-how", ServedHow, i.served_how if i else None
        )
        yield from text_field("Court (injunctions, possession)", "court", i.court if i else "")
        yield from notes_field("Terms (granted injunctions)", "terms", i.terms if i else "")
        yield from text_field(
            "Expires on (blank if none)",
            "expires-on",
            format_day(i.expires_on) if i and i.expires_on else "",
        )
        yield from text_field(
            "Documents (references, where filed)", "documents", i.documents if i else ""
        )
        yield from notes_field("Notes", "notes", i.notes if i else "")

    def on_mount(self) -> None:
        self.query_one("#kind").focus()

    def collect(self) -> StepInput:
        """The typed values; bad dates are messages against their fields."""
        errors: dict[str, str] = {}
        taken = self.today
        try:
            taken = parse_day(value_of(self, "taken-on"), today=self.today, prefer="past")
        except WhenError as exc:
            errors["taken_on"] = f"Taken on: {exc}"
        expires_text = value_of(self, "expires-on").strip()
        expires = None
        if expires_text:
            try:
                expires = parse_day(expires_text, today=self.today, prefer="future")
            except WhenError as exc:
                errors["expires_on"] = f"Expires on: {exc}"
        if errors:
            raise ValidationError(errors)
        return StepInput(
            kind=choice_of(self, "kind"),
            taken_on=taken,
            served_how=choice_of(self, "served-how"),
            court=value_of(self, "court"),
            terms=value_of(self, "terms"),
            expires_on=expires,
            documents=value_of(self, "documents"),
            notes=value_of(self, "notes"),
        )
