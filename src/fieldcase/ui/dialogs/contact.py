"""Logging a letter, call, visit or message: few keys for the usual case.

The way of making contact sets the usual direction and outcome (a letter goes
out and was sent; a visit by hand is a knock with no answer, "no access"; see
``domain.contacts``); "with" starts on the person the officer had highlighted;
and one choice logs the same contact with each alleged perpetrator.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, Select

from fieldcase.domain.contacts import usual_outcome
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, Direction
from fieldcase.domain.when import MIDDAY, format_when, parse_when
from fieldcase.services.contact_records import CONSENT_OVERRIDE, ContactInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, moment_of, not_for_disclosure, value_of
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.form import FormDialog, Reload, Save
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.fields import (
    choice_field,
    not_for_disclosure_field,
    notes_field,
    when_field,
)

EACH_PERPETRATOR = "each-perpetrator"
"""The "with" choice that logs one contact with each alleged perpetrator."""
NO_ONE = "none"
"""The "with" choice for a contact with no one recorded on the case."""


class ContactDialog(FormDialog[ContactInput, object]):
    """Log a letter, call, visit or message, or edit one."""

    TITLE_TEXT = "Contact"
    HELP = (
        "Log a letter, call, visit, message or meeting. Choosing how sets the usual "
        "direction and outcome (a letter: out, sent; a visit: no access; a call: spoke), "
        "which you can change. 'With' starts on the person highlighted on the case file; "
        "'Each alleged perpetrator' logs one contact with each of them. Contact going out "
        "to an alleged perpetrator is an approach: without the victim's consent to "
        "approach, saving says whose consent is missing and asks for the reason to go "
        "ahead, which is kept with the contact. Tick 'not for disclosure' to keep the "
        "notes out of subject access exports."
    )

    def __init__(
        self,
        save: Save[ContactInput, object],
        *,
        now: datetime,
        people: list[tuple[str, uuid.UUID]],
        initial: ContactInput | None = None,
        start: ContactInput | None = None,
        each_perpetrator: list[str] | None = None,
        reload: Reload[ContactInput] | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            save: Saves what was typed (one service call).
            now: The current moment, for "now" and "today 14:00".
            people: (label, person id) of everyone on the case, in the order shown.
            initial: The contact being edited.
            start: What a new contact starts as: how, with whom (or with each alleged
                perpetrator); it starts "now", with the usual direction and outcome.
            each_perpetrator: Who a contact with each alleged perpetrator goes to, by
                name; the choice is offered for two or more, on a new contact.
            reload: Loads the latest version after an edit conflict.
        """
        super().__init__(save, reload=reload)
        self.now = now
        self.people = people
        self.initial = initial
        self.editing = initial is not None
        """True when editing a contact already logged."""
        self.start = initial or start or ContactInput(at=now, method=ContactMethod.LETTER)
        self.each = [] if self.editing else list(each_perpetrator or [])
        self.override_reason = initial.consent_override_reason if initial else ""
        """Why an approach goes ahead without consent, once the officer has said."""
        self._method = self.start.method
        self._direction = self.start.direction if self.editing else Direction.OUT
        """The choices the usual outcome was last set from (mounting repeats them)."""

    def use_latest(self, latest: ContactInput) -> None:
        """Start from the contact as saved now: how, which way, with whom, and why."""
        super().use_latest(latest)
        self.start = latest
        self.override_reason = latest.consent_override_reason
        self._method, self._direction = latest.method, latest.direction

    def fields(self) -> ComposeResult:
        i = self.initial
        method, direction = self._method, self._direction
        yield from choice_field("How", "method", ContactMethod, method)
        yield Label("With", classes="field-label")
        yield Select(self._with_options(), id="person", value=self._with_first(), allow_blank=False)
        yield from when_field(
            "When (e.g. now, today 14:00, yesterday 9:30)",
            "at",
            format_when(i.at) if i else "now",
            self._read_when,
        )
        yield from choice_field("Direction", "direction", Direction, direction)
        outcome = i.outcome if i else usual_outcome(method, direction)
        yield from choice_field("Outcome", "outcome", ContactOutcome, outcome)
        yield from notes_field("Notes", "notes", i.notes if i else "")
        yield from not_for_disclosure_field(i.not_for_disclosure if i else False)

    def _with_options(self) -> list[tuple[Content, str]]:
        options: list[tuple[Content, str]] = []
        seen: set[uuid.UUID] = set()
        for label, person_id in self.people:
            if person_id not in seen:
                seen.add(person_id)
                options.append((literal_line(label, 60), str(person_id)))
        kept = self.start.person_id
        if self.editing and kept is not None and kept not in seen:
            options.append((Content("Someone no longer on this case"), str(kept)))
        if len(self.each) >= 2:
            names = ", ".join(self.each)
            options.append(
                (literal_line(f"Each alleged perpetrator: {names}", 60), EACH_PERPETRATOR)
            )
        options.append((Content("No one in the case"), NO_ONE))
        return options

    def _with_first(self) -> str:
        values = [value for _, value in self._with_options()]
        if self.start.to_each_perpetrator and EACH_PERPETRATOR in values:
            return EACH_PERPETRATOR
        if self.start.person_id is not None and str(self.start.person_id) in values:
            return str(self.start.person_id)
        return NO_ONE if self.editing else values[0]

    def _read_when(self, text: str) -> datetime:
        return parse_when(text, now=self.now, prefer="past", default_time=MIDDAY)

    @on(Select.Changed, "#method")
    def method_chosen(self, event: Select.Changed) -> None:
        """A new way of making contact: going out, with its usual outcome."""
        if str(event.value) == self._method:
            return
        self._method = str(event.value)
        self._direction = Direction.OUT
        self.query_one("#direction", Select).value = Direction.OUT
        self._usual_outcome()

    @on(Select.Changed, "#direction")
    def direction_chosen(self, event: Select.Changed) -> None:
        """A change of direction: the usual outcome that way (a letter in was received)."""
        if str(event.value) == self._direction:
            return
        self._direction = str(event.value)
        self._usual_outcome()

    def _usual_outcome(self) -> None:
        self.query_one("#outcome", Select).value = usual_outcome(self._method, self._direction)

    def collect(self) -> ContactInput:
        """The typed values."""
        person = choice_of(self, "person")
        each = person == EACH_PERPETRATOR
        return ContactInput(
            at=moment_of(self, "at", now=self.now),
            method=choice_of(self, "method"),
            direction=choice_of(self, "direction"),
            person_id=None if each or person in ("", NO_ONE) else uuid.UUID(person),
            outcome=choice_of(self, "outcome"),
            notes=value_of(self, "notes"),
            not_for_disclosure=not_for_disclosure(self),
            consent_override_reason=self.override_reason,
            to_each_perpetrator=each,
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
