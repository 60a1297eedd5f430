"""The team server on the command line: ``fieldcase server …``, for IT and supervisors.

``init`` sets up an empty PostgreSQL database (schema, officers' group role,
row-level security) and ``upgrade`` brings it to a new fieldcase version;
both run as the database's owner role, the only role that changes the
schema. ``add-team``, ``add-officer``, ``make-supervisor``, ``safe-contact``
and ``remove-officer`` manage people (owner role); ``cover`` moves an absent
officer's cases to a colleague and back (owner role or a supervisor);
``officers`` lists them. ``import`` moves an officer's laptop database in
(owner role; see ``cli_server_import``).

The server's address comes from ``--server`` or ``server_url`` in settings.
Passwords come from libpq (a ``.pgpass`` file, a service file, ``PGPASSWORD``)
or a prompt that does not echo; never from an argument.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO, TypeVar

from fieldcase.cli_server_import import (
    NO_PASSPHRASE,
    add_import_command,
    laptop_passphrase,
    open_laptop,
    run_import,
)
from fieldcase.db.errors import StoreError
from fieldcase.services.errors import NotAllowed, NotFound, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcase.db.postgres import ServerAddress
    from fieldcase.db.store import Store

T = TypeVar("T")
COMMANDS = frozenset({"server"})
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3
NO_PASSWORD = (
    "The server asks for a password. Keep it in a .pgpass file or a service file "
    "(or PGPASSWORD for a script), or run this in a terminal to be asked for it."
)


@dataclass
class Console:
    """Where a command reads and writes, and how it asks for a password."""

    stdin: TextIO
    out: TextIO
    err: TextIO
    ask: Callable[[str], str] = getpass.getpass
    """Asks without echoing; only used when ``stdin`` is a terminal."""

    def fail(self, message: object, code: int = EXIT_ERROR) -> int:
        print(f"fieldcase: {message}", file=self.err)
        return code


def add_server_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``fieldcase server`` and its commands."""
    server = commands.add_parser(
        "server",
        help="set up and manage a team server (PostgreSQL): officers, teams, cover",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--server",
        metavar="ADDRESS",
        default=argparse.SUPPRESS,
        help="the team server, e.g. postgresql://host/fieldcase?sslmode=verify-full",
    )
    jobs = server.add_subparsers(dest="server_command", metavar="JOB", required=True)
    jobs.add_parser("init", parents=[where], help="set up an empty database (owner role)")
    jobs.add_parser("upgrade", parents=[where], help="upgrade to this version (owner role)")
    team = jobs.add_parser("add-team", parents=[where], help="add a team (owner role)")
    team.add_argument("team", metavar="TEAM")
    officer = jobs.add_parser(
        "add-officer", parents=[where], help="give an officer a login in a team (owner role)"
    )
    officer.add_argument("login", metavar="LOGIN", help="their login, e.g. spatel")
    officer.add_argument("--team", required=True, help="the team they work in")
    officer.add_argument("--full-name", default="", help="their name as colleagues know it")
    how = officer.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin", action="store_true", help="read their first password from stdin"
    )
    how.add_argument(
        "--no-password",
        action="store_true",
        help="set no password (the server authenticates them another way)",
    )
    boss = jobs.add_parser(
        "make-supervisor", parents=[where], help="let an officer see every team (owner role)"
    )
    boss.add_argument("login", metavar="LOGIN")
    boss.add_argument("--undo", action="store_true", help="make them an officer again")
    contact = jobs.add_parser(
        "safe-contact",
        parents=[where],
        help="how colleagues reach an officer when a visit check-in is overdue (owner role)",
    )
    contact.add_argument("login", metavar="LOGIN")
    contact.add_argument("route", metavar="ROUTE", help='e.g. "work mobile 07700 900123"')
    remove = jobs.add_parser(
        "remove-officer", parents=[where], help="stop an officer's access (owner role)"
    )
    remove.add_argument("login", metavar="LOGIN")
    cover = jobs.add_parser(
        "cover", parents=[where], help="move an absent officer's open cases to a colleague"
    )
    cover.add_argument("absent", metavar="ABSENT", help="the absent officer's login")
    given = cover.add_mutually_exclusive_group(required=True)
    given.add_argument("--by", metavar="COLLEAGUE", help="the colleague covering")
    given.add_argument("--end", action="store_true", help="give back the cases still covered")
    jobs.add_parser("officers", parents=[where], help="list teams and officers")
    add_import_command(jobs, where)


def run_server_command(
    args: argparse.Namespace, *, server: str | None, console: Console | None = None
) -> int:
    """Run one ``fieldcase server`` job; returns the exit code."""
    from sqlalchemy.exc import DBAPIError

    from fieldcase.db.postgres import ServerAddress

    console = console or Console(sys.stdin, sys.stdout, sys.stderr)
    address_text = getattr(args, "server", None) or server
    if not address_text:
        return console.fail(
            "which team server? Give --server postgresql://host/database or set server_url "
            "in settings.",
            EXIT_USAGE,
        )
    laptop: Engine | None = None
    try:
        address = ServerAddress.parse(address_text)
        if args.server_command in ("init", "upgrade"):
            return _with_password(console, address, lambda pw: _set_up(args, address, pw, console))
        officer_password = _officer_password(args, console)
        laptop = _laptop(args, console)
        store = _with_password(console, address, lambda pw: _open(address, pw))
    except _Stop as stop:
        _dispose(laptop)
        return stop.code
    except StoreError as exc:
        _dispose(laptop)
        return console.fail(exc, EXIT_DATABASE)
    try:
        if laptop is not None:
            return run_import(args, store, laptop, console)
        return _job(args, store, console, officer_password)
    except (ValidationError, NotFound, NotAllowed) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc
        return console.fail(message)
    except StoreError as exc:
        return console.fail(exc, EXIT_DATABASE)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", "") == "42501":
            return console.fail(
                f"{store.actor} may not do this: run it as the database's owner role "
                "(or, for cover, as a supervisor)."
            )
        raise
    finally:
        store.close()
        _dispose(laptop)


class _Stop(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _with_password(
    console: Console, address: ServerAddress, attempt: Callable[[str | None], T]
) -> T:
    """Try with libpq's own password; if it has none, ask once in a terminal."""
    from fieldcase.db.postgres import PasswordNeeded

    try:
        return attempt(None)
    except PasswordNeeded as exc:
        if not console.stdin.isatty():
            raise _Stop(console.fail(f"{exc} {NO_PASSWORD}", EXIT_DATABASE)) from exc
    return attempt(console.ask(f"Password for {address.shown()}: "))


def _laptop(args: argparse.Namespace, console: Console) -> Engine | None:
    """For ``import``, the laptop file opened for reading, before the server is touched."""
    if args.server_command != "import":
        return None
    passphrase = laptop_passphrase(args, console)
    if passphrase is None:
        raise _Stop(console.fail(NO_PASSPHRASE, EXIT_USAGE))
    return open_laptop(args, passphrase)


def _dispose(laptop: Engine | None) -> None:
    if laptop is not None:
        laptop.dispose()


def _open(address: ServerAddress, password: str | None) -> Store:
    from fieldcase.db.team import open_admin_store

    return open_admin_store(address, password)


def _set_up(
    args: argparse.Namespace, address: ServerAddress, password: str | None, console: Console
) -> int:
    from fieldcase.db.team import init_team_server, upgrade_team_server

    if args.server_command == "init":
        role = init_team_server(address, password)
        print(
            f"{address.shown()} is set up as a team server. Officers' logins join the "
            f"group role {role}. Next: fieldcase server add-team TEAM, then "
            "fieldcase server add-officer LOGIN --team TEAM.",
            file=console.out,
        )
        return EXIT_OK
    before, after = upgrade_team_server(address, password)
    done = "is up to date" if before == after else f"was upgraded from {before}"
    print(f"{address.shown()} {done} ({after}); its access rules were rebuilt.", file=console.out)
    return EXIT_OK


def _officer_password(args: argparse.Namespace, console: Console) -> str | None:
    """The new officer's first password, read before connecting (None when not setting one)."""
    if args.server_command != "add-officer" or args.no_password:
        return None
    if args.password_stdin:
        typed = console.stdin.readline().rstrip("\r\n")
    elif console.stdin.isatty():
        typed = console.ask(f"First password for {args.login}: ")
        if console.ask("The same password again: ") != typed:
            raise _Stop(console.fail("The two passwords are not the same.", EXIT_USAGE))
    else:
        raise _Stop(
            console.fail(
                "give the officer's first password on standard input with --password-stdin, "
                "or use --no-password when the server authenticates them another way.",
                EXIT_USAGE,
            )
        )
    if not typed:
        raise _Stop(console.fail("The password is empty.", EXIT_USAGE))
    return typed


def _job(
    args: argparse.Namespace, store: Store, console: Console, officer_password: str | None
) -> int:
    from fieldcase.services import team_admin

    out = console.out
    job = args.server_command
    if job == "officers":
        _print_officers(store, out)
    elif job == "add-team":
        store.run(team_admin.add_team, args.team)
        print(f"Team {args.team.strip()} added.", file=out)
    elif job == "add-officer":
        created = store.run(
            team_admin.add_officer,
            args.login,
            team=args.team,
            full_name=args.full_name,
            password=officer_password,
        )
        login = "a new login" if created else "their existing login"
        print(f"{args.login} is an officer in {args.team}, with {login}.", file=out)
    elif job == "safe-contact":
        store.run(team_admin.set_safe_contact, args.login, args.route)
        print(f"{args.login}'s safe contact route is recorded.", file=out)
    elif job == "make-supervisor":
        store.run(team_admin.make_supervisor, args.login, supervisor=not args.undo)
        now = "no longer supervises" if args.undo else "now supervises every team"
        print(f"{args.login} {now}.", file=out)
    elif job == "remove-officer":
        closed = store.run(team_admin.remove_officer, args.login)
        print(f"{args.login} can no longer use the team server.", file=out)
        if not closed:
            print(
                "Their connections already open stay open but see nothing.",
                file=out,
            )
    else:
        _cover(args, store, out)
    return EXIT_OK


def _cover(args: argparse.Namespace, store: Store, out: TextIO) -> None:
    from fieldcase.services import assignment

    if args.end:
        moved = store.run(assignment.end_cover, args.absent)
        print(f"{moved.count} case(s) given back to {args.absent}.", file=out)
    else:
        moved = store.run(assignment.cover_cases, args.absent, by=args.by)
        print(
            f"{moved.count} open case(s) of {args.absent} now held by {moved.to} "
            f"(team {moved.team}).",
            file=out,
        )
    for reference in moved.references:
        print(f"  {reference}", file=out)


def _print_officers(store: Store, out: TextIO) -> None:
    from fieldcase.services import team_admin

    found = store.run(team_admin.officers)
    if not found:
        print("No officers yet: fieldcase server add-officer LOGIN --team TEAM", file=out)
        return
    for officer in found:
        role = "supervisor" if officer.supervisor else "officer"
        state = "" if officer.active else " (removed)"
        name = f" {officer.full_name}," if officer.full_name else ""
        print(
            f"{officer.login}:{name} {role} in {officer.team}, "
            f"{officer.open_cases} open case(s){state}",
            file=out,
        )
