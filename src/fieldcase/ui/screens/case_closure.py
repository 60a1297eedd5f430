"""From the case file: close the case, reopen it, open a linked case. Each is one service call
from its dialog, in a worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fieldcase.db.models import Case
from fieldcase.domain.closure import ClosureOutcome
from fieldcase.domain.vocab import CaseStatus
from fieldcase.services import closure
from fieldcase.services.case_links import LinkedCase
from fieldcase.services.closure import ClosureInput, ReopenInput
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.dialogs.closure import CloseCaseDialog, ReopenCaseDialog
from fieldcase.ui.formatting import label_of

Reload = Callable[[], object]
"""Reloads the screen once the case has changed."""


def start_closing(screen: FieldcaseScreen[Any], case_id: uuid.UUID, reload: Reload) -> None:
    """Ask what is needed to close the case, then close it and reload the screen."""
    screen.run_worker(_close(screen, case_id, reload), group="case-closure", exclusive=True)


async def _close(screen: FieldcaseScreen[Any], case_id: uuid.UUID, reload: Reload) -> None:
    app = screen.app
    try:
        check = await app.run_service(
            closure.closure_check, case_id, today=app.today(), now=app.now()
        )
    except (NotFound, ValidationError) as exc:
        message = " ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
        screen.notify(message, severity="warning", markup=False)
        return
    new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

    async def save(data: ClosureInput) -> Case:
        return await app.run_service(
            closure.close_case,
            case_id,
            check.version,
            data,
            officer_name=app.officer_name,
            policy=app.settings.policy,
            today=app.today(),
            now=app.now(),
            new_id=new_id,
        )

    closed = await app.ask(CloseCaseDialog(save, check))
    if closed is not None:
        outcome = label_of(ClosureOutcome, closed.closure_outcome)
        screen.notify(
            f"{closed.reference} is closed: {outcome}.", title="Case closed", markup=False
        )
        reload()


def start_reopening(
    screen: FieldcaseScreen[Any], case_id: uuid.UUID, reference: str, version: int, reload: Reload
) -> None:
    """Ask why, then reopen the case and reload the screen."""
    screen.run_worker(
        _reopen(screen, case_id, reference, version, reload), group="case-closure", exclusive=True
    )


async def _reopen(
    screen: FieldcaseScreen[Any], case_id: uuid.UUID, reference: str, version: int, reload: Reload
) -> None:
    app = screen.app
    new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

    async def save(data: ReopenInput) -> Case:
        return await app.run_service(
            closure.reopen_case,
            case_id,
            version,
            data,
            officer_name=app.officer_name,
            policy=app.settings.policy,
            today=app.today(),
            now=app.now(),
            new_id=new_id,
        )

    reopened = await app.ask(ReopenCaseDialog(save, reference))
    if reopened is not None:
        screen.notify(f"{reopened.reference} is open again.", title="Case reopened", markup=False)
        reload()


def open_linked(screen: FieldcaseScreen[Any], links: list[LinkedCase]) -> None:
    """Open the linked case; with more than one, ask which."""
    if not links:
        screen.notify("No other case is linked to this one.", severity="information")
        return
    screen.run_worker(_open_linked(screen, links), group="case-link", exclusive=True)


async def _open_linked(screen: FieldcaseScreen[Any], links: list[LinkedCase]) -> None:
    from fieldcase.ui.screens.case_file import CaseFileScreen

    chosen: str | None = str(links[0].case_id)
    if len(links) > 1:
        answers = [
            (
                f"{'Earlier' if link.earlier else 'Later'} case {link.reference} "
                f"({label_of_status(link.status)})",
                str(link.case_id),
            )
            for link in links
        ]
        chosen = await screen.app.ask(ChoiceDialog("Which linked case?", answers))
    if chosen is not None:
        screen.app.push_screen(CaseFileScreen(uuid.UUID(chosen)))


def label_of_status(status: str) -> str:
    """A case status in words, lower case."""
    return label_of(CaseStatus, status).lower()
