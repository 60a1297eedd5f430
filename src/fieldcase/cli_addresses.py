"""Addresses on the command line: list likely duplicate properties, merge one into another.

``fieldcase duplicates`` lists properties that are probably one address typed
twice (the same number or name and street, postcodes that agree), with what
is recorded at each. Nothing is merged until the officer runs ``fieldcase
duplicates --merge KEEP_ID COPY_ID``: everything at the copy then moves to the
kept record, in the audit trail, and the copy is removed.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import TextIO

from fieldcase.cli_protection import EXIT_ERROR, EXIT_OK, EXIT_USAGE, open_for_command
from fieldcase.config import Settings
from fieldcase.db.store import Store
from fieldcase.domain.protection import long_date
from fieldcase.services import property_merge
from fieldcase.services.errors import NotFound, ValidationError

COMMANDS = frozenset({"duplicates"})
SINGULAR = {"cases": "case", "people": "person", "cautions": "caution", "visits": "visit"}


def add_address_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``duplicates`` command to fieldcase's commands."""
    duplicates = commands.add_parser(
        "duplicates",
        help="list properties recorded twice, and merge a copy into the record to keep",
        description=(
            "Lists properties that are probably the same address typed twice: the same flat, "
            "number or name and street (ignoring case, punctuation and abbreviations such as "
            "Rd or Cl), and the same postcode or none. Nothing is merged automatically. "
            "--merge KEEP_ID COPY_ID moves every case, person, caution and visit from the "
            "copy to the kept record, writes it to the audit trail and removes the copy."
        ),
    )
    duplicates.add_argument(
        "--merge",
        nargs=2,
        metavar=("KEEP_ID", "COPY_ID"),
        help="merge the property COPY_ID into KEEP_ID (ids as listed)",
    )
    duplicates.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )
    duplicates.add_argument(
        "--yes", action="store_true", help="merge without asking for confirmation (for scripts)"
    )


def run_address_command(
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
    with store.reading() as session:
        groups = property_merge.likely_duplicates(session)
    if not groups:
        print("No address is recorded twice.", file=out)
        return EXIT_OK
    count = len(groups)
    print(
        f"{count} address{'es' if count != 1 else ''} may be recorded more than once. "
        "Check each, then merge the copy into the record to keep with\n"
        "  fieldcase duplicates --merge KEEP_ID COPY_ID",
        file=out,
    )
    for group in groups:
        print(file=out)
        print(f"{group.key}, {group.postcode or 'no postcode'}:", file=out)
        for entry in group.properties:
            view = entry.view
            tenancy = f", tenancy {view.tenancy_ref}" if view.tenancy_ref else ""
            print(f"  {view.id}  {view.label}{tenancy}", file=out)
            print(
                f"    added {long_date(entry.created_at.date())}; {_records(entry.records)}",
                file=out,
            )
    return EXIT_OK


def _merge(
    args: argparse.Namespace, store: Store, settings: Settings, stdin: TextIO, out: TextIO
) -> int:
    try:
        keep_id, other_id = (uuid.UUID(text) for text in args.merge)
    except ValueError:
        print(
            "fieldcase: give the two property ids as `fieldcase duplicates` lists them.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.yes:
        if not stdin.isatty():
            print("fieldcase: add --yes to merge without a prompt.", file=sys.stderr)
            return EXIT_USAGE
        print(
            f"Merge {other_id} into {keep_id}? Type MERGE to go ahead: ",
            end="",
            file=out,
            flush=True,
        )
        if stdin.readline().strip() != "MERGE":
            print("Nothing has been merged.", file=out)
            return EXIT_ERROR
    try:
        with store.transaction() as session:
            result = property_merge.merge_properties(
                session, keep_id, other_id, policy=settings.policy
            )
    except (NotFound, ValidationError) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
        print(f"fieldcase: {message}", file=sys.stderr)
        return EXIT_ERROR
    print(
        f"Merged {result.merged_address} into {result.kept.label}: moved {_records(result.moved)}.",
        file=out,
    )
    if result.case_references:
        print(f"Cases at {result.kept.label}: {', '.join(result.case_references)}.", file=out)
    return EXIT_OK


def _records(counts: dict[str, int]) -> str:
    """``{"cases": 1, "people": 2}`` -> ``1 case, 2 people``."""
    return ", ".join(
        f"{n} {SINGULAR.get(name, name) if n == 1 else name}" for name, n in counts.items()
    )
