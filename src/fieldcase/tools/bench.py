"""Speed at scale: a generated caseload, timed the way an officer meets it.

``make bench`` (``python -m fieldcase.tools.bench [CASES] [ROUNDS] [SECTIONS]``) builds an
encrypted database of invented cases (10,000 by default; 100,000 is the large
option) from a fixed seed and prints each figure as a median and as a ratio
against a yardstick timed in the same run, so that a busy machine slows both:

- start-up: whole processes, from their start to a frame drawn: fieldcase's
  unlock screen against a bare Textual app showing one line, and the caseload
  showing cases (passphrase from the environment) against a minimal Textual +
  SQLModel + SQLCipher app showing one case of the same file, alternately,
  with peak memory;
- search: keystroke to updated caseload list, in process, against a bare
  Textual app that filters a list in memory and redraws its table;
- opening a case file with 500 entries, against a bare screen of 500 rows;
- saving an incident or a contact, against inserting one row.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlmodel import select
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input

from fieldcase.config import Settings
from fieldcase.db.models import Case, Setting
from fieldcase.db.store import Store, open_store
from fieldcase.paths import locate
from fieldcase.services import case_records, caseload, contact_records
from fieldcase.tools.dataset import OFFICER, TODAY, generate
from fieldcase.ui.app import FieldcaseApp

PASSPHRASE = "benchmark passphrase only"
QUERIES = ["dunmore", "tanner row", "fc-2016-0500", "eb3"]


def _named(prefix: str, label: str) -> str:
    """A figure's label, after the database it was taken on when there are two."""
    return f"{prefix}: {label}" if prefix else label


def _line(label: str, ours: list[float], yardstick: list[float], unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    mine, theirs = statistics.median(ours), statistics.median(yardstick)
    print(
        f"{label:42s} {mine * scale:9.1f} {unit}  yardstick {theirs * scale:8.1f} {unit}"
        f"  ratio {mine / theirs:5.2f}x  (n={len(ours)})"
    )


def _process(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall and CPU seconds from starting a process to the frame it is timed to, and MiB.

    The process (``fieldcase.tools.firstframe``) says when that frame was drawn,
    how much CPU it had used and its peak memory by then.
    """
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "fieldcase.tools.firstframe", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    drawn, cpu, peak_kib = (float(word) for word in done.stdout.split()[-3:])
    return drawn - started, cpu, peak_kib / 1024


def _start_up_env(data_dir: str) -> dict[str, str]:
    """The environment of the timed processes: bytecode cached, as in an installed app."""
    env = {**os.environ, "FIELDCASE_DATA_DIR": data_dir}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _pair(
    label: str, ours: list[str], yardstick: list[str], env: dict[str, str], rounds: int
) -> None:
    """Time two kinds of process alternately (after one untimed run of each)."""
    for warm_up in (yardstick, ours):
        _process(warm_up, env)
    theirs: list[tuple[float, float, float]] = []
    mine: list[tuple[float, float, float]] = []
    for _ in range(rounds):
        theirs.append(_process(yardstick, env))
        mine.append(_process(ours, env))
    for n, what in ((0, "wall"), (1, "CPU")):
        _line(f"{label}, {what}", [m[n] for m in mine], [t[n] for t in theirs], "s")
    peak, their_peak = max(m[2] for m in mine), max(t[2] for t in theirs)
    print(f"{label + ', peak memory':42s} {peak:9.1f} MiB  yardstick {their_peak:8.1f} MiB")


def startup(database: Path, data_dir: str, rounds: int) -> None:
    """From process start: the unlock screen against a bare app, then the caseload shown.

    The caseload (passphrase from the environment) is timed against a minimal
    Textual + SQLModel + SQLCipher app showing one case of the same file.
    """
    env = _start_up_env(data_dir)
    _pair("first frame (unlock screen)", ["fieldcase", str(database)], ["bare"], env, rounds)
    env["FIELDCASE_PASSPHRASE"] = PASSPHRASE
    _pair("caseload shown", ["dashboard", str(database)], ["minimal", str(database)], env, rounds)


class BareSearch(App[None]):
    """The yardstick for search: filter a list in memory, redraw a table of 50 rows."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts
        self.shown: list[float] = []

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield DataTable(id="caseload")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Reference", "Search text")
        self.on_input_changed(Input.Changed(self.query_one(Input), ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = event.value.lower().split()
        found = [t for t in self.texts if all(w in t for w in words)][:50]
        for text in found:
            table.add_row(text[:12], text[:60])
        self.shown.append(time.perf_counter())


async def _keystrokes(app: App[Any], shown: list[float]) -> list[float]:
    """Seconds from each key pressed to the list redrawn for it, query by query."""
    seconds: list[float] = []
    async with app.run_test(size=(130, 40)) as pilot:
        while not shown:
            await pilot.pause(0.01)
        search = app.screen.query_one("#search", Input)
        for query in QUERIES:
            search.focus()
            for key in query:
                count = len(shown)
                started = time.perf_counter()
                await pilot.press("space" if key == " " else key)
                while len(shown) == count:
                    await asyncio.sleep(0.0005)
                seconds.append(shown[-1] - started)
            search.value = ""
            await pilot.pause(0.3)
    return seconds


def _fieldcase_app(store: Store, data_dir: str, database: Path) -> FieldcaseApp:
    settings = Settings(officer_name=OFFICER)
    return FieldcaseApp(
        locations=locate(data_dir),
        settings=settings,
        database=database,
        store=store,
        clock=lambda: datetime(2026, 11, 25, 10, tzinfo=UTC),
    )


def search(store: Store, data_dir: str, database: Path, rounds: int, prefix: str = "") -> None:
    """Keystroke to updated caseload list, against the bare search app, alternately."""
    with store.reading() as session:
        texts = list(session.exec(select(Case.search_text)).all())
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        yardstick = BareSearch(texts)
        bare += asyncio.run(_keystrokes(yardstick, yardstick.shown))
        app = _fieldcase_app(store, data_dir, database)
        shown: list[float] = []
        undo = _watch_dashboard(shown)
        ours += asyncio.run(_keystrokes(app, shown))
        undo()
    _line(_named(prefix, "search: keystroke to list, p50"), ours, bare)
    p95 = statistics.quantiles(ours, n=20)[-1]
    print(f"{_named(prefix, 'search: keystroke to list, p95'):42s} {p95 * 1000:9.1f} ms")


def _watch_dashboard(shown: list[float]) -> Callable[[], None]:
    """Note each time the caseload list is redrawn; returns the undo."""
    from fieldcase.ui.screens.dashboard import DashboardScreen

    original = DashboardScreen._show

    def recording(screen: DashboardScreen, *args: Any) -> None:
        original(screen, *args)
        shown.append(time.perf_counter())

    setattr(DashboardScreen, "_show", recording)  # noqa: B010
    return lambda: setattr(DashboardScreen, "_show", original)  # noqa: B010


class BareTable(Screen[None]):
    """The yardstick for a case file: one screen with a table of 500 rows."""

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "What", "Who", "Notes")
        for n in range(500):
            table.add_row(f"2026-11-{n % 28 + 1:02d}", "Incident", "Ada Brook", "Shouting " * 4)


async def _open_time(app: App[Any], push: Callable[[], Awaitable[Any]], ready: Any) -> float:
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.5)
        started = time.perf_counter()
        await push()
        while not ready(app):
            await asyncio.sleep(0.001)
        await pilot.pause()
        return time.perf_counter() - started


def _case_file_ready(app: App[Any]) -> bool:
    try:
        return app.screen.id != "_default" and not app.screen.query_one("#case-body").loading
    except Exception:
        return False


def case_file(
    store: Store, data_dir: str, database: Path, case_id: Any, rounds: int, prefix: str = ""
) -> None:
    """Opening a case file with 500 entries, against a bare screen of 500 rows."""
    from fieldcase.ui.screens.case_file import CaseFileScreen

    ours: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        plain = App[None]()
        bare.append(
            asyncio.run(
                _open_time(
                    plain, partial(plain.push_screen, BareTable()), lambda a: a.screen.is_current
                )
            )
        )
        app = _fieldcase_app(store, data_dir, database)
        ours.append(
            asyncio.run(
                _open_time(app, partial(app.push_screen, CaseFileScreen(case_id)), _case_file_ready)
            )
        )
    _line(_named(prefix, "case file with 500 entries, shown"), ours, bare)


def saves(store: Store, case_id: Any, rounds: int) -> None:
    """Saving an incident and a contact in the service, against inserting one row."""
    policy = Settings(officer_name=OFFICER).policy
    when = datetime(2026, 11, 24, 18, tzinfo=UTC)
    actions: dict[str, Callable[[Any, int], object]] = {
        "save an incident (service)": lambda s, n: case_records.add_incident(
            s,
            case_id,
            case_records.IncidentInput(
                occurred_at=when, kinds=["noise"], description="Music until 2am."
            ),
            policy=policy,
        ),
        "save a contact (service)": lambda s, n: contact_records.add_contact(
            s, case_id, contact_records.ContactInput(at=when, method="call"), policy=policy
        ),
    }
    yardstick: list[float] = []
    timings: dict[str, list[float]] = {label: [] for label in actions}
    for n in range(rounds):
        started = time.perf_counter()
        with store.transaction() as session:
            session.add(Setting(key=f"bench-{n}", value="1"))
        yardstick.append(time.perf_counter() - started)
        for label, action in actions.items():
            started = time.perf_counter()
            with store.transaction() as session:
                action(session, n)
            timings[label].append(time.perf_counter() - started)
    for label, seconds in timings.items():
        _line(label, seconds, yardstick)


def queries(store: Store, rounds: int, prefix: str = "") -> None:
    """The caseload's own queries, with nothing drawn."""
    with store.reading() as session:
        for label, query in [("first page, no query", ""), *((f"query '{q}'", q) for q in QUERIES)]:
            seconds = []
            for _ in range(rounds):
                started = time.perf_counter()
                caseload.caseload_page(session, query, today=TODAY)
                seconds.append(time.perf_counter() - started)
            print(f"{_named(prefix, label):42s} {statistics.median(seconds) * 1000:9.1f} ms")


def main(argv: list[str] | None = None) -> int:
    """Build the caseload and print the figures."""
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else 10_000
    rounds = int(args[1]) if len(args) > 1 else 5
    wanted = args[2].split(",") if len(args) > 2 else ["startup", "search", "case", "saves", "pg"]
    pg_cases = int(args[3]) if len(args) > 3 else 2_000
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        if set(wanted) - {"pg"}:
            _laptop_sections(tmp, count, rounds, wanted)
        if "pg" in wanted:
            _pg_section(tmp, pg_cases, rounds)
        print(f"load at the end {os.getloadavg()}")
    return 0


def _laptop_sections(tmp: str, count: int, rounds: int, wanted: list[str]) -> None:
    path = Path(tmp) / "bench.db"
    store = open_store(path, PASSPHRASE, create=True, actor=OFFICER)
    started = time.perf_counter()
    made = generate(store, count)
    print(f"generated in {time.perf_counter() - started:.0f} s: {made.counts}")
    if "startup" in wanted:
        startup(path, tmp, rounds)
    queries(store, rounds)
    if "search" in wanted:
        search(store, tmp, path, max(rounds // 2, 1))
    if "case" in wanted:
        case_file(store, tmp, path, made.big_cases[0], rounds)
    if "saves" in wanted:
        saves(store, made.big_cases[1], rounds * 4)
    store.close()


def _pg_section(tmp: str, cases: int, rounds: int) -> None:
    from fieldcase.tools.bench_pg import pg
    from fieldcase.tools.pgserver import NoServerBinaries

    try:
        pg(tmp, cases, rounds, PASSPHRASE)
    except NoServerBinaries as exc:
        print(f"pg: not measured: {exc}")


if __name__ == "__main__":
    raise SystemExit(main())
