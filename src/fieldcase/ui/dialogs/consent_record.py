"""Record a victim's consent, or its withdrawal."""

from __future__ import annotations

import uuid
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Label, Select

from fieldcase.domain.protection import ConsentKind, ConsentMethod
from fieldcase.domain.when import MIDDAY, parse_when
from fieldcase.services.consent import ConsentInput
from fieldcase.ui.dialogs.case_items import choice_of, moment_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.formatting import cell
from fieldcase.ui.widgets.fields import choice_field, notes_field, when_field
from fieldcase.ui.widgets.ticks import TickBox

FACE_TO_FACE = "Face to face: also log it as contact with them"

DECISIONS = [("Given", "given"), ("Withdrawn (or refused)", "withdrawn")]


class ConsentDialog(FormDialog[ConsentInput, object]):
    """Record that a victim gave or withdrew consent."""

    TITLE_TEXT = "Consent"
    HELP = (
        "Record that a victim gave or withdrew consent, and how. Taken face to face (ticked "
        "unless it came by email), it is also logged as contact with them, so their last "
        "contact and the next contact due move on; untick it for a phone call or a letter."
    )

    def __init__(
        self,
        save: Save[ConsentInput, object],
        *,
        now: datetime,
        victims: list[tuple[str, uuid.UUID]],
        person_id: uuid.UUID | None = None,
        kind: ConsentKind | None = None,
        given: bool = True,
    ) -> None:
        """Build the dialog.

        Args:
            save: Saves the typed decision (raises ValidationError for bad input).
            now: The current moment, for "now" and "today 14:00".
            victims: (name, person id) of everyone on the case who can consent.
            person_id: The victim chosen at first.
            kind: The kind of consent chosen at first.
            given: Whether "Given" or "Withdrawn" is chosen at first.
        """
        super().__init__(save)
        self.now = now
        self.victims = victims
        self.person_id = person_id
        self.kind = kind
        self.given = given

    def fields(self) -> ComposeResult:
        yield Label("Victim", classes="field-label")
        options = [(cell(name, 60), str(pid)) for name, pid in self.victims]
        chosen = str(self.person_id) if self.person_id else (options[0][1] if options else None)
        yield Select(options, id="person-id", value=chosen or Select.NULL, allow_blank=not options)
        yield from choice_field("Consent to", "kind", ConsentKind, self.kind)
        yield Label("Decision", classes="field-label")
        yield Select(
            DECISIONS,
            id="decision",
            value="given" if self.given else "withdrawn",
            allow_blank=False,
        )
        yield from when_field(
            "When (e.g. now, today 14:00, 20/11/2026 9:30)", "recorded-at", "now", self._read_when
        )
        yield from choice_field("How it was recorded", "method", ConsentMethod)
        yield TickBox(FACE_TO_FACE, True, id="face-to-face")
        yield from notes_field("Notes (what was explained, any conditions)", "notes")

    def on_mount(self) -> None:
        self.query_one("#person-id").focus()

    def _read_when(self, text: str) -> datetime:
        return parse_when(text, now=self.now, prefer="past", default_time=MIDDAY)

    @on(Select.Changed, "#method")
    def method_chosen(self, event: Select.Changed) -> None:
        """Consent by email was not taken face to face."""
        self.query_one("#face-to-face", Checkbox).value = event.value != ConsentMethod.EMAIL

    def collect(self) -> ConsentInput:
        """The typed decision; raises WhenError for a bad time."""
        person = choice_of(self, "person-id")
        return ConsentInput(
            person_id=uuid.UUID(person) if person else None,
            kind=choice_of(self, "kind"),
            given=choice_of(self, "decision") == "given",
            recorded_at=moment_of(self, "recorded-at", now=self.now),
            method=choice_of(self, "method"),
            notes=value_of(self, "notes"),
            face_to_face=self.query_one("#face-to-face", Checkbox).value,
        )
