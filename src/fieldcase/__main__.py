"""Command line: parse arguments, open the store, run the app, return an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcase import __version__
from fieldcase.cli_chronology import COMMANDS as CHRONOLOGY_COMMANDS
from fieldcase.cli_chronology import add_chronology_command, run_chronology_command
from fieldcase.cli_duplicates import COMMANDS as DUPLICATE_COMMANDS
from fieldcase.cli_duplicates import add_duplicate_commands, run_duplicate_command
from fieldcase.cli_protection import COMMANDS as PROTECTION_COMMANDS
from fieldcase.cli_protection import add_protection_commands, run_protection_command
from fieldcase.cli_reports import COMMANDS as REPORT_COMMANDS
from fieldcase.cli_reports import add_report_commands, run_report_command
from fieldcase.cli_safety import COMMANDS as SAFETY_COMMANDS
from fieldcase.cli_safety import add_safety_commands, run_safety_command
from fieldcase.cli_server import COMMANDS as SERVER_COMMANDS
from fieldcase.cli_server import add_server_commands, run_server_command
from fieldcase.config import Settings, SettingsError, load_settings
from fieldcase.db.errors import StoreError, check_file
from fieldcase.paths import ENV_DATA_DIR, Locations, locate, secure_data_files
from fieldcase.progress import Progress, TerminalProgress

if TYPE_CHECKING:
    from fieldcase.db.store import Store
    from fieldcase.domain.policy import Policy
    from fieldcase.ui.app import FieldcaseApp

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3
ENV_PASSPHRASE = "FIELDCASE_PASSPHRASE"
COMMAND_RUNNERS = (
    (PROTECTION_COMMANDS, run_protection_command),
    (SAFETY_COMMANDS, run_safety_command),
    (DUPLICATE_COMMANDS, run_duplicate_command),
    (CHRONOLOGY_COMMANDS, run_chronology_command),
    (REPORT_COMMANDS, run_report_command),
)
"""Each set of commands and what runs them (with the database, settings and demo flag)."""


def build_parser() -> argparse.ArgumentParser:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        prog="fieldcase",
        description=(
            "Keyboard-first case work for Safer Neighbourhood officers: hate crime and "
            "anti-social behaviour cases, kept in an encrypted database on this laptop."
        ),
        epilog=(
            f"Environment: {ENV_DATA_DIR} sets the data folder (like --data-dir). "
            f"{ENV_PASSPHRASE} supplies the passphrase for scripted use; anyone who can "
            "read this process's environment can then read it, so prefer the unlock "
            "screen. The passphrase is never accepted as an argument. On a team server "
            "(--server, or server_url in settings) the password comes from libpq: a .pgpass "
            "file, a service file, PGPASSWORD, or the login screen."
        ),
    )
    parser.add_argument("--version", action="version", version=f"fieldcase {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the separate demo database of invented cases (created on first use)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder for the database, settings and error log (default: your user data "
        f"folder; also {ENV_DATA_DIR})",
    )
    parser.add_argument(
        "--database",
        metavar="PATH",
        help="open this database file instead of the one in the data folder",
    )
    parser.add_argument(
        "--server",
        metavar="ADDRESS",
        help="work on a team server (PostgreSQL) instead of this laptop's database, e.g. "
        "postgresql://cases.example.org/fieldcase?sslmode=verify-full or service=fieldcase "
        "(never with a password in it; needs pip install 'fieldcase[server]')",
    )
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from the first line of standard input (for scripts)",
    )
    commands = add_protection_commands(parser)
    add_duplicate_commands(commands)
    add_safety_commands(commands)
    add_chronology_command(commands)
    add_report_commands(commands)
    add_server_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, clock: Callable[[], datetime] | None = None) -> int:
    """Run fieldcase; returns the process exit code.

    Args:
        argv: The arguments; the command line's when None.
        clock: The current time (aware UTC) for the wrong-passphrase back-off;
            the system clock when None.
    """
    args = build_parser().parse_args(argv)
    locations = locate(args.data_dir)
    secure_data_files(locations)
    from fieldcase.crash import install_excepthook

    install_excepthook(locations.error_log)
    try:
        settings = load_settings(locations.settings_file)
    except SettingsError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_USAGE
    on_server = _route_to_server(args, settings, locations)
    if on_server is not None:
        return on_server
    database = Path(args.database).expanduser().resolve() if args.database else None
    if args.demo:
        database = database or locations.demo_database
    database = database or locations.database
    try:
        check_file(database)
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    if args.command:
        return _run_file_command(args, database, settings)
    store = None
    try:
        if args.demo:
            from dataclasses import replace

            from fieldcase.demo.build import DEMO_OFFICER

            store = open_demo(database, settings.policy)
            settings = replace(settings, officer_name=DEMO_OFFICER)
        else:
            from fieldcase.services.security import passphrase_from_environment

            passphrase = passphrase_from_environment(sys.stdin if args.passphrase_stdin else None)
            if passphrase is not None:
                now = clock() if clock is not None else datetime.now(UTC)
                store = _open_scripted(database, passphrase, settings.officer_name, now=now)
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_DATABASE

    from fieldcase.ui.app import FieldcaseApp

    app = FieldcaseApp(
        locations=locations, settings=settings, database=database, store=store, demo=args.demo
    )
    return _run_app(app)


def _run_file_command(args: argparse.Namespace, database: Path, settings: Settings) -> int:
    """Run one of the commands that work on a laptop's database file."""
    for commands, run_command in COMMAND_RUNNERS:
        if args.command in commands:
            return run_command(args, database=database, settings=settings, demo=args.demo)
    raise AssertionError(f"no runner for the command {args.command}")


def _run_app(app: FieldcaseApp) -> int:
    """Run the interface; the exit code says how it ended (128 + the signal that ended it)."""
    result = app.run()
    if app.stopped_by is not None:
        return 128 + app.stopped_by
    if app.return_code not in (None, 0):
        return app.return_code or EXIT_ERROR
    return int(result) if result is not None else EXIT_OK


def _route_to_server(
    args: argparse.Namespace, settings: Settings, locations: Locations
) -> int | None:
    """Run a ``server`` command or the app on a team server; None to go on with a laptop file."""
    if args.command in SERVER_COMMANDS:
        return run_server_command(args, server=settings.server_url)
    if args.server and (args.demo or args.database):
        print("fieldcase: --server cannot be used with --demo or --database.", file=sys.stderr)
        return EXIT_USAGE
    server = args.server or ("" if args.demo or args.database else settings.server_url)
    return _run_on_server(args, settings, locations, server) if server else None


def _run_on_server(
    args: argparse.Namespace, settings: Settings, locations: Locations, server: str
) -> int:
    """Run the app on a team server, logged in as the officer libpq (or the login screen) gives."""
    from fieldcase.db.postgres import PasswordNeeded, ServerAddress

    if args.command:
        print(
            f"fieldcase: {args.command} works on this laptop's database; on a team server "
            "IT keeps backups with pg_dump (see the README's section for IT).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        address = ServerAddress.parse(server)
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from fieldcase.db.team import open_team_store

    store = None
    try:
        store = open_team_store(address)
    except PasswordNeeded:
        store = None  # the app's login screen asks for it
    except StoreError as exc:
        print(f"fieldcase: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    from fieldcase.ui.app import FieldcaseApp

    app = FieldcaseApp(
        locations=locations,
        settings=settings,
        database=locations.database,
        store=store,
        server=address,
    )
    return _run_app(app)


def open_demo(
    database: Path, policy: Policy, *, today: date | None = None, progress: Progress | None = None
) -> Store:
    """Open the demo database, creating and filling it on first use (showing how far it is)."""
    from fieldcase.db.store import database_exists, open_store
    from fieldcase.demo.build import DEMO_OFFICER, DEMO_PASSPHRASE, populate
    from fieldcase.domain.dates import local_today

    if database_exists(database):
        return open_store(database, DEMO_PASSPHRASE, actor=DEMO_OFFICER)
    store = open_store(database, DEMO_PASSPHRASE, create=True, actor=DEMO_OFFICER)
    try:
        shown = progress or TerminalProgress("Creating the demo database of invented cases")
        populate(store, policy=policy, today=today or local_today(), progress=shown)
    except BaseException:
        store.close()
        database.unlink(missing_ok=True)
        raise
    return store


def _open_scripted(database: Path, passphrase: str, officer_name: str, *, now: datetime) -> Store:
    """Open (or on first run create) the database with a passphrase given by a script.

    Wrong passphrases count towards the same back-off as the unlock screen, and
    a new database gets the same strength rules as the setup screen.
    """
    from fieldcase.db.store import open_store
    from fieldcase.domain.passphrase import passphrase_problem
    from fieldcase.services.security import published_passphrases, unlock

    if database.exists():
        return unlock(database, passphrase, now=now, actor=officer_name)
    problem = passphrase_problem(
        passphrase, personal=[officer_name], published=published_passphrases()
    )
    if problem:
        raise StoreError(f"That passphrase is too weak for a new database. {problem}")
    return open_store(database, passphrase, create=True, actor=officer_name)


if __name__ == "__main__":
    raise SystemExit(main())
