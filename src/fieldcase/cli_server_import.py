"""``fieldcase server import FILE``: moving an officer's laptop database onto the team server.

Run by IT as the database's owner role. The laptop file's passphrase comes
from ``FIELDCASE_PASSPHRASE``, else the first line of standard input with
``--passphrase-stdin``, else a prompt that does not echo; never an argument.
The file is only read, and the server takes everything or nothing.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from fieldcase.progress import TerminalProgress

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcase.cli_server import Console
    from fieldcase.db.store import Store
    from fieldcase.services.moving_in import MoveSummary
    from fieldcase.services.moving_in_matches import MaybeKnown

ENV_PASSPHRASE = "FIELDCASE_PASSPHRASE"
NO_PASSPHRASE = (
    f"no passphrase for the laptop database. Set {ENV_PASSPHRASE}, pipe it with "
    "--passphrase-stdin, or run this in a terminal to be asked for it."
)
SHOWN_CHANGED = 5
"""Records changed on the server that are named in the summary, per kind."""
SHOWN_KNOWN = 20
"""People and addresses that may already be known, named in the summary."""
SHOWN_PER_MATCH = 3
"""The server's records named for each of them."""


def add_import_command(
    jobs: argparse._SubParsersAction[argparse.ArgumentParser], where: argparse.ArgumentParser
) -> None:
    """Add ``fieldcase server import``."""
    move = jobs.add_parser(
        "import",
        parents=[where],
        help="move an officer's laptop database onto the team server (owner role)",
        description=(
            "Copies every record of the laptop database, with its audit history and "
            "attachments, in one transaction. Running it again adds nothing twice. The "
            "cases go to the officer named and their team (or --team)."
        ),
    )
    move.add_argument("file", metavar="FILE", help="the laptop's database file (fieldcase.db)")
    move.add_argument(
        "--officer", required=True, metavar="LOGIN", help="whose cases they are, e.g. spatel"
    )
    move.add_argument("--team", help="the team the cases go to (default: the officer's)")
    move.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the file's passphrase from the first line of standard input",
    )


def laptop_passphrase(args: argparse.Namespace, console: Console) -> str | None:
    """The laptop file's passphrase, or None when none was given."""
    from_env = os.environ.pop(ENV_PASSPHRASE, None)
    if from_env:
        return from_env
    if getattr(args, "passphrase_stdin", False) or not console.stdin.isatty():
        return console.stdin.readline().rstrip("\r\n") or None
    return console.ask(f"Passphrase of {Path(args.file).name}: ") or None


def open_laptop(args: argparse.Namespace, passphrase: str) -> Engine:
    """The laptop file, opened for reading only; its schema must be this version's.

    Raises:
        StoreError: Wrong passphrase, damaged, not fieldcase's, or another schema.
    """
    from fieldcase.db import migrate
    from fieldcase.db.laptop_file import open_laptop_file

    path = Path(args.file).expanduser()
    return open_laptop_file(path, passphrase, server_revision=migrate.head_revision())


def run_import(args: argparse.Namespace, store: Store, laptop: Engine, console: Console) -> int:
    """Move the laptop's records in and print what moved; returns the exit code."""
    from sqlalchemy.exc import DBAPIError

    from fieldcase.db.engine import StoreError
    from fieldcase.services.moving_in import move_in

    try:
        summary = store.run(
            move_in,
            laptop,
            source=Path(args.file).name,
            officer=args.officer,
            team=args.team,
            progress=TerminalProgress("Moving records", console.err),
        )
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", "") == "42501":
            raise
        raise StoreError(
            f"the team server stopped the import ({_reason(exc)}). Nothing was moved: "
            "run it again once that is put right."
        ) from exc
    print_summary(summary, Path(args.file).name, console.out)
    return 0


def _reason(exc: Exception) -> str:
    """The server's own words, without the values of any row (kept in its detail)."""
    orig = getattr(exc, "orig", None)
    primary = getattr(getattr(orig, "diag", None), "message_primary", None)
    return str(primary or str(orig or exc).splitlines()[0])


def print_summary(summary: MoveSummary, name: str, out: TextIO) -> None:
    """What moved, kind by kind, and what was renumbered, changed or left behind."""
    if summary.moved:
        print(
            f"Moved {name} onto the team server: its cases are {summary.officer}'s, "
            f"in team {summary.team}.",
            file=out,
        )
    else:
        print(f"Nothing new to move: everything in {name} is already on the team server.", file=out)
    width = max(len(kind.kind) for kind in summary.kinds)
    for kind in summary.kinds:
        if kind.moved or kind.already_there or kind.changed:
            line = (
                f"  {kind.kind:<{width}}  {kind.moved:>6} moved, {kind.already_there} already there"
            )
            if kind.changed:
                line += f", {len(kind.changed)} changed there since"
            print(line, file=out)
    for old, new in summary.renumbered.items():
        print(f"{old} was already used on the server: that case is now {new}.", file=out)
    for kind in summary.kinds:
        if kind.changed:
            shown = ", ".join(kind.changed[:SHOWN_CHANGED])
            more = len(kind.changed) - SHOWN_CHANGED
            print(
                f"Changed on the server, not overwritten ({kind.kind}): {shown}", end="", file=out
            )
            print(f" and {more} more" if more > 0 else "", file=out)
    if summary.maybe_known:
        print_maybe_known(summary.maybe_known, summary.team, out)
    if summary.drafts_left:
        print(
            f"{summary.drafts_left} half-typed form(s) stay on the laptop: finish or discard "
            "them there.",
            file=out,
        )


def print_maybe_known(found: list[MaybeKnown], team: str, out: TextIO) -> None:
    """The people and addresses moved in that the server may already hold, and what to do."""
    from fieldcase.domain.text import one_line

    people = sum(1 for match in found if match.what == "person")
    addresses = len(found) - people
    counted = [
        f"{n} {one if n == 1 else many}"
        for n, one, many in ((people, "person", "people"), (addresses, "address", "addresses"))
        if n
    ]
    print(
        f"{' and '.join(counted)} may already be known on the server (nothing was merged):",
        file=out,
    )
    for match in found[:SHOWN_KNOWN]:
        known = "; ".join(
            f"{one_line(record.label)} in "
            + (", ".join(_case(ref, case_team) for ref, case_team in record.cases) or "no case")
            for record in match.known[:SHOWN_PER_MATCH]
        )
        if len(match.known) > SHOWN_PER_MATCH:
            known += f" and {len(match.known) - SHOWN_PER_MATCH} more"
        alone = "" if match.seen_by(team) else " [only a supervisor sees both]"
        print(f"  {one_line(match.arrived)} ({match.why}): also {known}{alone}", file=out)
    if len(found) > SHOWN_KNOWN:
        print(f"  and {len(found) - SHOWN_KNOWN} more", file=out)
    print(
        f"An officer of team {team} reviews them in fieldcase on the team server: Duplicates\n"
        "(d on the caseload, or Ctrl+P). Keep the server's record and merge the moved one\n"
        "into it: cautions, the enforcement ladder and consent are then on one record.",
        file=out,
    )


def _case(reference: str, team: str) -> str:
    return f"{reference} ({team})" if team else reference
