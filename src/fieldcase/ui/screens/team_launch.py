"""A supervisor moving cases on a team server: reassigning one case, or covering a colleague.

Each runs as a worker on the app: one service call lists the officers, the
supervisor chooses (``app.ask``), and one service call makes the move. The
database and the service both check that the officer is a supervisor; the
keys are only offered to one (``can_move_cases``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fieldcase.db.models import Case
from fieldcase.services import assignment
from fieldcase.services.errors import EditConflict, NotAllowed, NotFound, ValidationError
from fieldcase.ui.dialogs.choice import ChoiceDialog

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp

GIVE_BACK = "+give-back"
"""The answer meaning: end the cover (never a login: logins start with a letter)."""
MOVE_REFUSED = (EditConflict, NotAllowed, NotFound, ValidationError)


def can_move_cases(app: FieldcaseApp) -> bool:
    """True for a supervisor logged in to a team server."""
    officer = app.officer
    return officer is not None and officer.supervisor


def start_reassign(app: FieldcaseApp, case: Case, on_done: Callable[[], object]) -> None:
    """Ask which officer takes the case, and give it to them (and their team)."""
    app.run_worker(_reassign(app, case, on_done), group="move-cases", exclusive=True)


async def _reassign(app: FieldcaseApp, case: Case, on_done: Callable[[], object]) -> None:
    people = await app.run_service(assignment.colleagues)
    answers = [(c.label, c.login) for c in people if c.login != case.officer_name]
    chosen = await app.ask(ChoiceDialog(f"Give {case.reference} to which officer?", answers))
    if chosen is None:
        return
    try:
        moved = await app.run_service(
            assignment.reassign_case, case.id, to=chosen, expected_version=case.version
        )
    except MOVE_REFUSED as exc:
        app.notify(_reason(exc), title="Not reassigned", severity="error", timeout=15)
        return
    app.notify(f"{moved.reference} is now held by {moved.officer_name}, in team {moved.team}.")
    on_done()


def start_cover(app: FieldcaseApp, on_done: Callable[[], object]) -> None:
    """Ask who is away and who covers (or whether they are back), and move their cases."""
    app.run_worker(_cover(app, on_done), group="move-cases", exclusive=True)


async def _cover(app: FieldcaseApp, on_done: Callable[[], object]) -> None:
    people = await app.run_service(assignment.colleagues)
    absent = await app.ask(
        ChoiceDialog("Whose cases? (the officer away)", [(c.label, c.login) for c in people])
    )
    if absent is None:
        return
    answers = [(f"Covered by {c.label}", c.login) for c in people if c.login != absent]
    answers.append((f"{absent} is back: give back the cases covered for them", GIVE_BACK))
    by = await app.ask(ChoiceDialog(f"Who covers {absent}'s open cases?", answers))
    if by is None:
        return
    try:
        if by == GIVE_BACK:
            moved = await app.run_service(assignment.end_cover, absent)
            said = f"{moved.count} case(s) given back to {absent}."
        else:
            moved = await app.run_service(assignment.cover_cases, absent, by=by)
            said = f"{moved.count} open case(s) of {absent} now held by {by} (team {moved.team})."
    except MOVE_REFUSED as exc:
        app.notify(_reason(exc), title="Nothing moved", severity="error", timeout=15)
        return
    app.notify(said, title="Cover")
    on_done()


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values())
    return str(exc)
