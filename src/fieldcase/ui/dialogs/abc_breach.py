"""Recording (or updating) a breach of an ABC."""

from __future__ import annotations

import uuid
from datetime import date

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Checkbox, Label, SelectionList
from textual.widgets.selection_list import Selection

from fieldcase.db.models import AbcCondition
from fieldcase.domain.abc import BreachResponse, Substantiated
from fieldcase.domain.text import one_line
from fieldcase.domain.when import WhenError, format_day, parse_day
from fieldcase.services.abc_reviews import BreachInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import choice_field, notes_field, text_field
from fieldcase.ui.widgets.ticks import TickBox, TickList


class AbcBreachDialog(FormDialog[BreachInput, object]):
    """A breach: when, which conditions, what happened, who reported it, the finding, response."""

    TITLE_TEXT = "ABC breach"

    def __init__(
        self,
        save: Save[BreachInput, object],
        *,
        today: date,
        conditions: list[AbcCondition],
        initial: BreachInput | None = None,
    ) -> None:
        super().__init__(save)
        self.today = today
        self.conditions = conditions
        self.initial = initial

    def fields(self) -> ComposeResult:
        i = self.initial
        ticked = set(i.condition_ids) if i else set()
        yield from text_field(
            "When it happened", "occurred-on", format_day(i.occurred_on if i else self.today)
        )
        yield Label("Conditions breached  (Space ticks)", classes="field-label")
        yield TickList[str](
            *[
                Selection(Content(f"{n}. {one_line(c.text)}"), str(c.id), c.id in ticked)
                for n, c in enumerate(self.conditions, start=1)
            ],
            id="condition-ids",
            classes="multi",
        )
        yield from notes_field("What happened", "description", i.description if i else "")
        yield from text_field(
            "Reported by (name, and victim / witness / police…)",
            "reported-by",
            i.reported_by if i else "",
        )
        yield from choice_field(
            "Substantiated?", "substantiated", Substantiated, i.substantiated if i else None
        )
        yield TickBox(
            "Serious risk of harm (an incremental response may not be enough)",
            i.serious_harm if i else False,
            id="serious-harm",
        )
        yield from choice_field("Response", "response", BreachResponse, i.response if i else None)
        yield from text_field("Response details", "response-notes", i.response_notes if i else "")

    def on_mount(self) -> None:
        self.query_one("#occurred-on").focus()

    def collect(self) -> BreachInput:
        """The typed values; a bad date is a message against its field."""
        try:
            occurred = parse_day(value_of(self, "occurred-on"), today=self.today, prefer="past")
        except WhenError as exc:
            raise ValidationError({"occurred_on": f"When: {exc}"}) from exc
        return BreachInput(
            occurred_on=occurred,
            condition_ids=[
                uuid.UUID(v) for v in self.query_one("#condition-ids", SelectionList).selected
            ],
            description=value_of(self, "description"),
            reported_by=value_of(self, "reported-by"),
            substantiated=choice_of(self, "substantiated"),
            serious_harm=self.query_one("#serious-harm", Checkbox).value,
            response=choice_of(self, "response"),
            response_notes=value_of(self, "response-notes"),
        )
