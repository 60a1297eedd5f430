"""Adding a person to a case, found among the people already known or new; editing one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from fieldcase.db.models import Person
from fieldcase.domain.people import age_now
from fieldcase.domain.vocab import PartyRole
from fieldcase.domain.when import format_day
from fieldcase.services import people
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import ValidationError
from fieldcase.services.people import KnownPerson
from fieldcase.ui.dialogs.case_items import choice_of, day_of, not_for_disclosure, value_of
from fieldcase.ui.dialogs.form import FormDialog, Reload, Save
from fieldcase.ui.dialogs.maybe_known import ask_who_it_is
from fieldcase.ui.widgets.fields import (
    choice_field,
    not_for_disclosure_field,
    notes_field,
    text_field,
)
from fieldcase.ui.widgets.person_picker import PersonPicker


class PersonDialog(FormDialog[PersonInput, object]):
    """Add a person to the case (found among the people already known, or new), or edit one."""

    TITLE_TEXT = "Person"
    HELP = (
        "Type a name, date of birth, phone number or address: the people already known "
        "who match are listed under it. Down and Up move through the list, Enter picks, "
        "Esc goes back to typing. A picked person keeps their record, cautions, ladder and "
        "other cases. Someone typed who may already be known is asked about on saving."
    )

    def __init__(
        self,
        save: Save[PersonInput, object],
        *,
        today: date,
        initial: PersonInput | None = None,
        role_fixed: bool = False,
        reload: Reload[PersonInput] | None = None,
    ) -> None:
        super().__init__(save, reload=reload)
        self.today = today
        self.initial = initial
        self.role_fixed = role_fixed

    def fields(self) -> ComposeResult:
        i = self.initial
        if not self.role_fixed:
            yield from choice_field("Role", "role", PartyRole, i.role if i else None)
        if i is None:
            yield Label(
                "Name: type to find someone already known (blank = unknown perpetrator)",
                classes="field-label",
            )
            yield PersonPicker("full-name", placeholder="Name, date of birth, phone or address")
            yield from text_field(
                "Relationship to the victim (e.g. son, neighbour)", "relationship"
            )
        else:
            yield from text_field("Full name", "full-name", i.full_name)
        with Vertical(id="person-details"):
            yield from self._detail_fields(i)

    def _detail_fields(self, i: PersonInput | None) -> ComposeResult:
        """What is typed about a new person (a known person picked has it already)."""
        yield from text_field(
            "Date of birth (dd/mm/yyyy)", "date-of-birth", format_day(i.date_of_birth) if i else ""
        )
        yield from text_field(
            "Age in years, if the date of birth is not known",
            "age-given",
            str(i.age_given) if i and i.age_given is not None else "",
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

    @on(PersonPicker.Picked)
    def _picked(self, event: PersonPicker.Picked) -> None:
        """A known person's details are not typed again."""
        self.query_one("#person-details").display = event.person is None

    @property
    def _picker(self) -> PersonPicker | None:
        found = self.query(PersonPicker)
        return found.first() if found else None

    def collect(self) -> PersonInput:
        """The typed values; raises WhenError for a bad date."""
        if self.role_fixed:
            role = self.initial.role if self.initial else PartyRole.VICTIM
        elif choice_of(self, "role") in set(PartyRole):
            role = PartyRole(choice_of(self, "role"))
        else:
            raise ValidationError({"role": "Choose the person's role."})
        picker = self._picker
        relationship = value_of(self, "relationship") if picker is not None else ""
        if picker is not None and picker.picked is not None:
            return PersonInput(
                full_name=picker.picked.full_name,
                role=role,
                person_id=picker.picked.id,
                relationship=relationship,
            )
        return PersonInput(
            role=role,
            full_name=value_of(self, "full-name"),
            date_of_birth=day_of(self, "date-of-birth", today=self.today, prefer="past"),
            age_given=age_in_years(value_of(self, "age-given"), "age_given"),
            phone=value_of(self, "phone"),
            safe_contact_number=value_of(self, "safe-contact-number"),
            preferred_contact_times=value_of(self, "preferred-contact-times"),
            address=value_of(self, "address") if self.initial is None else "",
            notes=value_of(self, "notes"),
            not_for_disclosure=not_for_disclosure(self),
            relationship=relationship,
            declined=picker.declined if picker is not None else [],
        )

    async def submit(self, data: PersonInput) -> object:
        """Save; a new person who may already be known is asked about first."""
        picker = self._picker
        if picker is not None and data.person_id is None:
            matches = await self.app.run_service(people.people_it_may_be, data)
            if matches:
                picker.close()
                answer = await ask_who_it_is(self.app, data.full_name, matches)
                if answer is None:
                    raise ValidationError({"full_name": not_answered(data.full_name)})
                if isinstance(answer, KnownPerson):
                    picker.pick(answer)
                    data = replace(data, person_id=answer.id, full_name=answer.full_name)
                else:
                    picker.decline(m.id for m in matches)
                    data = replace(data, declined=[*data.declined, *(m.id for m in matches)])
        return await super().submit(data)


def stored_person(person: Person, role: PartyRole, today: date) -> PersonInput:
    """A stored person as the form's starting values (an age given, as it is ``today``)."""
    return PersonInput(
        role=role,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        age_given=age_now(person.age_given, person.age_given_on, today)
        if person.age_given is not None
        else None,
        phone=person.phone,
        safe_contact_number=person.safe_contact_number,
        preferred_contact_times=person.preferred_contact_times,
        notes=person.notes,
        not_for_disclosure=person.not_for_disclosure,
    )


def age_in_years(text: str, field: str) -> int | None:
    """An age typed as a whole number of years; blank is None.

    Raises:
        ValidationError: Something other than a whole number was typed (on ``field``).
    """
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError({field: f"Give the age as a whole number of years, not {text!r}."})
    return int(text)


def not_answered(name: str) -> str:
    """Why nothing was saved when the officer did not say who someone is."""
    return (
        f"Not saved: say whether {name.strip() or 'this person'} is someone already known "
        "or a new person."
    )
