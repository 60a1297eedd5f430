"""The people lines of the new-case form: household members and alleged perpetrators.

Each line's name is a ``PersonPicker``: a known person picked keeps their
record; what else the line holds (relationship, age, address) is about their
part in this case.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from fieldcase.domain.vocab import PartyRole
from fieldcase.domain.when import WhenError, parse_day
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import ValidationError
from fieldcase.services.people import KnownPerson
from fieldcase.ui.widgets.person_picker import PersonPicker

FIND_PLACEHOLDER = "Name, or date of birth, phone or address to find someone known"
PICKED = "picked-"
"""Draft key prefix: ``picked-<name field id>`` holds the id of the known person picked there."""


def household_row(n: int) -> PersonPicker:
    """Line ``n`` of the household: name, relationship, and age or date of birth."""
    return PersonPicker(
        f"household-name-{n}",
        placeholder="Name",
        after=(
            Input(
                placeholder="Relationship, e.g. son",
                id=f"household-relationship-{n}",
                classes="household-relationship",
            ),
            Input(
                placeholder="Age or dd/mm/yyyy",
                id=f"household-age-{n}",
                classes="household-age",
            ),
        ),
        id=f"household-row-{n}",
        classes="household-row",
    )


def perpetrator_row(n: int) -> PersonPicker:
    """Line ``n`` of the alleged perpetrators: name and address."""
    return PersonPicker(
        f"perp-name-{n}",
        placeholder="Name (blank = unknown)",
        after=(Input(placeholder="Address, if known", id=f"perp-address-{n}"),),
        id=f"perpetrator-row-{n}",
        classes="perpetrator-row",
    )


def known_input(
    person: KnownPerson, role: PartyRole, *, relationship: str = "", address: str = ""
) -> PersonInput:
    """A known person picked, taking ``role`` in the case (nothing about them is copied).

    ``relationship`` and ``address`` are about their part in this case.
    """
    return PersonInput(
        full_name=person.full_name,
        role=role,
        person_id=person.id,
        relationship=relationship,
        address=address,
    )


def day_of_birth(text: str, field: str, today: date) -> date | None:
    """A date of birth typed in a field; blank is None.

    Raises:
        ValidationError: It is not a date (on ``field``).
    """
    text = text.strip()
    if not text:
        return None
    try:
        return parse_day(text, today=today, prefer="past")
    except WhenError as exc:
        raise ValidationError({field: f"Date of birth: {exc}"}) from exc


def household_member(picker: PersonPicker, n: int, today: date) -> tuple[PersonInput | None, str]:
    """Household line ``n`` as typed or picked (None when empty), and its name field."""
    relationship = _value(picker, f"#household-relationship-{n}")
    age_text = _value(picker, f"#household-age-{n}").strip()
    if picker.picked is not None:
        person = known_input(picker.picked, PartyRole.HOUSEHOLD, relationship=relationship)
        return person, picker.input_id
    if not (picker.value.strip() or relationship.strip() or age_text):
        return None, picker.input_id
    age = int(age_text) if age_text.isdigit() else None
    born = None
    if age_text and age is None:
        try:
            born = parse_day(age_text, today=today, prefer="past")
        except WhenError as exc:
            raise ValidationError(
                {
                    f"household_age_{n}": f"Household member {n}: give an age in years or a "
                    f"date of birth (dd/mm/yyyy). {exc}"
                }
            ) from exc
    person = PersonInput(
        full_name=picker.value,
        role=PartyRole.HOUSEHOLD,
        relationship=relationship,
        age_given=age,
        date_of_birth=born,
        declined=picker.declined,
    )
    return person, picker.input_id


def perpetrator(picker: PersonPicker, address: str) -> tuple[PersonInput | None, str]:
    """An alleged perpetrator's line as typed or picked (None when empty), and its name field."""
    if picker.picked is not None:
        return known_input(picker.picked, PartyRole.PERPETRATOR, address=address), picker.input_id
    name = picker.value.strip()
    if not name and not address.strip():
        return None, picker.input_id
    person = PersonInput(
        full_name=name or "Unknown",
        role=PartyRole.PERPETRATOR,
        address=address,
        declined=picker.declined,
    )
    return person, picker.input_id


def _value(picker: PersonPicker, selector: str) -> str:
    return picker.query_one(selector, Input).value
