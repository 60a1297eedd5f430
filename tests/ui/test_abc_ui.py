"""ABCs by keyboard: draw one up, sign it, review it, record a breach, watch monitoring."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._toast import Toast

from fieldcase.db.models import AbcAgreement, AbcBreach, AbcCondition, AbcReview, AbcSignatory
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.case_records import PersonInput
from fieldcase.services.intake import NewCaseInput, create_case
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.abc_form import AbcDialog
from fieldcase.ui.screens.abc_detail import AbcScreen
from fieldcase.ui.screens.abc_list import AbcListScreen
from fieldcase.ui.screens.abc_monitor import AbcMonitorScreen
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.ladder import LadderScreen

TODAY = date(2026, 11, 25)
SIZE = (130, 45)


def seed_case(store: Store, perpetrator: str = "Dean Marsh") -> uuid.UUID:
    with store.transaction() as session:
        case = create_case(
            session,
            NewCaseInput(
                category="hate_crime",
                strands=["race"],
                address="14 Larch Close",
                people=[
                    PersonInput("Zofia Wiśniewska", PartyRole.VICTIM),
                    PersonInput(perpetrator, PartyRole.PERPETRATOR),
                ],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=date(2026, 11, 2),
        )
        return case.id


def text(widget: Static) -> str:
    return str(widget.content)


def rows(table: DataTable[object]) -> list[str]:
    return [
        " | ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(i))
        for i in range(table.row_count)
    ]


async def settle(pilot: Pilot[object]) -> None:
    await pilot.pause()


async def open_case_abcs(pilot: Pilot[object]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseFileScreen)
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AbcListScreen)


async def draw_up_signed_abc(pilot: Pilot[object]) -> None:
    """From the case's ABC list: two conditions, three signatories who all sign today."""
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AbcDialog)
    await pilot.press("ctrl+t")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    await pilot.press(*"14 Larch Close")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.pause()
    await pilot.press(*"I will not park across the drive of number 14.")
    await pilot.press("tab", "tab", "tab", "tab", *"today")
    await pilot.press("tab", "tab", "tab", "tab", *"today")
    await pilot.press("tab", "tab", *"PC Amira Lowe", "tab", *"4521", "tab", *"today")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()


async def test_draw_up_sign_review_and_breach(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """An officer draws up and signs an ABC, reviews it and records a substantiated breach."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_abcs(pilot)
        await draw_up_signed_abc(pilot)

        screen = app.screen
        assert isinstance(screen, AbcScreen), app.screen
        header = text(screen.query_one("#abc-header", Static))
        assert "ABC with Dean Marsh" in header and "Active" in header
        conditions = text(screen.query_one("#abc-conditions", Static))
        assert "residents of 14 Larch Close or anyone visiting them" in conditions
        assert "2. Must not: I will not park across the drive" in conditions
        assert "PC Amira Lowe | 4521" in " ".join(rows(screen.query_one("#abc-signatories")))
        with store.reading() as session:
            abc = session.exec(select(AbcAgreement)).one()
            assert (abc.status, abc.start_on, abc.end_on) == ("active", TODAY, date(2027, 5, 25))
            assert len(session.exec(select(AbcCondition)).all()) == 2
            signed = session.exec(select(AbcSignatory.signed_on)).all()
            assert signed == [TODAY] * 3

        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Complied" in rows(screen.query_one("#abc-reviews"))[0]
        assert "Next review: 23 Dec" in text(screen.query_one("#abc-header", Static))
        with store.reading() as session:
            review = session.exec(select(AbcReview)).one()
            assert (review.compliance, review.reviewer) == ("complied", "Officer Test")
            assert session.exec(select(AbcAgreement.next_review_on)).one() == TODAY + timedelta(
                weeks=4
            )

        await pilot.press("b")
        await pilot.pause()
        await pilot.press("tab", "space", "tab", *"Shouted abuse over the fence at 21:30.")
        await pilot.press("tab", *"Zofia Wiśniewska (victim)")
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AbcScreen)
        breach_row = rows(screen.query_one("#abc-breaches"))[0]
        assert "Shouted abuse" in breach_row and "Substantiated" in breach_row
        suggestion = text(screen.query_one("#abc-suggestion", Static))
        assert "suggested next step: Civil injunction applied for" in suggestion
        assert "you decide" in suggestion
        with store.reading() as session:
            breach = session.exec(select(AbcBreach)).one()
            first = session.exec(select(AbcCondition).where(AbcCondition.position == 0)).one()
            assert (breach.substantiated, breach.conditions) == ("yes", str(first.id))
            assert breach.reported_by == "Zofia Wiśniewska (victim)"


async def test_monitoring_screen_updates_after_a_breach(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Monitoring lists the new ABC; after a breach is recorded from it, the breach shows too."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_abcs(pilot)
        await draw_up_signed_abc(pilot)
        assert isinstance(app.screen, AbcScreen)
        for _ in range(3):
            await pilot.press("escape")
            await pilot.pause()
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        monitor = app.screen
        assert isinstance(monitor, AbcMonitorScreen)
        assert "1 active" in text(monitor.query_one("#monitor-summary", Static))
        assert "Dean Marsh" in rows(monitor.query_one("#monitor-active"))[0]
        assert rows(monitor.query_one("#monitor-breaches"))[0].startswith("none")

        await pilot.press("tab", "tab", "tab")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AbcScreen)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("tab", "space", "tab", *"Kicked the victim's car door.")
        await pilot.press("tab", *"PC Amira Lowe", "tab", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is monitor
        assert "1 substantiated breach in 30 days" in text(
            monitor.query_one("#monitor-summary", Static)
        )
        assert "Kicked the victim's car door." in rows(monitor.query_one("#monitor-breaches"))[0]


async def test_bad_abc_keeps_what_was_typed(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """Saving without a police officer's name shows why, keeps the form, and writes nothing."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_abcs(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*"I will not play music after 11pm.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AbcDialog)
        assert "Police officer" in text(dialog.query_one("#form-errors", Static))
        assert dialog.query(".cond-text").first().value == "I will not play music after 11pm."
        with store.reading() as session:
            assert session.exec(select(AbcAgreement)).all() == []


async def test_hostile_names_render_literally(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """A perpetrator named like markup shows exactly as typed and triggers nothing."""
    seed_case(store, perpetrator="[@click=app.quit]Mal[/]")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_abcs(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "With [@click=app.quit]Mal[/]" in text(app.screen.query_one(".abc-form-person"))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, AbcListScreen)


async def test_ladder_from_the_case_file_records_a_step(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """e on the case file opens the perpetrator's ladder; a records a tenancy breach warning."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        ladder = app.screen
        assert isinstance(ladder, LadderScreen)
        assert "Current rung: no step taken yet" in text(ladder.query_one("#ladder-header"))
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab", "enter", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is ladder
        assert "Current rung: Tenancy breach warning" in text(ladder.query_one("#ladder-header"))
        assert "By hand" in rows(ladder.query_one("#ladder-steps"))[0]


async def test_ladder_records_a_partner_action_beside_the_ladder(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """p on the ladder records the council's community protection warning as a partner action;
    the current rung stays where it was."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        ladder = app.screen
        assert isinstance(ladder, LadderScreen)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("tab", "enter", "down", "enter")  # taken by: Council
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is ladder
        assert "Current rung: no step taken yet" in text(ladder.query_one("#ladder-header"))
        (row,) = rows(ladder.query_one("#ladder-partner-actions"))
        assert "Community protection warning" in row and "Council" in row
        assert rows(ladder.query_one("#ladder-steps")) == []


async def test_broken_condition_templates_are_explained_literally(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """An unusable organisation template file is named, its problem shown as written."""
    seed_case(store)
    app = make_app(store)
    own = app.locations.data_dir / "abc_conditions.toml"
    own.write_text(
        '[[condition]]\nkey = "[b]quiet"\nkind = "rule"\ntext = "I will be quiet."\n',
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_case_abcs(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, AbcDialog)
        shown = "".join(str(toast.render()) for toast in app.screen.query(Toast))
        shown = shown.replace("\n", "")
        assert "Using the standard conditions" in shown
        assert "condition '[b]quiet': kind must be prohibition or requirement" in shown


async def test_print_and_edit_a_signed_abc(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """p prints the agreement as Markdown; u opens the form as signed, and Esc closes it."""
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_abcs(pilot)
        await draw_up_signed_abc(pilot)
        screen = app.screen
        assert isinstance(screen, AbcScreen)

        await pilot.press("p")
        await pilot.press("enter")
        exported = list(app.locations.exports_dir.glob("abc-*.md"))
        assert len(exported) == 1
        assert "PC Amira Lowe" in exported[0].read_text(encoding="utf-8")

        await pilot.press("u")
        dialog = app.screen
        assert isinstance(dialog, AbcDialog)
        assert dialog.setup.locked
        assert len(dialog.query(".condition-row")) == 2
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_long_condition_wraps_so_it_can_be_read_while_typed(
    store: Store, make_app: Callable[..., FieldcaseApp]
) -> None:
    """At 80x24 a condition longer than its field wraps onto more lines of the field,
    every word in view, instead of scrolling its start out of sight."""
    condition = (
        "I will not play amplified music, use power tools or hold gatherings at the "
        "property between 11pm and 7am, nor allow visitors to do so on my behalf."
    )
    seed_case(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case_abcs(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*condition)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AbcDialog)
        box = dialog.query(".cond-text").first()
        assert box.value == condition
        border = str.maketrans("", "", "▊▎▔▁")
        drawn = [line.text.translate(border) for line in box.render_lines(box.region.reset_offset)]
        shown = [line for line in drawn if line.strip()]
        assert len(shown) > 1
        assert " ".join(" ".join(shown).split()) == condition
