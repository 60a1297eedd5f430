"""The chronology on the command line: ``fieldcase chronology REF --format pdf --out FILE``.

Writes a case's whole chronology as PDF, CSV or Markdown to a new file,
optionally with third parties redacted (``--redact``). The passphrase comes
as for the other commands (``cli_protection.open_for_command``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from fieldcase.cli_protection import EXIT_ERROR, EXIT_OK, open_for_command
from fieldcase.config import Settings
from fieldcase.services import case_file
from fieldcase.services.chronology_export import (
    ChronologyExportInput,
    ExportFormat,
    export_chronology,
)
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.export_files import LEAVES_THE_STORE

COMMANDS = frozenset({"chronology"})


def add_chronology_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``chronology`` command to fieldcase's commands."""
    command = commands.add_parser(
        "chronology",
        help="write a case's chronology to a PDF, CSV or Markdown file",
        description=(
            "Writes every record of the case, numbered in time order, with a header (case, "
            "officer, produced on, period covered). --redact replaces the names of household "
            "members, witnesses and parents or guardians with their role, and withholds notes "
            "marked not for disclosure, safe contact details, who reported a breach and reasons "
            "for going ahead without consent. The file is not encrypted; it is created readable "
            "by you alone and never overwrites a file."
        ),
    )
    command.add_argument("reference", metavar="REF", help="the case reference, e.g. FC-2026-0001")
    command.add_argument(
        "--format",
        required=True,
        choices=[f.value for f in ExportFormat],
        help="pdf, csv or md (Markdown)",
    )
    command.add_argument("--out", required=True, metavar="FILE", help="the new file to write")
    command.add_argument("--redact", action="store_true", help="redact third parties")
    command.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )


def run_chronology_command(
    args: argparse.Namespace,
    *,
    database: Path,
    settings: Settings,
    demo: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    now: datetime | None = None,
) -> int:
    """Run ``chronology``; returns the exit code."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    store = open_for_command(args, database=database, settings=settings, demo=demo, stdin=stdin)
    if isinstance(store, int):
        return store
    target = Path(args.out).expanduser()
    data = ChronologyExportInput(path=target, fmt=args.format, redact=args.redact)
    officer = settings.officer_name or "fieldcase"
    if demo:
        from fieldcase.demo.build import DEMO_OFFICER

        officer = DEMO_OFFICER
    try:
        with store.transaction() as session:
            case = case_file.case_by_reference(session, args.reference)
            reference = case.reference
            written = export_chronology(
                session, case.id, data, produced_by=officer, now=now or datetime.now(UTC)
            )
    except (NotFound, ValidationError) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc
        print(f"fieldcase: {message}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        store.close()
    redacted = "third parties redacted" if written.redacted else "not redacted"
    print(
        f"Wrote {target}: the chronology of {reference}, {written.entries} entries, {redacted}.",
        file=out,
    )
    print(LEAVES_THE_STORE, file=out)
    return EXIT_OK
