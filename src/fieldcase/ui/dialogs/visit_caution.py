"""Adding a caution marker to an address or a person."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.widgets import Label, Select

from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import CautionKind
from fieldcase.services.cautions import CautionInput
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.fields import choice_field, text_field


class VisitCautionDialog(FormDialog[CautionInput, uuid.UUID]):
    """Put a caution marker on the address, the person, or both; returns the marker id.

    The opener's ``save`` stores it (``cautions.add_caution_marker``).
    """

    TITLE_TEXT = "Caution marker"
    HELP = (
        "A caution marker follows the address or the person into every visit plan. "
        "Choose the kind, where it belongs, and add a short note."
    )

    def __init__(
        self,
        save: Save[CautionInput, uuid.UUID],
        *,
        property_id: uuid.UUID | None,
        address: str,
        person_id: uuid.UUID | None,
        name: str,
    ) -> None:
        super().__init__(save)
        self.property_id = property_id
        self.person_id = person_id
        self.targets: list[tuple[str, str]] = []
        if property_id is not None:
            self.targets.append((f"The address: {one_line(address, 50)}", "property"))
        if person_id is not None:
            self.targets.append((f"The person: {one_line(name, 40)}", "person"))
        if property_id is not None and person_id is not None:
            self.targets.append(("Both", "both"))

    def fields(self) -> ComposeResult:
        yield from choice_field("Kind of caution", "kind", CautionKind)
        yield Label("Where it belongs", classes="field-label")
        if self.targets:
            yield Select(
                [(literal_line(label), value) for label, value in self.targets],
                id="target",
                value=self.targets[0][1],
                allow_blank=False,
            )
        else:
            yield Label("This visit has no address or person to mark.", classes="error")
        yield from text_field("Note", "note", placeholder="e.g. two large dogs, kept in the back")

    def on_mount(self) -> None:
        self.query_one("#kind").focus()

    def collect(self) -> CautionInput:
        """The caution as typed."""
        target = choice_of(self, "target") if self.targets else ""
        return CautionInput(
            kind=choice_of(self, "kind"),
            property_id=self.property_id if target in ("property", "both") else None,
            person_id=self.person_id if target in ("person", "both") else None,
            note=value_of(self, "note"),
        )
