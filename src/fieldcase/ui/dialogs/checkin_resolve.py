"""Resolving a colleague's overdue check-in: "I have reached them", with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from fieldcase.db.models import Visit
from fieldcase.domain.when import format_time
from fieldcase.services import safety_board
from fieldcase.services.safety_board import BoardVisit, CheckinResolution
from fieldcase.ui.dialogs.case_items import value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import notes_field

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp


class CheckinResolveDialog(FormDialog[CheckinResolution, Visit]):
    """Say that the officer has been reached, and how they are; returns the visit."""

    TITLE_TEXT = "I have reached them"
    HELP = (
        "A colleague's check-in is overdue. Once you have reached them (or someone has, "
        "for you), say how and how they are, and press ctrl+s: the alert ends for everyone, "
        "and your name is kept with the visit. Esc goes back without resolving it."
    )

    def __init__(self, save: Save[CheckinResolution, Visit], visit: BoardVisit) -> None:
        super().__init__(save)
        self.visit = visit

    def fields(self) -> ComposeResult:
        v = self.visit
        due = format_time(v.checkin_at) if v.checkin_at else "?"
        lines = [
            f"{v.who}: {v.reference} {v.kind_label} at {format_time(v.planned_at)}",
            f"Where: {v.place}",
            f"Check-in was due {due}. Buddy: {v.buddy or 'none named'}.",
        ]
        if v.safe_contact:
            lines.append(f"Reach them: {v.safe_contact}")
        yield Static(literal("\n".join(lines)), id="resolve-visit")
        yield from notes_field("How you reached them, and how they are", "note")

    def collect(self) -> CheckinResolution:
        """The note as typed."""
        return CheckinResolution(note=value_of(self, "note"))


async def resolve_colleague_checkin(app: FieldcaseApp, visit: BoardVisit) -> bool:
    """Ask for the note and record the resolution (from a worker); True once it is saved."""

    async def save(data: CheckinResolution) -> Visit:
        return await app.run_service(
            safety_board.resolve_checkin,
            visit.visit_id,
            data,
            now=app.now(),
            resolved_by=app.officer_name,
        )

    resolved = await app.ask(CheckinResolveDialog(save, visit))
    if resolved is None:
        return False
    app.notify(
        f"Check-in of {visit.who} resolved: you are named as having reached them.", markup=False
    )
    return True
