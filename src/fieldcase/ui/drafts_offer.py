"""At start, offer back the typing a closed terminal, a signal or a crash left unsaved.

Every open form keeps an encrypted draft moments after each change. Once the
database is open, the officer sees the drafts kept from before and chooses one
to carry on with: fieldcase opens its case and the same form, which offers the
draft back. Drafts not chosen stay until their forms are opened again.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from fieldcase.domain.dates import to_local
from fieldcase.services import drafts
from fieldcase.services.drafts import DraftSummary, FormKey
from fieldcase.services.risk import DRAFT_PREFIX as RISK_PREFIX

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

LATER = "later"

CASE_FILE_FORMS = {
    "incident": "add_incident",
    "contact": "log_contact",
    "person": "add_person",
    "action": "add_action",
    "case-details": "edit_case",
    "visit-plan": "plan_visit",
}
"""New-record forms the case file opens itself, by draft kind: the action that opens them."""

WHERE = {
    "incident": "Enter on the incident",
    "contact": "Enter on the contact",
    "person": "Enter on the person",
    "action": "Enter on the action",
    "consent": "c, then record the consent",
    "disclosure": "d, then record the disclosure",
    "abc": "b, then the ABC",
    "abc-edit": "b, then the ABC",
    "abc-review": "b, then the ABC's review",
    "abc-breach": "b, then the ABC's breach",
    "breach-edit": "b, then the ABC's breach",
    "ladder-step": "e on the alleged perpetrator",
    "partner-action": "e on the alleged perpetrator",
    "step-edit": "e on the alleged perpetrator",
    "visit-edit": "V, then the visit",
}
"""Where the officer finds a form the case file does not open itself."""


def answers(found: list[DraftSummary]) -> list[tuple[str, str]]:
    """One answer per kept draft, newest first, and one to leave them for now."""
    listed = [
        (f"Carry on: {d.title} (kept {to_local(d.updated_at):%d %b %H:%M})", d.key) for d in found
    ]
    return [*listed, ("Not now: each is offered again when its form opens", LATER)]


async def offer_kept_drafts(app: FieldcaseApp) -> None:
    """Ask whether to carry on with a draft kept from before (call from a worker)."""
    from fieldcase.ui.dialogs.choice import ChoiceDialog

    found = await app.run_service(drafts.list_drafts)
    if not found:
        return
    count = len(found)
    question = (
        f"{count} form{'s were' if count != 1 else ' was'} open and not saved when fieldcase "
        "last closed. What was typed is kept, encrypted. Carry on with one now?"
    )
    choice = await app.ask(ChoiceDialog(question, answers(found)))
    if choice and choice != LATER:
        resume(app, choice)


def resume(app: FieldcaseApp, key: str) -> None:
    """Open the form a draft was kept for (or its case, saying where the form is)."""
    from fieldcase.ui.screens.case_file import CaseFileScreen
    from fieldcase.ui.screens.new_case import NewCaseScreen

    if key == "new-case":
        app.push_screen(NewCaseScreen())
        return
    if key.startswith(RISK_PREFIX):
        case_id = _uuid(key.removeprefix(RISK_PREFIX).split(":")[0])
        if case_id is not None:
            app.push_screen(CaseFileScreen(case_id, then="assess_risk"))
        return
    form = FormKey.parse(key)
    if form is None:
        return
    then = CASE_FILE_FORMS.get(form.kind) if form.record_id is None else None
    app.push_screen(CaseFileScreen(form.case_id, then=then))
    if then is None:
        hint = WHERE.get(form.kind, "the form it was typed in")
        app.notify(f"To carry on, open the same form again: {hint}. It offers what you typed.")


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
