"""The reports screen's figures on the command line: ``fieldcase report --from DATE --to DATE``.

The figures are counts and rates, with no names or addresses in them, followed by
each month's cases opened and share satisfied; ``--csv`` prints them as CSV
(section, figure, value) for a spreadsheet.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from fieldcase.cli_protection import EXIT_OK, EXIT_USAGE, open_for_command
from fieldcase.config import Settings
from fieldcase.domain.dates import local_today
from fieldcase.services.errors import ValidationError

COMMANDS = frozenset({"report"})


def add_report_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command to fieldcase's commands."""
    parser = commands.add_parser(
        "report",
        help="print the figures for a period: NM01, satisfaction, risk, overdue work, strands",
        description=(
            "Prints NM01 (ASB cases opened per 1,000 homes, and those involving hate "
            "incidents), satisfaction with ASB handling from closure answers, average days "
            "to close, open cases by risk level, what is overdue today and cases by hate "
            "strand, for the period given (both days included)."
        ),
    )
    parser.add_argument("--from", dest="start", required=True, type=_day, metavar="DATE")
    parser.add_argument("--to", dest="end", required=True, type=_day, metavar="DATE")
    parser.add_argument("--csv", action="store_true", help="print CSV: section, figure, value")
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of standard input",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-04-01") from exc


def run_report_command(
    args: argparse.Namespace,
    *,
    database: Path,
    settings: Settings,
    demo: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run ``report``; returns the exit code."""
    from fieldcase.services.reports import month_rows, period_report, report_rows

    out = out or sys.stdout
    store = open_for_command(
        args, database=database, settings=settings, demo=demo, stdin=stdin or sys.stdin
    )
    if isinstance(store, int):
        return store
    try:
        with store.reading() as session:
            report = period_report(
                session,
                start=args.start,
                end=args.end,
                today=local_today(),
                policy=settings.policy,
            )
    except ValidationError as exc:
        print(f"fieldcase: {' '.join(exc.errors.values())}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
    rows = report_rows(report) + month_rows(report)
    if args.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "figure", "value"])
        writer.writerows((s, f.strip(), v) for s, f, v in rows)
        return EXIT_OK
    print(f"Figures for {args.start:%d %B %Y} to {args.end:%d %B %Y}", file=out)
    section = ""
    for name, figure, value in rows:
        if name != section:
            print(f"\n{name}", file=out)
            section = name
        print(f"  {figure:<44} {value}", file=out)
    return EXIT_OK
