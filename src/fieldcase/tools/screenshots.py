"""Pictures of the main screens, made from the invented demo cases.

``make screenshots`` (``python -m fieldcase.tools.screenshots DIR``) writes one SVG
per scene. The snapshot tests drive the same scenes, so what the README shows
is what the tests check.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from fieldcase.config import Settings
from fieldcase.demo.build import DEMO_OFFICER, STORY_VICTIM
from fieldcase.domain.dates import local_today
from fieldcase.domain.policy import Policy
from fieldcase.paths import locate
from fieldcase.ui.app import FieldcaseApp

SCREEN_SIZE = (130, 40)
DEMO_NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
"""The moment every picture is taken at, so they only change when a screen does."""

Scene = Callable[[Pilot[Any]], Awaitable[None]]


async def _settle(pilot: Pilot[Any]) -> None:
    """Wait until loading and saving are done (not for a dialog waiting for an answer)."""
    app = pilot.app
    for _ in range(6_000):
        await pilot.pause()
        busy = [worker for worker in app.workers if not worker.is_finished]
        if len(busy) <= getattr(app, "questions_open", 0):
            return
        await asyncio.sleep(0.01)


async def dashboard(pilot: Pilot[Any]) -> None:
    """The caseload as it opens."""
    await _settle(pilot)


async def new_case(pilot: Pilot[Any]) -> None:
    """The new-case form, empty."""
    await _settle(pilot)
    await pilot.press("n")
    await _settle(pilot)


async def case_file(pilot: Pilot[Any]) -> None:
    """The case file of the design story's family."""
    await _settle(pilot)
    await pilot.press("slash", *STORY_VICTIM.split()[1].lower(), "enter")
    await _settle(pilot)
    await pilot.press("enter")
    await _settle(pilot)


async def agenda(pilot: Pilot[Any]) -> None:
    """The visit agenda across all cases."""
    await _settle(pilot)
    await pilot.press("a")
    await _settle(pilot)


async def safety_board(pilot: Pilot[Any]) -> None:
    """Today's visits and where each check-in stands: one overdue, one this afternoon."""
    from fieldcase.demo.visits import add_visits_today

    app = pilot.app
    assert isinstance(app, FieldcaseApp)
    await _settle(pilot)
    await app.run_service(add_visits_today, now=app.now(), officer_name=app.officer_name)
    await pilot.press("b")
    await _settle(pilot)
    app.checkins.refresh_now()
    await _settle(pilot)


async def visit_briefing(pilot: Pilot[Any]) -> None:
    """The briefing for the story's joint plain-clothes visit with police."""
    await agenda(pilot)
    await pilot.press("down", "down", "enter")
    await _settle(pilot)


async def visit_plan(pilot: Pilot[Any]) -> None:
    """Planning a visit to the story's family: the address's caution shows by itself."""
    await case_file(pilot)
    await pilot.press("v")
    await _settle(pilot)
    await pilot.press("tab", "enter", "down", "enter", "tab", *"fri 10:00")
    pilot.app.screen.query_one("#planned-at", Input).cursor_blink = False  # a steady cursor
    await _settle(pilot)


async def risk_assessment(pilot: Pilot[Any]) -> None:
    """A risk assessment of the story's victim, part-way through, with a note."""
    await case_file(pilot)
    await pilot.press("r", "y", "y", "4", "enter", "y", "e")
    await _settle(pilot)
    note = "Car tyres slashed on the drive"
    await pilot.press(*["space" if ch == " " else ch for ch in note], "enter")
    await _settle(pilot)


async def risk_history(pilot: Pilot[Any]) -> None:
    """The story's victim's risk assessments over time."""
    await case_file(pilot)
    await pilot.press("R")
    await _settle(pilot)


async def unlock(pilot: Pilot[Any]) -> None:
    """The unlock screen every start begins with."""
    from fieldcase.ui.screens.unlock import UnlockScreen

    await _settle(pilot)
    app = pilot.app
    assert isinstance(app, FieldcaseApp)
    await app.push_screen(UnlockScreen(app.database))
    await _settle(pilot)


async def locked(pilot: Pilot[Any]) -> None:
    """The case file hidden by Ctrl+L."""
    await case_file(pilot)
    await pilot.press("ctrl+l")
    await _settle(pilot)


async def audit_history(pilot: Pilot[Any]) -> None:
    """The audit history of the design story's case."""
    await case_file(pilot)
    await pilot.press("h")
    await _settle(pilot)


async def consent(pilot: Pilot[Any]) -> None:
    """The story victim's consent, from her case file."""
    await case_file(pilot)
    await pilot.press("c")
    await _settle(pilot)


async def disclosure_log(pilot: Pilot[Any]) -> None:
    """The disclosure log of the story case: the s115 disclosure to police."""
    await case_file(pilot)
    await pilot.press("d")
    await _settle(pilot)


async def abc(pilot: Pilot[Any]) -> None:
    """The ABC the design story's engaged perpetrator signed."""
    await case_file(pilot)
    await pilot.press("b")
    await _settle(pilot)
    await pilot.press("enter")
    await _settle(pilot)


async def abc_monitor(pilot: Pilot[Any]) -> None:
    """ABC monitoring across all cases."""
    await _settle(pilot)
    await pilot.press("m")
    await _settle(pilot)


async def reports(pilot: Pilot[Any]) -> None:
    """The figures for this reporting year so far."""
    await _settle(pilot)
    await pilot.press("f")
    await _settle(pilot)


async def duplicates(pilot: Pilot[Any]) -> None:
    """People and addresses that may be recorded twice: the demo's police contact, typed twice."""
    await _settle(pilot)
    await pilot.press("d")
    await _settle(pilot)


async def chronology(pilot: Pilot[Any]) -> None:
    """The chronology of the design story's case, oldest first."""
    await case_file(pilot)
    await pilot.press("y")
    await _settle(pilot)


async def close_case(pilot: Pilot[Any]) -> None:
    """Closing the design story's case: resolved, the reason typed, what is still live below."""
    await case_file(pilot)
    await pilot.press("C")
    await _settle(pilot)
    await pilot.press("enter", "down", "enter", "tab")
    reason = "No incidents since the ABC; family content to close"
    await pilot.press(*["space" if ch == " " else ch for ch in reason])
    pilot.app.screen.query_one("#reason", Input).cursor_blink = False  # a steady cursor
    await _settle(pilot)


SCENES: dict[str, Scene] = {
    "dashboard": dashboard,
    "new-case": new_case,
    "case-file": case_file,
    "agenda": agenda,
    "safety-board": safety_board,
    "visit-briefing": visit_briefing,
    "visit-plan": visit_plan,
    "risk-assessment": risk_assessment,
    "risk-history": risk_history,
    "consent": consent,
    "disclosure-log": disclosure_log,
    "abc": abc,
    "abc-monitor": abc_monitor,
    "unlock": unlock,
    "locked": locked,
    "audit-history": audit_history,
    "duplicates": duplicates,
    "chronology": chronology,
    "close-case": close_case,
    "reports": reports,
}
"""Every picture, by file name."""


def demo_app(data_dir: Path, now: datetime = DEMO_NOW) -> FieldcaseApp:
    """The app on a fresh demo database in ``data_dir``, at a fixed moment."""
    from fieldcase.__main__ import open_demo

    locations = locate(data_dir)
    settings = Settings(
        officer_name=DEMO_OFFICER,
        organisation_name="Northfield Homes (demo)",
        organisation_address="1 Market Street, Northfield, ZZ9 9ZZ",
        policy=Policy(homes=4200),
    )
    store = open_demo(locations.demo_database, settings.policy, today=local_today(now))
    return FieldcaseApp(
        locations=locations,
        settings=settings,
        database=locations.demo_database,
        store=store,
        demo=True,
        clock=lambda: now,
    )


async def capture(name: str, target: Path) -> None:
    """Write one scene's SVG to ``target``."""
    with tempfile.TemporaryDirectory() as tmp:
        app = demo_app(Path(tmp))
        async with app.run_test(size=SCREEN_SIZE) as pilot:
            await SCENES[name](pilot)
            app.save_screenshot(filename=target.name, path=str(target.parent))
            await app.action_quit()


def main(argv: list[str] | None = None) -> int:
    """Write every scene into the folder named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCENES:
        asyncio.run(capture(name, folder / f"{name}.svg"))
        print(f"wrote {folder / (name + '.svg')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
