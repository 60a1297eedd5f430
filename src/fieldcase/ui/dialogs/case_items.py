"""Dialogs to add and edit what a case file holds: people, incidents, contacts, actions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option

from fieldcase.domain.vocab import (
    CaseStatus,
    Category,
    ContactMethod,
    ContactOutcome,
    Direction,
    Engagement,
    IncidentType,
    PartyRole,
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
from fieldcase.services.case_records import (
    CONSENT_OVERRIDE,
    ActionInput,
    ContactInput,
    IncidentInput,
    PersonInput,
)
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.form import FormDialog, Reload, Save
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.fields import (
    OTHER_KIND_LABEL,
    choice_field,
    multi_field,
    not_for_disclosure_field,
    notes_field,
    text_field,
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
    return "" if value is Select.BLANK else str(value)


def ticked(dialog: DOMNode, field_id: str) -> list[str]:
    """The ticked values of a SelectionList."""
    return list(dialog.query_one(f"#{field_id}", SelectionList).selected)


def not_for_disclosure(dialog: DOMNode) -> bool:
    """True when the dialog's 'not for disclosure' box is ticked."""
    return dialog.query_one("#not-for-disclosure", Checkbox).value


class PersonDialog(FormDialog[PersonInput, object]):
    """Add a person to the case, or edit one."""

    TITLE_TEXT = "Person"

    def __init__(
        self,
        save: Save[PersonInput, object],
        *,
        today: date,
        initial: PersonInput | None = None,
        role_fixed: bool = False,
        reload: Reload | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.today = today
        self.initial = initial
        self.role_fixed = role_fixed

    def fields(self) -> ComposeResult:
        i = self.initial
        if not self.role_fixed:
            yield from choice_field("Role", "role", PartyRole, i.role if i else None)
        yield from text_field(
            "Full name (blank = unknown, for a perpetrator)", "full-name", i.full_name if i else ""
        )
        yield from text_field(
            "Date of birth (dd/mm/yyyy)", "date-of-birth", format_day(i.date_of_birth) if i else ""
        )
        yield from text_field("Phone", "phone", i.phone if i else "")
        yield from text_field(
            "Safe contact number (victims)",
            "safe-contact-number",
            i.safe_contact_number if i else "",
        )
        yield from text_field(
            "Preferred contact times",
            "preferred-contact-times",
            i.preferred_contact_times if i else "",
        )
        if i is None:
            yield from text_field("Address if not the case property", "address")
        yield from notes_field("Notes", "notes", i.notes if i else "")
        yield from not_for_disclosure_field(i.not_for_disclosure if i else False)

    def collect(self) -> PersonInput:
        """The typed values; raises WhenError for a bad date."""
        if self.role_fixed:
            role = self.initial.role if self.initial else PartyRole.VICTIM
        elif choice_of(self, "role") in set(PartyRole):
            role = PartyRole(choice_of(self, "role"))
        else:
            raise ValidationError({"role": "Choose the person's role."})
        return PersonInput(
            role=role,
            full_name=value_of(self, "full-name"),
            date_of_birth=day_of(self, "date-of-birth", today=self.today, prefer="past"),
            phone=value_of(self, "phone"),
            safe_contact_number=value_of(self, "safe-contact-number"),
            preferred_contact_times=value_of(self, "preferred-contact-times"),
            address=value_of(self, "address") if self.initial is None else "",
            notes=value_of(self, "notes"),
            not_for_disclosure=not_for_disclosure(self),
        )


class IncidentDialog(FormDialog[IncidentInput, object]):
    """Record a new report on the case, or edit one."""

    TITLE_TEXT = "Incident"

    def __init__(
        self,
        save: Save[IncidentInput, object],
        *,
        now: datetime,
        initial: IncidentInput | None = None,
        reload: Reload | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.now = now
        self.initial = initial

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from text_field(
            "When (e.g. today 14:00, yesterday 21:30, 20/11/2026 9:00)",
            "occurred-at",
            format_when(i.occurred_at) if i else "now",
        )
        yield from multi_field("What happened", "kinds", IncidentType, i.kinds if i else None)
        yield from text_field(OTHER_KIND_LABEL, "other-kind", i.other_kind if i else "")
        yield from multi_field(
            "Perceived hate strands", "strands", Strand, i.strands if i else None
        )
        yield from text_field("Where", "location", i.location if i else "")
        yield from text_field("Who (alleged perpetrators, descriptions)", "who", i.who if i else "")
        yield from text_field(
            "Police crime number", "police-crime-number", i.police_crime_number if i else ""
        )
        yield from notes_field("Description", "description", i.description if i else "")
        yield from not_for_disclosure_field(i.not_for_disclosure if i else False)

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


class ContactDialog(FormDialog[ContactInput, object]):
    """Log a letter, call, visit or message."""

    TITLE_TEXT = "Contact"
    HELP = (
        "Log a letter, call, visit, message or meeting. Contact going out to an alleged "
        "perpetrator is an approach: without the victim's consent to approach, saving "
        "says whose consent is missing and asks for the reason to go ahead, which is kept "
        "with the contact. Tick 'not for disclosure' to keep the notes out of subject "
        "access exports."
    )

    def __init__(
        self,
        save: Save[ContactInput, object],
        *,
        now: datetime,
        people: list[tuple[str, uuid.UUID]],
        initial: ContactInput | None = None,
        reload: Reload | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.now = now
        self.people = people
        self.initial = initial
        self.override_reason = initial.consent_override_reason if initial else ""
        """Why an approach goes ahead without consent, once the officer has said."""

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from text_field("When", "at", format_when(i.at) if i else "now")
        yield from choice_field("How", "method", ContactMethod, i.method if i else None)
        yield from choice_field("Direction", "direction", Direction, i.direction if i else None)
        yield Label("With", classes="field-label")
        options: list[tuple[Content, str]] = [
            (literal_line(name, 60), str(pid)) for name, pid in self.people
        ]
        options.append((Content("No one in the case"), "none"))
        initial = str(i.person_id) if i and i.person_id else options[0][1]
        yield Select(options, id="person", value=initial, allow_blank=False)
        yield from choice_field("Outcome", "outcome", ContactOutcome, i.outcome if i else None)
        yield from notes_field("Notes", "notes", i.notes if i else "")
        yield from not_for_disclosure_field(i.not_for_disclosure if i else False)

    def collect(self) -> ContactInput:
        """The typed values."""
        person = choice_of(self, "person")
        return ContactInput(
            at=moment_of(self, "at", now=self.now),
            method=choice_of(self, "method"),
            direction=choice_of(self, "direction"),
            person_id=uuid.UUID(person) if person and person != "none" else None,
            outcome=choice_of(self, "outcome"),
            notes=value_of(self, "notes"),
            not_for_disclosure=not_for_disclosure(self),
            consent_override_reason=self.override_reason,
        )

    async def submit(self, data: ContactInput) -> object:
        """Save; when only the reason to approach without consent is missing, ask for it."""
        try:
            return await super().submit(data)
        except ValidationError as exc:
            if set(exc.errors) != {CONSENT_OVERRIDE}:
                # The reason is asked for once the rest is right, in its own dialog.
                raise ValidationError(
                    {k: v for k, v in exc.errors.items() if k != CONSENT_OVERRIDE}
                ) from exc
            reason = await self.app.ask(
                ConsentOverrideDialog(
                    exc.errors[CONSENT_OVERRIDE],
                    title="No consent to approach the alleged perpetrator",
                )
            )
        if reason is None:
            raise ValidationError(
                {"": "Not saved: a reason is needed to approach them without the victim's consent."}
            )
        self.override_reason = reason
        return await super().submit(replace(data, consent_override_reason=reason))


class ActionDialog(FormDialog[ActionInput, object]):
    """Add an item to the action plan, or edit one."""

    TITLE_TEXT = "Action"

    def __init__(
        self,
        save: Save[ActionInput, object],
        *,
        today: date,
        initial: ActionInput | None = None,
        reload: Reload | None = None,
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
        reload: Reload | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.initial = initial

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from choice_field("Category", "category", Category, i.category)
        yield from multi_field("Perceived hate strands", "strands", Strand, i.strands)
        yield from choice_field("Status", "status", CaseStatus, i.status)
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
