"""An edit of one of a case's records, as the case file opens it for a form.

The form saves against the record's version (``VersionedEdit``) and knows
whether the case was closed when it opened: a save after another officer
closed the case is refused and says who closed it (``case_edits``). Loading
the latest version after a refusal brings the record as saved now, and the
case as it is now, so the next save goes ahead knowingly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from fieldcase.db.models import Entity
from fieldcase.services import case_edits
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.form import Latest

P = ParamSpec("P")
R = TypeVar("R")
InputT = TypeVar("InputT")
RecordT = TypeVar("RecordT", bound=Entity)


class OnCase:
    """Where one form's edit stands on its case: whether the case is closed, as the form knows."""

    def __init__(self, screen: FieldcaseScreen[Any], case_id: uuid.UUID, *, closed: bool) -> None:
        self.screen = screen
        self.case_id = case_id
        self.closed = closed
        """Whether the form knows the case as closed; a closing it has not seen refuses a save."""

    async def save(
        self, update: Callable[Concatenate[Any, P], R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run one edit service, refused if the case closed since the form last looked."""
        result: R = await self.screen.app.run_service(
            case_edits.save_on_case, self.case_id, self.closed, update, *args, **kwargs
        )
        return result

    def latest(
        self, model: type[RecordT], record_id: uuid.UUID, as_input: Callable[[RecordT], InputT]
    ) -> Latest[InputT]:
        """Fetches a record's version and values as saved now, noting whether its case closed."""

        async def latest() -> tuple[int, InputT]:
            found = await self.screen.app.run_service(
                case_edits.latest_on_case, model, record_id, self.case_id
            )
            self.closed = found.case_closed
            return found.record.version, as_input(found.record)

        return latest
