"""Speed at scale: a generated caseload, timed the way an officer meets it.

``make bench`` (``python -m fieldcase.tools.bench [N]``) builds an encrypted
database of N invented cases (10,000 by default) in a temporary folder and
prints how long the caseload queries take, and how long the dashboard takes to
show its first page compared with a bare Textual app started in the same run.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

from fieldcase.config import Settings
from fieldcase.db.models import Case, CaseParty, Person, Property
from fieldcase.db.store import Store, open_store
from fieldcase.domain.vocab import Category, RiskLevel, Strand
from fieldcase.paths import locate
from fieldcase.services import caseload
from fieldcase.ui.app import FieldcaseApp

PASSPHRASE = "benchmark passphrase only"
TODAY = date(2026, 11, 25)
FIRST = ["Ada", "Bilal", "Chen", "Dorota", "Emeka", "Farah", "Gareth", "Hana", "Ivo", "Jun"]
LAST = ["Abara", "Brook", "Czerny", "Dunmore", "Esposito", "Fenwick", "Gallo", "Hale", "Ito"]
STREETS = ["Larch", "Mill", "Quarry", "Rowan", "Saxon", "Tanner", "Upton", "Vale", "Wren"]


def generate(store: Store, count: int, seed: int = 9) -> None:
    """Insert ``count`` invented cases, each with a property and a victim, in bulk."""
    rng = random.Random(seed)
    levels = ["", *RiskLevel]
    with Session(store.engine) as session, session.begin():
        batch: list[tuple[Property, Person, Case]] = []
        for n in range(1, count + 1):
            street = f"{rng.randint(1, 300)} {rng.choice(STREETS)} Street"
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            prop = Property(address=street, postcode=f"EB{rng.randint(1, 9)} {n % 10}QQ")
            person = Person(full_name=name)
            reference = f"FC-{2016 + n // 1000:04d}-{n % 1000 + 1:04d}"
            case = Case(
                reference=reference,
                category=rng.choice(list(Category)),
                strands=rng.choice(list(Strand)),
                officer_name="Bench Officer",
                property_id=prop.id,
                opened_on=TODAY - timedelta(days=rng.randint(0, 900)),
                risk_level=rng.choice(levels),
                next_contact_due=TODAY + timedelta(days=rng.randint(-30, 30)),
                last_contact_at=datetime(2026, 11, 1, tzinfo=UTC),
                search_text=f"{reference} | {name} | {street}".lower(),
            )
            batch.append((prop, person, case))
            if len(batch) == 2000 or n == count:
                _insert(session, batch)
                batch = []


def _insert(session: Session, batch: list[tuple[Property, Person, Case]]) -> None:
    """Rows in the order their foreign keys need: places and people, cases, then roles."""
    session.add_all([p for p, _, _ in batch] + [person for _, person, _ in batch])
    session.flush()
    session.add_all([c for _, _, c in batch])
    session.flush()
    session.add_all(
        [CaseParty(case_id=c.id, person_id=person.id, role="victim") for _, person, c in batch]
    )
    session.flush()


def timed(action: Callable[[], object], repeat: int = 7) -> float:
    """Median seconds over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


class BareApp(App[None]):
    """The smallest app with a table and a footer: the yardstick."""

    def compose(self) -> ComposeResult:
        yield DataTable()
        yield Footer()


async def first_paint(app: App[Any], ready: Callable[[App[Any]], bool]) -> float:
    """Seconds from starting the app until ``ready`` says its first screen is shown."""
    started = time.perf_counter()
    async with app.run_test(size=(130, 40)) as pilot:
        while not ready(app):
            await pilot.pause(0.01)
        elapsed = time.perf_counter() - started
        await app.action_quit()
    return elapsed


def _dashboard_ready(app: App[Any]) -> bool:
    try:
        return app.screen.query_one("#caseload", DataTable).row_count > 0
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    """Build the caseload and print the figures."""
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = open_store(path, PASSPHRASE, create=True, actor="Bench Officer")
        started = time.perf_counter()
        generate(store, count)
        print(f"cases generated: {count} in {time.perf_counter() - started:.1f} s")
        with store.reading() as session:
            figures = {
                "first page (50 rows, most urgent first)": timed(
                    lambda: caseload.search_cases(session, today=TODAY)
                ),
                "count of all open cases": timed(lambda: caseload.count_cases(session)),
                "search 'rowan' (name/street)": timed(
                    lambda: caseload.search_cases(session, "rowan", today=TODAY)
                ),
                "search by reference 'FC-2021-0500'": timed(
                    lambda: caseload.search_cases(session, "fc-2021-0500", today=TODAY)
                ),
                "last page": timed(
                    lambda: caseload.search_cases(session, today=TODAY, offset=count - 50)
                ),
            }
        for label, seconds in figures.items():
            print(f"{label:45s} {seconds * 1000:8.1f} ms")
        settings = Settings(officer_name="Bench Officer")
        locations = locate(tmp)
        app = FieldcaseApp(locations=locations, settings=settings, database=path, store=store)
        bare = asyncio.run(first_paint(BareApp(), lambda a: True))
        ours = asyncio.run(first_paint(app, _dashboard_ready))
        print(f"{'bare Textual app, first screen':45s} {bare * 1000:8.1f} ms")
        print(f"{'fieldcase dashboard with ' + str(count) + ' cases':45s} {ours * 1000:8.1f} ms")
        print(f"{'ratio fieldcase / bare':45s} {ours / bare:8.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
