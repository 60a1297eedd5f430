"""The case file's contact log keys: log a contact, a letter to each alleged perpetrator,
the same contact again, and editing one.

Each is one service call from a dialog or a worker; the case file redraws after.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from fieldcase.db.models import Contact
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, PartyRole
from fieldcase.domain.when import format_when
from fieldcase.services import contact_records, contacts, record_inputs
from fieldcase.services.contact_records import CONSENT_OVERRIDE, ContactInput
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.contact import ContactDialog
from fieldcase.ui.dialogs.form import VersionedEdit
from fieldcase.ui.formatting import label_of

if TYPE_CHECKING:
    from fieldcase.ui.screens.case_file import CaseFileScreen


def people_choices(screen: CaseFileScreen) -> list[tuple[str, uuid.UUID]]:
    """Everyone on the case as the "with" field lists them: name (role)."""
    assert screen.file is not None
    return [
        (f"{v.person.full_name} ({label_of(PartyRole, v.party.role)})", v.person.id)
        for v in screen.file.parties
    ]


def log_contact(screen: CaseFileScreen, start: ContactInput) -> None:
    """Open the contact dialog for a new contact starting as ``start``."""
    if screen.overview is None:
        return
    app = screen.app
    now = app.now()
    contact_id = uuid.uuid4()  # before the first try: logging again never logs it twice

    async def save(data: ContactInput) -> object:
        return await app.run_service(
            contacts.log_contacts,
            screen.case_id,
            data,
            officer_name=app.officer_name,
            policy=screen.policy,
            now=now,
            new_id=contact_id,
        )

    each = [name for _, name in screen.overview.each_perpetrator]
    dialog = ContactDialog(
        save, now=now, people=people_choices(screen), start=start, each_perpetrator=each
    )
    app.push_screen(screen.kept(dialog, "contact", "New contact"), screen.after_dialog)


def letter_to_each_perpetrator(screen: CaseFileScreen) -> None:
    """Open the contact dialog on a letter with each alleged perpetrator still at their address."""
    if screen.overview is None:
        return
    people = screen.overview.each_perpetrator
    if not people:
        screen.notify(
            "There is no alleged perpetrator on this case still at their address.",
            severity="warning",
        )
        return
    now = screen.app.now()
    start = ContactInput(at=now, method=ContactMethod.LETTER)
    if len(people) == 1:
        start.person_id = people[0][0]
    else:
        start.to_each_perpetrator = True
    log_contact(screen, start)


def edit_contact(screen: CaseFileScreen, contact_id: uuid.UUID) -> None:
    """Open a logged contact for editing."""
    assert screen.file is not None
    con = next(c for c in screen.file.contacts if c.id == contact_id)
    app = screen.app
    now = app.now()
    on_case = screen.on_case()

    async def save(data: ContactInput, version: int) -> object:
        return await on_case.save(
            contact_records.update_contact, contact_id, version, data, policy=screen.policy, now=now
        )

    initial = record_inputs.contact_input(con)
    latest = on_case.latest(Contact, contact_id, record_inputs.contact_input)
    edit = VersionedEdit(con.version, save, latest)
    dialog = ContactDialog(
        edit.save, now=now, people=people_choices(screen), initial=initial, reload=edit.reload
    )
    app.push_screen(
        screen.kept(dialog, "contact", "Contact change", contact_id), screen.after_dialog
    )


def log_again(screen: CaseFileScreen, contact_id: uuid.UUID | None) -> None:
    """Log a contact again, now: ``contact_id``, or the latest on the case."""
    screen.run_worker(_log_again(screen, contact_id), group="contact-again", exclusive=True)


async def _log_again(screen: CaseFileScreen, contact_id: uuid.UUID | None) -> None:
    app = screen.app
    reason = ""
    while True:
        now = app.now()
        try:
            contact = await app.run_service(
                contacts.log_again,
                screen.case_id,
                contact_id,
                at=now,
                officer_name=app.officer_name,
                policy=screen.policy,
                consent_override_reason=reason,
                now=now,
            )
        except NotFound as exc:
            screen.notify(str(exc), severity="warning", markup=False)
            return
        except ValidationError as exc:
            if set(exc.errors) != {CONSENT_OVERRIDE} or reason:
                screen.notify(" ".join(exc.errors.values()), severity="error", markup=False)
                return
            answer = await app.ask(
                ConsentOverrideDialog(
                    exc.errors[CONSENT_OVERRIDE],
                    title="No consent to approach the alleged perpetrator",
                )
            )
            if answer is None:
                screen.notify("Not logged: a reason is needed to approach them without consent.")
                return
            reason = answer
            continue
        break
    screen.notify(f"Logged again: {_described(screen, contact)}", markup=False)
    screen.refresh_file()


def _described(screen: CaseFileScreen, contact: Contact) -> str:
    """Like ``visit with Dean Price, no access, Wed 25 Nov 2026 10:30``."""
    names = {v.person.id: v.person.full_name for v in screen.file.parties} if screen.file else {}
    how = label_of(ContactMethod, contact.method).lower()
    who = f" with {names.get(contact.person_id, 'someone')}" if contact.person_id else ""
    outcome = f", {label_of(ContactOutcome, contact.outcome).lower()}" if contact.outcome else ""
    return f"{how}{who}{outcome}, {format_when(contact.at)}."
