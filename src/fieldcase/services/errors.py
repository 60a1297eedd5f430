"""Errors a service raises that the officer can act on."""

from __future__ import annotations

import uuid
from datetime import datetime


class ValidationError(ValueError):
    """Input that cannot be saved. ``errors`` maps a field name to a clear message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class NotFound(LookupError):
    """The record asked for is not there (perhaps deleted elsewhere)."""


class NotAllowed(PermissionError):
    """The officer's role does not allow this (e.g. only a supervisor reassigns cases)."""


class EditConflict(RuntimeError):
    """Someone else changed the record since it was opened; nothing was overwritten.

    The message says what changed and when; the attributes carry the same for
    a form that wants to offer loading the latest version.
    """

    def __init__(
        self,
        message: str = "This record was changed elsewhere since you opened it.",
        *,
        what: str = "record",
        record_id: uuid.UUID | None = None,
        changed_at: datetime | None = None,
        changed_by: str = "",
        changed_by_name: str = "",
        changed_fields: tuple[str, ...] = (),
        current_version: int | None = None,
        reload_hint: str = "",
    ) -> None:
        super().__init__(message)
        self.what = what
        """The kind of record, in words (“visit”, “ABC breach”)."""
        self.record_id = record_id
        self.changed_at = changed_at
        """When it was last saved (aware UTC), if known."""
        self.changed_by = changed_by
        """The officer who saved it last, from the audit trail; empty if unknown."""
        self.changed_by_name = changed_by_name or changed_by
        """That officer as colleagues know them, e.g. “Anna Shah (anna)” on a team server."""
        self.changed_fields = changed_fields
        """Labels of the fields that last save changed, e.g. (“Notes”, “Due”)."""
        self.current_version = current_version
        """The version the record has now; a form saving again must expect this one."""
        self.reload_hint = reload_hint
        """What loading the latest version does here, where a form's usual words do not fit."""


def in_one_line(error: ValidationError | NotFound | NotAllowed) -> str:
    """What went wrong, on one line for a notification or the command line."""
    if isinstance(error, ValidationError):
        return "; ".join(error.errors.values())
    return str(error)
