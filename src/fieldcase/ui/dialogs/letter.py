"""Write a letter: choose the letter and who it is to, fill its fields, choose where to save."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from fieldcase.domain.letters import LetterTemplate
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.errors import ValidationError
from fieldcase.services.letters import LEAVES_THE_STORE, LetterInput, Recipient
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.formatting import label_of
from fieldcase.ui.text import literal, literal_line
from fieldcase.ui.widgets.fields import text_field


class LetterDialog(FormDialog[LetterInput, Path]):
    """Choose a template and a recipient, see and fill the fields, and save the PDF."""

    TITLE_TEXT = "Write a letter"
    HELP = (
        "Choose the letter and who it is to. The fields fieldcase fills are shown; type "
        "the others. Ctrl+S writes the PDF where you say (never over an existing file) "
        "and logs the letter as a contact. A letter to an alleged perpetrator needs the "
        "victim's consent, or your reason to send it without."
    )

    def __init__(
        self,
        save: Save[LetterInput, Path],
        *,
        templates: dict[str, LetterTemplate],
        recipients: list[Recipient],
        folder: Path,
        reference: str,
    ) -> None:
        super().__init__(save)
        self.templates = templates
        self.recipients = recipients
        self.folder = folder
        self.reference = reference
        self.typed: dict[str, str] = {}
        """What the officer typed in each field, kept when the letter is changed."""

    def fields(self) -> ComposeResult:
        first = next(iter(self.templates))
        yield Label("Letter", classes="field-label")
        yield Select(
            [(literal_line(t.title, 60), key) for key, t in self.templates.items()],
            id="template",
            value=first,
            allow_blank=False,
        )
        yield Label("To", classes="field-label")
        yield Select(
            [
                (literal_line(f"{r.name} ({label_of(PartyRole, r.role)})", 60), str(r.person_id))
                for r in self.recipients
            ],
            id="recipient",
            prompt="Choose who it is to",
        )
        yield Static("", id="letter-filled", classes="field-label")
        yield Vertical(id="letter-fields")
        yield from text_field("Save to", "path", str(self._default_path(first)))
        yield Static(Content(LEAVES_THE_STORE), classes="field-label")

    def on_mount(self) -> None:
        super().on_mount()
        self._pick_recipient()
        self.call_later(self.show_template)

    @property
    def changed(self) -> bool:
        """True once anything is typed, the letter's own fields included."""
        return super().changed or any(v.strip() for v in self.typed.values())

    def _default_path(self, key: str) -> Path:
        return self.folder / f"{self.reference}-{key.replace('_', '-')}.pdf"

    def _pick_recipient(self) -> None:
        """Start on the first person the chosen letter is meant for."""
        template = self.templates[choice_of(self, "template")]
        meant = [r for r in self.recipients if r.role in template.recipients]
        if meant:
            self.query_one("#recipient", Select).value = str(meant[0].person_id)

    @property
    def recipient(self) -> Recipient | None:
        """The person chosen, if any."""
        chosen = choice_of(self, "recipient")
        return next((r for r in self.recipients if str(r.person_id) == chosen), None)

    @on(Select.Changed, "#template")
    async def template_changed(self) -> None:
        key = choice_of(self, "template")
        self.query_one("#path", Input).value = str(self._default_path(key))
        self._pick_recipient()
        await self.show_template()

    @on(Select.Changed, "#recipient")
    def recipient_changed(self) -> None:
        self.show_filled()

    async def show_template(self) -> None:
        """One input for each field the officer types, keeping what was typed."""
        template = self.templates[choice_of(self, "template")]
        box = self.query_one("#letter-fields", Vertical)
        widgets: list[Widget] = []
        for name in template.typed_fields:
            widgets.append(Label(Content(template.label(name)), classes="field-label"))
            widgets.append(Input(self.typed.get(name, ""), name=name, classes="letter-field"))
        await box.remove_children()
        await box.mount_all(widgets)
        self.show_filled()

    def show_filled(self) -> None:
        """What fieldcase fills in for this letter and this person, blanks marked."""
        template = self.templates[choice_of(self, "template")]
        recipient = self.recipient
        values = recipient.values if recipient else {}
        lines = ["Filled in by fieldcase:"]
        for name in template.fields:
            if name in template.typed_fields:
                continue
            value = " ".join(values.get(name, "").split()) or "— no value: set it first —"
            lines.append(f"  {template.label(name)}: {value}")
        self.query_one("#letter-filled", Static).update(literal("\n".join(lines)))

    @on(Input.Changed)
    def field_typed(self, event: Input.Changed) -> None:
        if event.input.has_class("letter-field") and event.input.name:
            self.typed[event.input.name] = event.value

    def collect(self) -> LetterInput:
        """The letter asked for: template, recipient, typed fields and file."""
        recipient = self.recipient
        typed = value_of(self, "path").strip()
        if recipient is None:
            raise ValidationError({"recipient": "Choose who the letter is to."})
        if not typed:
            raise ValidationError({"path": "Say where to save the letter."})
        path = Path(typed).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        template = self.templates[choice_of(self, "template")]
        values = {name: self.typed.get(name, "") for name in template.typed_fields}
        return LetterInput(template.key, recipient.person_id, path, values)
