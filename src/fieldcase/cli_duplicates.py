"""Records typed twice, on the command line: list likely duplicates, merge one into another.

``fieldcase duplicates`` lists people who are probably one person (the same
name in any order, a similar name with the same date of birth, or the same
phone number) and properties that are probably one address, each with what is
recorded against it. Nothing is merged until the officer runs ``fieldcase
duplicates --merge KEEP_ID COPY_ID``: two people or two addresses, worked out
from the ids. Everything recorded against the copy then moves to the kept
record, in the audit trail, and the copy is removed.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from fieldcase.cli_protection import EXIT_ERROR, EXIT_OK, EXIT_USAGE, open_for_command
from fieldcase.config import Settings
from fieldcase.domain.dates import local_today
from fieldcase.domain.text import one_line
from fieldcase.services.errors import NotAllowed, NotFound, ValidationError, in_one_line

if TYPE_CHECKING:
    from fieldcase.db.store import Store
    from fieldcase.services import duplicates

COMMANDS = frozenset({"duplicates"})
MERGE_HINT = (
    "Check each, then merge the copy into the record to keep with\n"
    "  fieldcase duplicates --merge KEEP_ID COPY_ID"
)


def add_duplicate_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``duplicates`` command to fieldcase's commands."""
    parser = commands.add_parser(
        "duplicates",
        help="list people and addresses recorded twice, and merge a copy into the record to keep",
        description=(
            "Lists people who are probably one person recorded twice (the same name in any "
            "word order, spacing or accents; a similar name with the same date of birth; or "
            "the same phone number) and properties that are probably the same address typed "
            "twice (the same flat, number or name and street, and the same postcode or none). "
            "Nothing is merged automatically. --merge KEEP_ID COPY_ID merges two people or "
            "two addresses: everything recorded against the copy moves to the kept record, "
            "which takes the copy's details where its own are blank; the merge is written to "
            "the audit trail and the copy is removed."
        ),
    )
    parser.add_argument(
        "--merge",
        nargs=2,
        metavar=("KEEP_ID", "COPY_ID"),
        help="merge the person or property COPY_ID into KEEP_ID (ids as listed)",
    )
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )
    parser.add_argument(
        "--yes", action="store_true", help="merge without asking for confirmation (for scripts)"
    )


def run_duplicate_command(
    args: argparse.Namespace,
    *,
    database: Path,
    settings: Settings,
    demo: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run ``duplicates``; returns the exit code."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    store = open_for_command(args, database=database, settings=settings, demo=demo, stdin=stdin)
    if isinstance(store, int):
        return store
    try:
        if args.merge:
            return _merge(args, store, settings, stdin, out)
        return _list(store, out)
    finally:
        store.close()


def _list(store: Store, out: TextIO) -> int:
    from fieldcase.services import duplicates

    with store.reading() as session:
        found = duplicates.likely_duplicates(session)
    _list_people(found, local_today(), out)
    print(file=out)
    _list_addresses(found, out)
    if found.people or found.addresses:
        print(file=out)
        print(MERGE_HINT, file=out)
    return EXIT_OK


def _list_people(found: duplicates.Duplicates, today: date, out: TextIO) -> None:
    if not found.people:
        print("No person is recorded twice.", file=out)
        return
    count = len(found.people)
    print(
        f"{count} {'person' if count == 1 else 'people'} may be recorded more than once.", file=out
    )
    for group in found.people:
        print(file=out)
        print(f"{group.why.capitalize()}:", file=out)
        for entry in group.people:
            print(f"  {entry.person.id}  {one_line(entry.person.full_name)}", file=out)
            for line in entry.details(today):
                print(f"    {one_line(line)}", file=out)


def _list_addresses(found: duplicates.Duplicates, out: TextIO) -> None:
    if not found.addresses:
        print("No address is recorded twice.", file=out)
        return
    count = len(found.addresses)
    print(f"{count} address{'es' if count != 1 else ''} may be recorded more than once.", file=out)
    for group in found.addresses:
        print(file=out)
        print(f"{one_line(group.key)}, {group.postcode or 'no postcode'}:", file=out)
        for entry in group.properties:
            print(f"  {entry.view.id}  {one_line(entry.view.label)}", file=out)
            for line in entry.details():
                print(f"    {one_line(line)}", file=out)


def _merge(
    args: argparse.Namespace, store: Store, settings: Settings, stdin: TextIO, out: TextIO
) -> int:
    from fieldcase.services import duplicates

    try:
        keep_id, copy_id = (uuid.UUID(text) for text in args.merge)
    except ValueError:
        print(
            "fieldcase: give the two ids (people or properties) as `fieldcase duplicates` "
            "lists them.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        with store.reading() as session:
            preview = duplicates.merge_preview(session, keep_id, copy_id)
        if not args.yes and not _confirmed(preview, stdin, out):
            return EXIT_USAGE if not stdin.isatty() else EXIT_ERROR
        with store.transaction() as session:
            merged = duplicates.merge_records(session, keep_id, copy_id, policy=settings.policy)
    except (NotFound, NotAllowed, ValidationError) as exc:
        print(f"fieldcase: {in_one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    print(one_line(merged.sentence(zeros=True)), file=out)
    if merged.case_references:
        print(f"Cases brought up to date: {', '.join(merged.case_references)}.", file=out)
    return EXIT_OK


def _confirmed(preview: duplicates.MergePreview, stdin: TextIO, out: TextIO) -> bool:
    """Ask the officer to type MERGE, having said what will move."""
    if not stdin.isatty():
        print("fieldcase: add --yes to merge without a prompt.", file=sys.stderr)
        return False
    for line in preview.question().splitlines():
        print(textwrap.fill(one_line(line), width=78), file=out)
    print("Type MERGE to go ahead: ", end="", file=out, flush=True)
    if stdin.readline().strip() != "MERGE":
        print("Nothing has been merged.", file=out)
        return False
    return True
