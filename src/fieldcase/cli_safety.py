"""Keeping the data safe on the command line: backup, restore and check.

``fieldcase backup [--to DIR]`` writes a checked, encrypted copy while the app
may be in use; ``fieldcase restore FILE`` checks a backup and puts it in place
of the database, keeping the replaced file aside; ``fieldcase check`` verifies
every page and every link and says what it found in plain words. The
passphrase comes as for the other commands, never as an argument.
"""

from __future__ import annotations

import argparse
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from fieldcase.cli_protection import (
    EXIT_DATABASE,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    open_for_command,
    read_passphrase,
)
from fieldcase.config import Settings
from fieldcase.db.errors import StoreError, WrongPassphrase
from fieldcase.domain.protection import long_date

COMMANDS = frozenset({"backup", "restore", "check"})


def add_safety_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``backup``, ``restore`` and ``check`` to fieldcase's commands."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )
    backup = commands.add_parser(
        "backup",
        parents=[shared],
        help="write a checked, encrypted backup (safe while fieldcase is open)",
        description=(
            "Copies one consistent moment of the database into a new encrypted file "
            "(it opens with the same passphrase), checks that it opens and every page "
            "verifies, and keeps the newest backup_keep backups in the folder (default 10)."
        ),
    )
    backup.add_argument("--to", metavar="DIR", help="folder for the backup (default: backups/)")
    restore = commands.add_parser(
        "restore",
        parents=[shared],
        help="put a backup in place of the database, keeping the replaced file aside",
        description=(
            "Checks the backup in full before anything is replaced, then keeps the "
            "current database file, untouched, as fieldcase.db.replaced-<when>."
        ),
    )
    restore.add_argument("backup_file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask first (for scripts)")
    commands.add_parser(
        "check",
        parents=[shared],
        help="check the database page by page and record by record",
        description="Reads the whole database without changing it and says what it found.",
    )


def run_safety_command(
    args: argparse.Namespace,
    *,
    database: Path,
    settings: Settings,
    demo: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run ``backup``, ``restore`` or ``check``; returns the exit code."""
    from fieldcase.services.security import check_attempt_allowed, record_failure

    stdin = stdin or sys.stdin
    out = out or sys.stdout
    if args.command == "backup":
        return _backup(args, database, settings, demo, stdin, out)
    passphrase = read_passphrase(args, demo=demo, stdin=stdin)
    if passphrase is None:
        return EXIT_USAGE
    now = datetime.now(UTC)
    try:
        check_attempt_allowed(database, now)
        if args.command == "restore":
            return _restore(args, database, passphrase, now, stdin, out)
        return _check(database, passphrase, out)
    except WrongPassphrase as exc:
        record_failure(database, now)
        print(f"fieldcase: {exc}", file=sys.stderr)
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
    return EXIT_DATABASE


def _backup(
    args: argparse.Namespace,
    database: Path,
    settings: Settings,
    demo: bool,
    stdin: TextIO,
    out: TextIO,
) -> int:
    from fieldcase.db.backup import backup_folder, make_backup

    store = open_for_command(args, database=database, settings=settings, demo=demo, stdin=stdin)
    if isinstance(store, int):
        return store
    folder = Path(args.to).expanduser().resolve() if args.to else backup_folder(database)
    try:
        made = make_backup(
            store.engine, database, now=datetime.now(UTC), folder=folder, keep=settings.backup_keep
        )
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        store.close()
    print(f"Backed up to {made}.", file=out)
    print(
        "Checked: it opens with your passphrase and every page verifies. "
        f"The newest {max(1, settings.backup_keep)} backups in {folder} are kept.",
        file=out,
    )
    if folder.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        print(
            f"Note: other users of this computer can list {folder}. The backup itself is "
            "encrypted and readable by you alone.",
            file=out,
        )
    return EXIT_OK


def _restore(
    args: argparse.Namespace,
    database: Path,
    passphrase: str,
    now: datetime,
    stdin: TextIO,
    out: TextIO,
) -> int:
    from fieldcase.db.restore import restore_backup
    from fieldcase.services.security import clear_attempts

    backup = Path(args.backup_file).expanduser().resolve()
    if not args.yes:
        if not stdin.isatty():
            print("fieldcase: add --yes to restore without a prompt.", file=sys.stderr)
            return EXIT_USAGE
        print(
            f"This puts {backup.name} in place of {database}; the current file is kept aside. "
            "Type RESTORE to go ahead: ",
            end="",
            file=out,
            flush=True,
        )
        if stdin.readline().strip() != "RESTORE":
            print("Nothing has been changed.", file=out)
            return EXIT_ERROR
    aside = restore_backup(backup, database, passphrase, now=now)
    clear_attempts(database)
    print(f"Restored {backup} as {database}.", file=out)
    if aside is not None:
        print(f"The file it replaced is kept, untouched, as {aside}.", file=out)
    return EXIT_OK


def _check(database: Path, passphrase: str, out: TextIO) -> int:
    from fieldcase.db import health
    from fieldcase.db.backup import list_backups
    from fieldcase.services.security import clear_attempts

    if not database.exists():
        raise StoreError(f"There is no fieldcase database at {database}.")
    found = health.examine(database, passphrase, full=True)
    clear_attempts(database)
    backups = list_backups(database)
    latest = (
        f"The latest backup is {backups[0].path} ({long_date(backups[0].made_at.date())})."
        if backups
        else "There is no backup yet: `fieldcase backup` makes one."
    )
    if found.damaged:
        print(f"{found.summary(str(database))} fieldcase has not changed it.", file=out)
        if backups:
            print(f"{latest} To put it in place: fieldcase restore {backups[0].path}", file=out)
        else:
            print("There is no backup to restore. Keep the file as it is and ask IT.", file=out)
        return EXIT_DATABASE
    print(f"{database} is sound.", file=out)
    print(
        f"  Every one of its {found.pages} pages opens with your passphrase and "
        "passes its checksum.",
        file=out,
    )
    print("  Its structure is intact, and every record another points at is there.", file=out)
    print(f"  {latest}", file=out)
    return EXIT_OK
