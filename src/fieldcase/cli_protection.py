"""Data-protection duties on the command line: retention purge and subject access export.

``fieldcase retention --dry-run`` lists the closed cases past the retention
period; ``--purge`` removes them. ``fieldcase export-person NAME_OR_ID --out
FILE`` writes everything held about one person. The passphrase comes from
the ``FIELDCASE_PASSPHRASE`` environment variable, else standard input (a
prompt that does not echo when it is a terminal, else its first line); it is
never an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from fieldcase.config import Settings
from fieldcase.db.errors import DamagedDatabase, StoreError
from fieldcase.domain import dates
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import long_date
from fieldcase.progress import TerminalProgress
from fieldcase.services.errors import NotFound

if TYPE_CHECKING:
    from fieldcase.db.store import Store
    from fieldcase.services import retention

COMMANDS = frozenset({"retention", "export-person"})
ENV_PASSPHRASE = "FIELDCASE_PASSPHRASE"
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3


def add_protection_commands(
    parser: argparse.ArgumentParser,
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """Add the ``retention`` and ``export-person`` commands; returns the commands, for more."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )
    shared.add_argument(
        "--yes",
        action="store_true",
        help="do not ask for confirmation (for scripts)",
    )
    keep = commands.add_parser(
        "retention",
        parents=[shared],
        help="list or purge closed cases past the retention period",
        description=(
            "Closed cases may be purged policy.retention_years after closure (default 6). "
            "A purge removes each case with everything recorded in it, the people in no "
            "other case, and its audit events (one purge event is kept), then rebuilds "
            "the file so the removed text cannot be recovered. Cases on legal hold are kept."
        ),
    )
    action = keep.add_mutually_exclusive_group(required=True)
    action.add_argument("--dry-run", action="store_true", help="list what would be purged")
    action.add_argument("--purge", action="store_true", help="purge the cases that are due")
    action.add_argument("--hold", metavar="REF", help="put a case on legal hold")
    action.add_argument("--release", metavar="REF", help="take a case off legal hold")
    export = commands.add_parser(
        "export-person",
        parents=[shared],
        help="write everything held about one person to a file (subject access)",
        description=(
            "Writes a Markdown file with the person's record and every case, incident, "
            "contact, assessment, visit, consent, disclosure and ABC about them. Other "
            "people's names are marked [REDACT: name] for review. The file is not "
            "encrypted; it is created readable by you alone and never overwrites a file."
        ),
    )
    export.add_argument("person", metavar="NAME_OR_ID", help="full name, part of it, or id")
    export.add_argument("--out", required=True, metavar="FILE", help="the new file to write")
    return commands


def run_protection_command(
    args: argparse.Namespace,
    *,
    database: Path,
    settings: Settings,
    demo: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run ``retention`` or ``export-person``; returns the exit code.

    Args:
        args: The parsed arguments.
        database: The database file to open.
        settings: The officer's settings (name and policy).
        demo: Open the demo database with its published passphrase.
        stdin: Where a passphrase or confirmation is read (standard input by default).
        out: Where reports are written (standard output by default).
    """
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    store = open_for_command(args, database=database, settings=settings, demo=demo, stdin=stdin)
    if isinstance(store, int):
        return store
    try:
        if args.command == "retention":
            return _retention(args, store, settings, stdin, out)
        return _export(args, store, out)
    finally:
        store.close()


def open_for_command(
    args: argparse.Namespace, *, database: Path, settings: Settings, demo: bool, stdin: TextIO
) -> Store | int:
    """Open the database for a command, or say why not and return the exit code.

    The passphrase comes from the environment or standard input; a wrong one
    counts towards the same back-off as the unlock screen.
    """
    from fieldcase.db.restore import damage_advice
    from fieldcase.db.store import open_store
    from fieldcase.services.security import unlock

    passphrase = read_passphrase(args, demo=demo, stdin=stdin)
    if passphrase is None:
        return EXIT_USAGE
    try:
        if demo:
            return open_store(database, passphrase, actor=settings.officer_name)
        return unlock(database, passphrase, now=datetime.now(UTC), actor=settings.officer_name)
    except DamagedDatabase as exc:
        print(f"fieldcase: {exc} {damage_advice(database)}", file=sys.stderr)
        return EXIT_DATABASE
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_DATABASE


def read_passphrase(args: argparse.Namespace, *, demo: bool, stdin: TextIO) -> str | None:
    """The passphrase for a command, or None after saying there is none.

    The demo's is published; otherwise it comes from the environment or standard input.
    """
    if demo:
        from fieldcase.demo.build import DEMO_PASSPHRASE

        return DEMO_PASSPHRASE
    passphrase = _passphrase(stdin, getattr(args, "passphrase_stdin", False))
    if not passphrase:
        print(
            f"fieldcase: no passphrase. Set {ENV_PASSPHRASE} or pipe it on standard input.",
            file=sys.stderr,
        )
        return None
    return passphrase


def _passphrase(stdin: TextIO, from_stdin: bool) -> str | None:
    value = os.environ.pop(ENV_PASSPHRASE, None)
    if value:
        return value
    if not from_stdin and stdin.isatty():
        return getpass.getpass("Passphrase: ") or None
    return stdin.readline().rstrip("\r\n") or None


def _retention(
    args: argparse.Namespace, store: Store, settings: Settings, stdin: TextIO, out: TextIO
) -> int:
    """Put a case on or off legal hold, or list the cases due for purging and purge them."""
    from fieldcase.services import retention

    policy = settings.policy
    today = dates.local_today()
    if args.hold or args.release:
        return _legal_hold(args, store, out)
    with store.reading() as session:
        found = retention.review(session, policy, today=today)
    _print_review(found, policy.retention_years, today, out)
    if not found.due:
        return EXIT_OK
    if args.dry_run:
        print("Nothing has been changed. `fieldcase retention --purge` purges them.", file=out)
        return EXIT_OK
    if not args.yes:
        if not stdin.isatty():
            print("fieldcase: add --yes to purge without a prompt.", file=sys.stderr)
            return EXIT_USAGE
        print("This cannot be undone. Type PURGE to go ahead: ", end="", file=out, flush=True)
        if stdin.readline().strip() != "PURGE":
            print("Nothing has been purged.", file=out)
            return EXIT_ERROR
    return _purge(store, policy, today, out)


def _legal_hold(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    """Put the case ``--hold`` names on legal hold, or take the one ``--release`` names off."""
    from fieldcase.services import retention

    try:
        with store.transaction() as session:
            case = retention.set_legal_hold(session, args.hold or args.release, bool(args.hold))
            reference = case.reference
    except NotFound as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_ERROR
    state = "is on legal hold: it will not be purged" if args.hold else "is off legal hold"
    print(f"{reference} {state}.", file=out)
    return EXIT_OK


def _print_review(found: retention.RetentionReview, years: int, today: date, out: TextIO) -> None:
    """The retention period, the cases on legal hold, and the cases due for purging."""
    print(
        f"Closed cases are kept {years} year{'s' if years != 1 else ''} after closure "
        "(policy.retention_years).",
        file=out,
    )
    if found.held:
        print("On legal hold, kept:", file=out)
        for entry in found.held:
            print(f"  {entry.reference}  closed {long_date(entry.closed_on)}", file=out)
    if not found.due:
        print(f"No case is due for purging today ({long_date(today)}).", file=out)
        return
    count = len(found.due)
    print(f"{count} case{'s are' if count != 1 else ' is'} due for purging:", file=out)
    for entry in found.due:
        print(
            f"  {entry.reference}  closed {long_date(entry.closed_on)}, "
            f"purgeable since {long_date(entry.purge_from)}",
            file=out,
        )


def _purge(store: Store, policy: Policy, today: date, out: TextIO) -> int:
    """Purge the cases due, report each, and say if the database's log could not be emptied."""
    from fieldcase.services import retention

    shown = TerminalProgress("Purging the cases due, then rebuilding the file", sys.stderr)
    result = retention.purge(store, policy, today=today, progress=shown)
    for purged in result.cases:
        total = sum(n for table, n in purged.removed.items() if table != "auditevent")
        print(
            f"Purged {purged.reference} (closed {long_date(purged.closed_on)}): "
            f"{total} records and {purged.removed.get('auditevent', 0)} audit events.",
            file=out,
        )
    if not result.scrubbed:
        print(
            "fieldcase: the database is open elsewhere, so its log could not be emptied. "
            "Close fieldcase everywhere and run `fieldcase retention --purge` again.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK


def _export(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from fieldcase.services import subject_access

    target = Path(args.out).expanduser()
    with store.reading() as session:
        matches = subject_access.find_people(session, args.person)
    if not matches:
        print("fieldcase: nobody of that name or id is in this database.", file=sys.stderr)
        return EXIT_ERROR
    if len(matches) > 1:
        print("More than one person matches. Run again with one of these ids:", file=out)
        for match in matches:
            roles = "; ".join(f"{role} in {ref}" for ref, role in match.roles) or "in no case"
            print(f"  {match.id}  {match.name} ({roles})", file=out)
        return EXIT_ERROR
    try:
        with store.transaction() as session:
            summary = subject_access.export_person(session, matches[0].id, target)
    except FileExistsError:
        print(f"fieldcase: {target} already exists; it has not been changed.", file=sys.stderr)
        return EXIT_ERROR
    parts = ", ".join(f"{kind} {n}" for kind, n in summary.sections.items())
    cases = ", ".join(summary.cases) or "no case"
    print(f"Wrote {target} ({cases}; {parts}).", file=out)
    print(
        "Review it before release: other people's names are marked [REDACT: …]. "
        "The file is not encrypted; delete it once the request is answered.",
        file=out,
    )
    return EXIT_OK
