"""Errors a service raises that the officer can act on."""

from __future__ import annotations


class ValidationError(ValueError):
    """Input that cannot be saved. ``errors`` maps a field name to a clear message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class NotFound(LookupError):
    """The record asked for is not there (perhaps deleted elsewhere)."""


class EditConflict(RuntimeError):
    """Someone else changed the record since it was opened; nothing was overwritten."""
