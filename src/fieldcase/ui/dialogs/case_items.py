"""Dialogs to add and edit what a case file holds: people, incidents, actions, case details.

Contacts have their own dialog (``contact``).
"""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option

from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    Engagement,
    IncidentType,
    Strand,
)
from fieldcase.domain.when import (
    MIDDAY,
    Prefer,
    WhenError,
    format_day,
    format_when,
    parse_day,
    parse_when,
)
from fieldcase.services.case_file import CaseDetailsInput
from fieldcase.services.case_records import ActionInput, IncidentInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.form import FormDialog, Reload, Save
from fieldcase.ui.widgets.fields import (
    OTHER_KIND_LABEL,
    choice_field,
    multi_field,
    not_for_disclosure_field,
    notes_field,
    text_field,
    when_field,
)


def day_of(dialog: DOMNode, field_id: str, *, today: date, prefer: Prefer) -> date | None:
    """The date typed in a field (None when blank); a date not understood is a message on it.

    Raises:
        ValidationError: Keyed by the field (``date-of-birth`` as ``date_of_birth``).
    """
    text = value_of(dialog, field_id).strip()
    if not text:
        return None
    try:
        return parse_day(text, today=today, prefer=prefer)
    except WhenError as exc:
        raise ValidationError({field_id.replace("-", "_"): str(exc)}) from exc


def moment_of(
    dialog: DOMNode, field_id: str, *, now: datetime, prefer: Prefer = "past"
) -> datetime:
    """The moment typed in a field (a day alone is midday); not understood, a message on it.

    Raises:
        ValidationError: Keyed by the field (``occurred-at`` as ``occurred_at``).
    """
    try:
        return parse_when(value_of(dialog, field_id), now=now, prefer=prefer, default_time=MIDDAY)
    except WhenError as exc:
        raise ValidationError({field_id.replace("-", "_"): str(exc)}) from exc


def value_of(dialog: DOMNode, field_id: str) -> str:
    """The text in an Input or TextArea."""
    widget = dialog.query_one(f"#{field_id}")
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input)
    return widget.value


def choice_of(dialog: DOMNode, field_id: str) -> str:
    """The chosen value of a Select."""
    value = dialog.query_one(f"#{field_id}", Select).value
    return "" if value is Select.NULL else str(value)


def ticked(dialog: DOMNode, field_id: str) -> list[str]:
    """The ticked values of a SelectionList."""
    return list(dialog.query_one(f"#{field_id}", SelectionList).selected)


def not_for_disclosure(dialog: DOMNode) -> bool:
    """True when the dialog's 'not for disclosure' box is ticked."""
    return dialog.query_one("#not-for-disclosure", Checkbox).value


class IncidentDialog(FormDialog[IncidentInput, object]):
    """Record a new report on the case, or edit one."""

    TITLE_TEXT = "Incident"

    def __init__(
        self,
        save: Save[IncidentInput, object],
        *,
        now: datetime,
        initial: IncidentInput | None = None,
        case_strands: list[str] | None = None,
        reload: Reload[IncidentInput] | None = None,
    ) -> None:
        """Build the dialog: ``initial`` is the incident edited; a new one starts with the
        ``case_strands`` ticked."""
        super().__init__(save, reload=reload)
        self.now = now
        self.initial = initial
        self.case_strands = case_strands or []

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from when_field(
            "When (e.g. today 14:00, yesterday 21:30, 20/11/2026 9:00)",
            "occurred-at",
            format_when(i.occurred_at) if i else "now",
            self._read_when,
        )
        yield from multi_field("What happened", "kinds", IncidentType, i.kinds if i else None)
        yield from text_field(OTHER_KIND_LABEL, "other-kind", i.other_kind if i else "")
        yield from multi_field(
            "Perceived hate strands", "strands", Strand, i.strands if i else self.case_strands
        )
        yield from text_field("Where", "location", i.location if i else "")
        yield from text_field("Who (alleged perpetrators, descriptions)", "who", i.who if i else "")
        yield from text_field(
            "Police crime number", "police-crime-number", i.police_crime_number if i else ""
        )
        yield from notes_field("Description", "description", i.description if i else "")
        yield from not_for_disclosure_field(i.not_for_disclosure if i else False)

    def _read_when(self, text: str) -> datetime:
        return parse_when(text, now=self.now, prefer="past", default_time=MIDDAY)

    def collect(self) -> IncidentInput:
        """The typed values; raises WhenError for a bad time."""
        return IncidentInput(
            occurred_at=moment_of(self, "occurred-at", now=self.now),
            kinds=ticked(self, "kinds"),
            strands=ticked(self, "strands"),
            location=value_of(self, "location"),
            who=value_of(self, "who"),
            police_crime_number=value_of(self, "police-crime-number"),
            description=value_of(self, "description"),
            other_kind=value_of(self, "other-kind"),
            not_for_disclosure=not_for_disclosure(self),
        )


class ActionDialog(FormDialog[ActionInput, object]):
    """Add an item to the action plan, or edit one."""

    TITLE_TEXT = "Action"

    def __init__(
        self,
        save: Save[ActionInput, object],
        *,
        today: date,
        initial: ActionInput | None = None,
        reload: Reload[ActionInput] | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.today = today
        self.initial = initial

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from text_field("What is to be done", "what", i.what if i else "")
        yield from text_field("Who", "who", i.who if i else "")
        yield from text_field(
            "Due (dd/mm/yyyy, today, +7)", "due-on", format_day(i.due_on) if i else "+7"
        )
        yield from text_field(
            "Done on (blank if not yet)", "done-on", format_day(i.done_on) if i else ""
        )

    def collect(self) -> ActionInput:
        """The typed values."""
        return ActionInput(
            what=value_of(self, "what"),
            who=value_of(self, "who"),
            due_on=day_of(self, "due-on", today=self.today, prefer="future"),
            done_on=day_of(self, "done-on", today=self.today, prefer="past"),
        )


class CaseDetailsDialog(FormDialog[CaseDetailsInput, object]):
    """Edit the case's category, strands, status, police references and summary."""

    TITLE_TEXT = "Case details"

    def __init__(
        self,
        save: Save[CaseDetailsInput, object],
        *,
        initial: CaseDetailsInput,
        reload: Reload[CaseDetailsInput] | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.initial = initial

    def fields(self) -> ComposeResult:
        i = self.initial
        assert i is not None
        yield from choice_field("Category", "category", Category, i.category)
        yield from multi_field("Perceived hate strands", "strands", Strand, i.strands)
        # Closing and reopening ask their own questions (C on the case file).
        statuses = [s for s in CaseStatus if (s == CaseStatus.CLOSED) == (i.status == "closed")]
        verb = "reopens" if i.status == CaseStatus.CLOSED else "closes"
        yield Label(f"Status (C on the case file {verb} the case)", classes="field-label")
        yield Select(
            [(s.label, s.value) for s in statuses],
            id="status",
            value=i.status if i.status in statuses else statuses[0].value,
            allow_blank=False,
        )
        yield from text_field("Police reference numbers", "police-refs", i.police_refs)
        yield from notes_field("Summary", "summary", i.summary)

    def collect(self) -> CaseDetailsInput:
        """The typed case details."""
        return CaseDetailsInput(
            category=choice_of(self, "category"),
            strands=ticked(self, "strands"),
            status=choice_of(self, "status"),
            police_refs=value_of(self, "police-refs"),
            summary=value_of(self, "summary"),
        )


class EngagementDialog(FormDialog[str, object]):
    """Record how far an alleged perpetrator has engaged."""

    TITLE_TEXT = "Engagement"

    def __init__(self, save: Save[str, object], *, name: str, current: str) -> None:
        super().__init__(save)
        self.name_shown = name
        self.current = current

    def fields(self) -> ComposeResult:
        from fieldcase.ui.text import literal

        yield Label(literal(f"Engagement of {self.name_shown}"), classes="field-label")
        options = [Option(label, id=value) for label, value in Engagement.choices()]
        option_list = OptionList(*options, id="engagement")
        yield option_list

    def on_mount(self) -> None:
        option_list = self.query_one("#engagement", OptionList)
        values = [v for _, v in Engagement.choices()]
        if self.current in values:
            option_list.highlighted = values.index(self.current)
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_save()

    def collect(self) -> str:
        """The engagement status highlighted."""
        option_list = self.query_one("#engagement", OptionList)
        index = option_list.highlighted or 0
        return Engagement.choices()[index][1]
