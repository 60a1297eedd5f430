"""A name field that finds the people already known, so nobody is recorded twice.

As the officer types a name (or a date of birth, phone number or address),
a short list of the people already known appears under the field, each with
their cases, roles, cautions and ladder. The focus stays in the field: Down
and Up move through the list, Enter picks, Esc (or Up from the top) goes back
to typing. The last entry is always "New person: <what was typed>". A picked
person shows as chosen under the field; typing again un-picks them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fieldcase.domain.text import one_line
from fieldcase.services import people
from fieldcase.services.people import KnownPerson
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.text import literal

SEARCH_DELAY = 0.2
"""How long typing must pause before the people already known are looked up."""

NEW_PERSON = "new"
"""The option id of "New person: <typed name>"."""


class PersonPicker(Vertical):
    """A name input with the known people it matches listed under it as the officer types.

    ``before`` and ``after`` are widgets on the same line as the name (a
    signatory's role, a perpetrator's address); the list spans the whole width
    below them.
    """

    DEFAULT_CSS = """
    PersonPicker {
        height: auto;
    }
    PersonPicker > .person-picker-row {
        height: auto;
    }
    PersonPicker > .person-picker-row > .person-name {
        width: 1fr;
    }
    PersonPicker > .person-matches {
        display: none;
        max-height: 6;
        border: none;
        padding: 0 1;
        margin: 0 0 0 2;
        background: $boost;
    }
    PersonPicker.-open > .person-matches {
        display: block;
    }
    PersonPicker > .person-matches > .option-list--option-highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PersonPicker > .person-picked {
        display: none;
        color: $text-success;
        margin: 0 0 0 2;
    }
    PersonPicker.-picked > .person-picked {
        display: block;
    }
    """

    BINDINGS = [
        Binding(
            "down",
            "next_match",
            "Known people",
            show=False,
            id="person-next-match",
            tooltip="Move down the list of people already known",
        ),
        Binding("up", "previous_match", "Back up", show=False, id="person-previous-match"),
        Binding(
            "escape",
            "close_matches",
            "Back to typing",
            show=False,
            id="person-close-matches",
            tooltip="Close the list of people already known and go on typing",
        ),
    ]

    app = getters.app(FieldcaseApp)

    @dataclass
    class Picked(Message):
        """A known person was picked (``person``), or un-picked (None)."""

        picker: PersonPicker
        person: KnownPerson | None

        @property
        def control(self) -> PersonPicker:
            """The picker, for ``@on(PersonPicker.Picked, "#…")``."""
            return self.picker

    def __init__(
        self,
        input_id: str,
        *,
        value: str = "",
        placeholder: str = "",
        before: Iterable[Widget] = (),
        after: Iterable[Widget] = (),
        searching: bool = True,
        name_classes: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.input_id = input_id
        self._name_classes = name_classes
        self._value = value
        self._placeholder = placeholder
        self._before = list(before)
        self._after = list(after)
        self.searching = searching
        """False where the name is not a person to look for (e.g. a staff signatory)."""
        self.picked: KnownPerson | None = None
        """The known person chosen, if any."""
        self._declined: tuple[str, tuple[uuid.UUID, ...]] = ("", ())
        self._found: list[KnownPerson] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="person-picker-row"):
            yield from self._before
            yield Input(
                self._value,
                id=self.input_id,
                placeholder=self._placeholder,
                classes=f"person-name {self._name_classes}".strip(),
            )
            yield from self._after
        matches = OptionList(markup=False, classes="person-matches")
        matches.can_focus = False
        yield matches
        yield Static("", classes="person-picked")

    @property
    def name_input(self) -> Input:
        """The name field."""
        return self.query_one(".person-name", Input)

    @property
    def matches(self) -> OptionList:
        """The list of people already known that match what is typed."""
        return self.query_one(".person-matches", OptionList)

    @property
    def value(self) -> str:
        """What is typed in the name field."""
        return self.name_input.value

    @property
    def person_id(self) -> uuid.UUID | None:
        """The id of the known person picked, if any."""
        return self.picked.id if self.picked is not None else None

    @property
    def declined(self) -> list[uuid.UUID]:
        """Known people the officer said this is not, while the name is as it was then."""
        name, ids = self._declined
        return list(ids) if name == self.value else []

    def decline(self, ids: Iterable[uuid.UUID]) -> None:
        """The officer said the name typed is a new person, not any of ``ids``."""
        self._declined = (self.value, (*self.declined, *ids))

    @property
    def is_open(self) -> bool:
        """True while the list of matches shows."""
        return self.has_class("-open")

    def pick(self, person: KnownPerson) -> None:
        """Choose a known person: their name goes in the field and they show as chosen."""
        self.picked = person
        self.close()
        self.name_input.value = person.full_name
        self.name_input.cursor_position = len(person.full_name)
        line = person.summary(self.app.today())
        self.query_one(".person-picked", Static).update(literal("✓ " + line))
        self.add_class("-picked")
        self.post_message(self.Picked(self, person))

    def unpick(self) -> None:
        """Forget the person picked: what is typed is someone to look for again."""
        if self.picked is None:
            return
        self.picked = None
        self.remove_class("-picked")
        self.post_message(self.Picked(self, None))

    @work(exclusive=True, group="person-restore")
    async def restore_pick(self, person_id: uuid.UUID) -> None:
        """Pick a known person again by id (a draft being carried on with)."""
        found = await self.app.run_service(people.describe_people, [person_id])
        if found:
            self.pick(found[0])

    @on(Input.Changed, ".person-name")
    def _typed(self, event: Input.Changed) -> None:
        if self.picked is not None and event.value != self.picked.full_name:
            self.unpick()
        if self.picked is not None or not self.searching or not self.name_input.has_focus:
            self.close()
            return
        self._search(event.value)

    @on(Input.Submitted, ".person-name")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter on a highlighted match picks it (and the form does not move on)."""
        if self.is_open and self.matches.highlighted is not None:
            event.stop()
            self._choose(self.matches.highlighted)

    @on(Input.Blurred, ".person-name")
    def _left(self) -> None:
        self.close()

    @on(OptionList.OptionSelected, ".person-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    @work(exclusive=True, group="person-search")
    async def _search(self, text: str) -> None:
        await asyncio.sleep(SEARCH_DELAY)
        if not text.strip():
            self.close()
            return
        found = await self.app.run_service(people.find_people, text, today=self.app.today())
        if self.name_input.has_focus and self.value == text and self.picked is None:
            self._show(text, found)

    def _show(self, text: str, found: list[KnownPerson]) -> None:
        self._found = found
        today = self.app.today()
        options = [Option(literal(p.summary(today)), id=str(p.id)) for p in found]
        options.append(Option(Content("New person: ") + literal(one_line(text)), id=NEW_PERSON))
        matches = self.matches
        matches.set_options(options)
        matches.highlighted = None
        self.add_class("-open")
        self.call_after_refresh(matches.scroll_visible)

    def close(self) -> None:
        """Put the list of matches away (e.g. while a question about the name is asked)."""
        self.remove_class("-open")
        self.matches.highlighted = None

    def _choose(self, index: int) -> None:
        option = self.matches.get_option_at_index(index)
        if option.id == NEW_PERSON:
            self.decline(p.id for p in self._found)
            self.close()
            return
        chosen = next((p for p in self._found if str(p.id) == option.id), None)
        if chosen is not None:
            self.pick(chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The list's keys work only while the list shows; otherwise they go to the form."""
        if action in ("next_match", "previous_match", "close_matches"):
            return self.is_open
        return True

    def action_next_match(self) -> None:
        """Move down the list (from the name field, onto its first entry)."""
        self.matches.action_cursor_down()

    def action_previous_match(self) -> None:
        """Move up the list; from its top, back to typing."""
        matches = self.matches
        if matches.highlighted in (None, 0):
            matches.highlighted = None
        else:
            matches.action_cursor_up()

    def action_close_matches(self) -> None:
        """Close the list and go on typing."""
        self.close()
