"""The chronology and the evidence pack on the command line.

``fieldcase chronology REF --format pdf --out FILE`` writes a case's whole
chronology as PDF, CSV or Markdown; ``fieldcase evidence-pack REF --to FILE``
writes its evidence pack (a PDF). Each goes to a new file, optionally with third
parties redacted (``--redact``). The passphrase comes as for the other commands
(``cli_protection.open_for_command``).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from fieldcase.cli_protection import EXIT_ERROR, EXIT_OK, open_for_command
from fieldcase.config import Settings
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.export_files import LEAVES_THE_STORE, ExportFormat

if TYPE_CHECKING:
    from sqlmodel import Session

COMMANDS = frozenset({"chronology", "evidence-pack"})


REDACTION_HELP = (
    "--redact replaces the names of household members, witnesses and parents or guardians "
    "with their role, and withholds notes marked not for disclosure, safe contact details, "
    "who reported a breach and reasons for going ahead without consent."
)
NEW_FILE_HELP = (
    "The file is not encrypted; it is created readable by you alone and never overwrites a file."
)


def add_chronology_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``chronology`` and ``evidence-pack`` commands to fieldcase's commands."""
    command = commands.add_parser(
        "chronology",
        help="write a case's chronology to a PDF, CSV or Markdown file",
        description=(
            "Writes every record of the case, numbered in time order, with a header (case, "
            f"officer, produced on, period covered). {REDACTION_HELP} {NEW_FILE_HELP}"
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
    _common_arguments(command)
    pack = commands.add_parser(
        "evidence-pack",
        help="write a case's evidence pack for a court hearing to a PDF file",
        description=(
            "Writes one PDF for an injunction or possession hearing: a contents page, the case "
            "summary, the numbered chronology, incident accounts, letters, calls and visit "
            "attempts, the ABCs and their breaches, enforcement steps and the exhibits (each "
            f"attachment's name, type, size and SHA-256). {REDACTION_HELP} {NEW_FILE_HELP}"
        ),
    )
    pack.add_argument("reference", metavar="REF", help="the case reference, e.g. FC-2026-0001")
    pack.add_argument("--to", required=True, metavar="FILE", help="the new PDF file to write")
    _common_arguments(pack)


def _common_arguments(command: argparse.ArgumentParser) -> None:
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
    """Run ``chronology`` or ``evidence-pack``; returns the exit code."""
    from fieldcase.services import case_file
    from fieldcase.services.chronology_export import ChronologyExportInput, export_chronology
    from fieldcase.services.evidence_pack import EvidencePackInput, export_evidence_pack

    stdin = stdin or sys.stdin
    out = out or sys.stdout
    store = open_for_command(args, database=database, settings=settings, demo=demo, stdin=stdin)
    if isinstance(store, int):
        return store
    officer = settings.officer_name or "fieldcase"
    if demo:
        from fieldcase.demo.build import DEMO_OFFICER

        officer = DEMO_OFFICER
    moment = now or datetime.now(UTC)
    pack = args.command == "evidence-pack"
    target = Path(args.to if pack else args.out).expanduser()

    def write(session: Session, case_id: uuid.UUID) -> tuple[str, str]:
        """What was written, and how many entries (and exhibits) it holds."""
        if pack:
            data = EvidencePackInput(path=target, redact=args.redact)
            pdf = export_evidence_pack(session, case_id, data, produced_by=officer, now=moment)
            return "the evidence pack", pdf.described()
        wanted = ChronologyExportInput(path=target, fmt=args.format, redact=args.redact)
        written = export_chronology(session, case_id, wanted, produced_by=officer, now=moment)
        redacted = "third parties redacted" if written.redacted else "not redacted"
        return "the chronology", f"{written.entries} entries, {redacted}"

    try:
        with store.transaction() as session:
            case = case_file.case_by_reference(session, args.reference)
            reference = case.reference
            what, holding = write(session, case.id)
    except (NotFound, ValidationError) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc
        print(f"fieldcase: {message}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        store.close()
    print(f"Wrote {target}: {what} of {reference}, {holding}.", file=out)
    print(LEAVES_THE_STORE, file=out)
    return EXIT_OK
