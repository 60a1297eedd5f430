"""Asking who a person typed may be, before a new record is made for them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from fieldcase.domain.text import one_line
from fieldcase.services.people import KnownPerson
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.choice import ChoiceDialog

NEW_PERSON: Literal["new"] = "new"
"""The answer that makes a new record."""

WhoItIs = KnownPerson | Literal["new"] | None
"""A known person to use, a new person, or no answer (Esc)."""


def who_question(typed_name: str, matches: Sequence[KnownPerson], today: date) -> ChoiceDialog:
    """ "Gary Stroud may already be known: …", answered by a known person's id or "new"."""
    lines = [f"{one_line(typed_name, 60)} may already be known:"]
    lines += [f"• {m.summary(today)}" for m in matches]
    lines.append("Is this one of them? Their cautions, ladder and cases follow them.")
    answers = [
        (
            "Use this person"
            if len(matches) == 1
            else f"Use this person: {one_line(', '.join(_short(m, today)), 60)}",
            str(m.id),
        )
        for m in matches
    ]
    answers.append(("A new person", NEW_PERSON))
    return ChoiceDialog("\n".join(lines), answers)


def _short(person: KnownPerson, today: date) -> list[str]:
    """Name, born or age, and first address: enough to tell two matches apart."""
    return [x for x in (person.full_name, person.born(today), *person.addresses[:1]) if x]


async def ask_who_it_is(
    app: FieldcaseApp, typed_name: str, matches: Sequence[KnownPerson]
) -> WhoItIs:
    """Ask whether ``typed_name`` is one of the people already known (from a worker)."""
    answer = await app.ask(who_question(typed_name, matches, app.today()))
    if answer == NEW_PERSON:
        return NEW_PERSON
    return next((m for m in matches if str(m.id) == answer), None)
