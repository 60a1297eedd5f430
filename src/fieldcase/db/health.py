"""Telling a wrong passphrase from a damaged file, and checking a database in full.

Every page of a SQLCipher file carries a checksum (an HMAC) made with the
key. ``PRAGMA cipher_integrity_check`` verifies each one. With a wrong
passphrase no page verifies; with the right one, every page verifies unless
the file was damaged. So a file where some pages verify and others do not (or
whose tables cannot be read although its pages verify, as when it was cut
short) is damaged, and the passphrase is not to blame.

Everything here reads through connections that cannot write (``mode=ro``):
a damaged file is never written to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from fieldcase.db.engine import (
    APPLICATION_ID,
    DamagedDatabase,
    NotFieldcaseDatabase,
    WrongPassphrase,
    first_read,
)

PAGE_SIZE = 4096
"""SQLCipher 4's page size, which fieldcase never changes."""
_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)")
_WRONG = "That passphrase does not open this database. Check it and try again."


@dataclass(frozen=True)
class Examination:
    """What a read-only look at a database file found."""

    pages: int
    """Whole pages in the file."""
    bad_pages: tuple[int, ...] = ()
    """Pages whose checksum fails: damaged, or written with another key."""
    other_problems: tuple[str, ...] = ()
    """SQLCipher's own words about anything else, e.g. a page cut short."""
    unreadable: bool = False
    """True when the list of tables could not be read (the file is cut short or scrambled)."""
    structure: tuple[str, ...] = field(default=())
    """What SQLite's own integrity check reported (only in a full check)."""
    broken_links: int = 0
    """Rows pointing at a record that is not there (only in a full check)."""

    @property
    def damaged(self) -> bool:
        """True when anything at all is wrong with the file."""
        return bool(
            self.bad_pages
            or self.other_problems
            or self.unreadable
            or self.structure
            or self.broken_links
        )

    def summary(self, name: str) -> str:
        """The damage in plain words, e.g. for the unlock screen."""
        parts = []
        if self.bad_pages:
            count = len(self.bad_pages)
            parts.append(
                f"{count} of its {self.pages} pages {'is' if count == 1 else 'are'} damaged"
            )
        if self.other_problems or (self.unreadable and not self.bad_pages):
            parts.append("it is shorter than it should be (cut short or partly overwritten)")
        if self.structure:
            parts.append("the way its records are linked together is broken")
        if self.broken_links:
            parts.append(f"{self.broken_links} records point at records that are not there")
        return f"{name} is damaged: {'; '.join(parts)}."


def examine(path: Path, passphrase: str, *, full: bool = False) -> Examination:
    """Look at the file without writing to it.

    ``full`` adds SQLite's own integrity check and the links between records,
    which read every row (for ``fieldcase check``).

    Raises:
        WrongPassphrase: No page opens with this passphrase.
        NotFieldcaseDatabase: No page opens, and the file cannot be a database anyway.
        DamagedDatabase: The file is empty.
        StorageProblem: The disk cannot be read.
    """
    size = path.stat().st_size
    if size == 0:
        raise DamagedDatabase(
            f"{path.name} is empty (0 bytes): it was damaged or never finished being made. "
            "It has not been changed."
        )
    conn, error = first_read(path, passphrase, read_only=True)
    try:
        checks = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
        found = Examination(
            pages=size // PAGE_SIZE,
            bad_pages=tuple(int(m.group(1)) for m in map(_HMAC_FAILED.search, checks) if m),
            other_problems=tuple(c for c in checks if not _HMAC_FAILED.search(c)),
            unreadable=error is not None,
        )
        if len(found.bad_pages) >= max(1, found.pages):
            if size % 512:
                raise WrongPassphrase(
                    "That passphrase does not open this file, and the file is not the size "
                    "of a whole database: it may be damaged, or not a fieldcase database. "
                    "It has not been changed."
                )
            raise WrongPassphrase(_WRONG)
        if full and not found.damaged:
            found = _full_check(conn, found)
    finally:
        conn.close()
    return found


def _full_check(conn: sqlcipher3.Connection, found: Examination) -> Examination:
    """Add SQLite's integrity check and the foreign-key check to an examination."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotFieldcaseDatabase("This is not a fieldcase database. It has not been changed.")
    try:
        structure = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        broken = len(conn.execute("PRAGMA foreign_key_check").fetchall())
    except sqlcipher3.DatabaseError:
        return Examination(pages=found.pages, unreadable=True)
    return Examination(
        pages=found.pages,
        structure=tuple(s for s in structure if s != "ok"),
        broken_links=broken,
    )


def refuse_damaged(path: Path, passphrase: str) -> None:
    """Raise unless the file opens with the passphrase and every page is sound.

    Raises:
        WrongPassphrase: No page opens with this passphrase (counted by the caller).
        DamagedDatabase: The passphrase fits but the file is damaged (never counted).
        NotFieldcaseDatabase: The file is not a database at all.
        StorageProblem: The disk cannot be read.
    """
    found = examine(path, passphrase)
    if found.damaged:
        raise DamagedDatabase(
            f"{found.summary(path.name)} Your passphrase is right: the file itself is "
            "damaged. fieldcase has not changed it."
        )
