"""Why a database cannot be opened, and the checks made before any key is tried.

Kept free of SQLAlchemy and SQLCipher, so that the unlock screen and the
command line can show these before the database stack is loaded.
"""

from __future__ import annotations

import codecs
from pathlib import Path

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The database cannot be opened; the message is safe to show the officer."""


class WrongPassphrase(StoreError):
    """The passphrase does not open this file (or the file is not a database)."""


class NotFieldcaseDatabase(StoreError):
    """The file is a database, but not one of fieldcase's."""


class DamagedDatabase(StoreError):
    """The passphrase fits, but part of the file cannot be read. Nothing was written to it."""


class StorageProblem(StoreError):
    """The disk is full or cannot be written; the message names the cause in plain words."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause
        """The cause alone, e.g. "the disk is full"."""


class ServerUnreachable(StorageProblem):
    """The team server went away (stopped, or the network dropped) during a transaction.

    Nothing of the transaction was saved; the same action can be tried again.
    """

    def __init__(self) -> None:
        super().__init__(OFFLINE_NOT_SAVED, SERVER_UNREACHABLE)


SERVER_UNREACHABLE = "the team server cannot be reached"
OFFLINE_NOT_SAVED = (
    "Offline: fieldcase cannot reach the team server (it has stopped, or the network "
    "dropped), so this is not saved, or not confirmed. What you typed is still here. "
    "Press Ctrl+S to try again."
)


def check_file(path: Path) -> None:
    """Refuse files that are plainly not a fieldcase database, before any key is tried.

    Raises:
        NotFieldcaseDatabase: The file is an unencrypted SQLite database, a folder,
            or too short to be a database.
    """
    if path.is_dir():
        raise NotFieldcaseDatabase(f"{path} is a folder, not a fieldcase database.")
    if not path.exists():
        return
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_PLAIN_HEADER))
    if head == SQLITE_PLAIN_HEADER:
        raise NotFieldcaseDatabase(
            f"{path} is an unencrypted SQLite database, not a fieldcase database. "
            "It has not been changed."
        )
    if 0 < len(head) < len(SQLITE_PLAIN_HEADER) or _looks_like_text(path):
        raise NotFieldcaseDatabase(f"{path} is not a fieldcase database. It has not been changed.")


def _looks_like_text(path: Path) -> bool:
    """True for a file that starts with readable text.

    An encrypted database starts with random bytes, which are as good as
    never valid UTF-8 without a NUL for a whole kilobyte.
    """
    with path.open("rb") as fh:
        start = fh.read(1024)
    if not start or b"\x00" in start:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True
