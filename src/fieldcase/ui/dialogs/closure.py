"""Closing a case (how it ended, why, the victim's satisfaction, what is still live) and
reopening it (why)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from fieldcase.db.models import Case
from fieldcase.domain.closure import ClosureOutcome, Decision, LiveItem, Resolution, Satisfaction
from fieldcase.services.closure import ClosureCheck, ClosureInput, ReopenInput
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import field_error, show_field_errors, text_field


class CloseCaseDialog(FormDialog[ClosureInput, Case]):
    """Close a case; returns it closed."""

    TITLE_TEXT = "Close the case"
    HELP = (
        "Say how the case ended and why it is closing, and record how satisfied the victim "
        "is with how it was handled (1 to 5, or that they declined to say), with their words "
        "if they gave any. Everything still live is listed below it: deal with each (end the "
        "ABC, cancel the visit, mark the action done) or keep it and say why. To deal with "
        "something elsewhere first (a review, a breach), press Escape and come back."
    )

    def __init__(self, save: Save[ClosureInput, Case], check: ClosureCheck) -> None:
        super().__init__(
            save, draft_key=f"closure:{check.case_id}", draft_title=f"Closing {check.reference}"
        )
        self.check = check

    def fields(self) -> ComposeResult:
        yield Static(literal(f"Closing {self.check.reference}"), classes="field-label")
        yield Label("How did the case end?", classes="field-label")
        yield Select(ClosureOutcome.choices(), id="outcome", prompt="Choose the outcome")
        yield field_error("outcome")
        yield from text_field("Why is it closing?", "reason")
        yield field_error("reason")
        yield Label(
            "The victim's satisfaction with how the case was handled", classes="field-label"
        )
        yield Select(Satisfaction.choices(), id="satisfaction", prompt="Ask the victim")
        yield field_error("satisfaction")
        yield from text_field(
            "In the victim's words (optional)", "feedback", placeholder="As they said it"
        )
        yield Static(self._live_title(), classes="section-title")
        for item in self.check.live:
            yield from self._live_row(item)

    def _live_title(self) -> Content:
        if not self.check.live:
            return Content("Nothing is still live in this case.")
        return Content("Still live: deal with each, or keep it and say why")

    @staticmethod
    def _live_row(item: LiveItem) -> ComposeResult:
        name = item.field.replace("_", "-")
        yield Static(literal(f"• {item.description}"), classes="live-item")
        with Horizontal(classes="live-row"):
            if len(item.choices) > 1:
                yield Select(
                    [(item.choice_label(r), r.value) for r in item.choices],
                    id=name,
                    prompt="What happens to it?",
                    classes="live-choice",
                )
            yield Input(
                placeholder="Why it stays"
                if len(item.choices) > 1
                else "Why the case closes anyway",
                id=f"{name}-reason",
                classes="live-reason",
            )
        yield field_error(name)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#outcome").focus()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each problem under its own field as well as in the list at the foot."""
        super().show_errors(errors)
        show_field_errors(self, errors)

    def collect(self) -> ClosureInput:
        """What the officer chose and typed; the service checks it."""
        decisions = {}
        for item in self.check.live:
            name = item.field.replace("_", "-")
            chosen = choice_of(self, name) if len(item.choices) > 1 else Resolution.KEEP
            decisions[item.key] = Decision(chosen, value_of(self, f"{name}-reason"))
        return ClosureInput(
            outcome=choice_of(self, "outcome"),
            reason=value_of(self, "reason"),
            satisfaction=choice_of(self, "satisfaction"),
            feedback=value_of(self, "feedback"),
            decisions=decisions,
        )


class ReopenCaseDialog(FormDialog[ReopenInput, Case]):
    """Reopen a closed case; returns it open."""

    TITLE_TEXT = "Reopen the case"
    HELP = (
        "Say why the case is being reopened. Its closure stays in the chronology; the next "
        "contact and reviews fall due again. A new report about the victim or the address is "
        "a new case instead (n on the caseload), linked to this one."
    )

    def __init__(self, save: Save[ReopenInput, Case], reference: str) -> None:
        super().__init__(save)
        self.reference = reference

    def fields(self) -> ComposeResult:
        yield from text_field(f"Why is {self.reference} being reopened?", "reason")

    def collect(self) -> ReopenInput:
        """The reason typed."""
        return ReopenInput(value_of(self, "reason"))
