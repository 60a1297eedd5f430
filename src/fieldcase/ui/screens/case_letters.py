"""The case file's "Write a letter": templates and people loaded, the dialog, the consent reason.

The letter is written by one service call (``letters.write_letter``); when it
is refused for want of the victim's consent to approach an alleged
perpetrator, the officer is asked for the reason and it is tried again.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcase.domain.letters import TemplateError
from fieldcase.services import letters
from fieldcase.services.contact_records import CONSENT_OVERRIDE
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.letters import LetterInput, Sender
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.letter import LetterDialog
from fieldcase.ui.text import file_lines

if TYPE_CHECKING:
    from fieldcase.ui.screens.case_file import CaseFileScreen


def write_letter(screen: CaseFileScreen) -> None:
    """Open "Write a letter" for the case (in a worker: it loads the case's people first)."""
    screen.run_worker(_write_letter(screen), group="write-letter", exclusive=True)


async def _write_letter(screen: CaseFileScreen) -> None:
    app = screen.app
    settings = app.settings
    sender = Sender(settings.organisation_name, settings.organisation_address, app.officer_name)
    try:
        templates = letters.letter_templates(app.locations.letters_dir)
        people = await app.run_service(letters.recipients, screen.case_id, sender, now=app.now())
    except (TemplateError, NotFound) as exc:
        screen.notify(str(exc), severity="error", markup=False)
        return
    if not people:
        screen.notify("There is nobody on this case to write to.", severity="warning")
        return
    new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

    async def save(data: LetterInput) -> Path:
        while True:
            try:
                return await app.run_service(
                    letters.write_letter,
                    screen.case_id,
                    data,
                    templates=templates,
                    sender=sender,
                    policy=screen.policy,
                    now=app.now(),
                    new_id=new_id,
                )
            except ValidationError as exc:
                if set(exc.errors) != {CONSENT_OVERRIDE} or data.consent_override_reason:
                    raise
                reason = await app.ask(
                    ConsentOverrideDialog(
                        exc.errors[CONSENT_OVERRIDE],
                        title="No consent to write to the alleged perpetrator",
                    )
                )
                if reason is None:
                    raise
                data = replace(data, consent_override_reason=reason)

    reference = screen.file.case.reference if screen.file else "letter"
    dialog = LetterDialog(
        save,
        templates=templates,
        recipients=people,
        folder=app.locations.exports_dir,
        reference=reference,
    )
    written = await app.ask(dialog)
    if written is not None:
        screen.notify(f"Letter saved and logged as a contact:\n{file_lines(written)}", markup=False)
        screen.refresh_file()
