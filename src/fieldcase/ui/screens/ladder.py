"""The enforcement ladder for one alleged perpetrator: where they stand, what next, and what
partners (council, police) have done."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain.ladder import LADDER, Agency, PossessionGround, Rung, ServedHow, step_label
from fieldcase.domain.text import one_line
from fieldcase.services import abc_views, enforcement
from fieldcase.services.enforcement import Ladder, StepInput, StepRow
from fieldcase.services.errors import NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.abc_step import AbcStepDialog
from fieldcase.ui.formatting import cell, label_of, short_date
from fieldcase.ui.screens.abc_format import suggested_step
from fieldcase.ui.screens.abc_list import choose_perpetrator
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import refill


class LadderScreen(FieldcaseScreen[None]):
    """One person's enforcement ladder: the current rung, the suggestion, every step taken,
    and partners' actions beside it."""

    HELP = (
        "The landlord's enforcement ladder for one alleged perpetrator, across all their "
        "cases. The current rung is the highest step taken. After a substantiated ABC "
        "breach fieldcase suggests a civil injunction (Anti-social Behaviour, Crime and "
        "Policing Act 2014, Part 1), or, once an injunction breach is proved, possession "
        "proceedings on the absolute ground. The officer decides: a records the step you "
        "have taken (served how, ground, court details, documents). Community protection "
        "warnings and notices, criminal behaviour orders and closure orders are the "
        "council's or the police's: p records one as a partner action. Enter corrects a "
        "step or an action."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="ladder-back", tooltip="Back"),
        Binding(
            "a",
            "add_step",
            "Record step",
            id="ladder-add-step",
            tooltip="Record a step you have decided on and taken",
        ),
        Binding(
            "p",
            "add_partner_action",
            "Partner action",
            id="ladder-add-partner-action",
            tooltip="Record a council or police action: CPW, CPN, CBO, closure order",
        ),
    ]

    def __init__(self, case_id: uuid.UUID, person_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.person_id = person_id
        self.ladder: Ladder | None = None
        """What the screen shows; None until the first load has finished."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ladder-header")
        with VerticalScroll(id="ladder-body"):
            yield Static(id="ladder-suggestion")
            yield Static("The ladder", classes="section-title")
            yield Static(id="ladder-rungs")
            yield Static("Steps taken (Enter corrects one)", classes="section-title")
            yield DataTable(id="ladder-steps", cursor_type="row")
            yield Static("Partner actions (council, police)", classes="section-title")
            yield DataTable(id="ladder-partner-actions", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ladder-steps", DataTable)
        for name in ("Date", "Step", "Case", "Served", "Court", "Expires", "Documents", "Notes"):
            table.add_column(name, key=name)
        partners = self.query_one("#ladder-partner-actions", DataTable)
        for name in ("Date", "Action", "By", "Case", "Served", "Expires", "Documents", "Notes"):
            partners.add_column(name, key=name)
        self.query_one("#ladder-body").loading = True
        table.focus()
        self.reload()

    @work(exclusive=True, group="ladder")
    async def reload(self) -> None:
        """Fetch the ladder off the interface thread, and redraw."""
        try:
            ladder = await self.app.run_service(enforcement.ladder_for, self.person_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self.ladder = ladder
        self._draw(ladder)
        self.query_one("#ladder-body").loading = False

    def _draw(self, ladder: Ladder) -> None:
        today = self.app.today()
        self.sub_title = "Enforcement ladder"
        current = ladder.current.label if ladder.current else "no step taken yet"
        self.query_one("#ladder-header", Static).update(
            Content.assemble(
                ("Enforcement ladder: ", "bold"),
                (one_line(ladder.person.full_name), "bold"),
                "  ·  Current rung: ",
                (current, "bold"),
            )
        )
        self.query_one("#ladder-suggestion", Static).update(self._suggestion(ladder))
        self.query_one("#ladder-rungs", Static).update(self._rungs(ladder))

        rows = [(str(r.step.id), _step_cells(r, today)) for r in ladder.steps]
        refill(self.query_one("#ladder-steps", DataTable), rows)
        partners = [(str(r.step.id), _partner_cells(r, today)) for r in ladder.partner_actions]
        refill(self.query_one("#ladder-partner-actions", DataTable), partners)

    def _suggestion(self, ladder: Ladder) -> Content:
        if ladder.suggestion is None or ladder.open_breach is None:
            upcoming = ladder.next_rung.label if ladder.next_rung else "none (top of the ladder)"
            return Content.assemble(
                "No substantiated breach awaiting a response. Next rung up: ",
                upcoming,
                ".",
            )
        breach = ladder.open_breach.breach
        step = suggested_step(ladder)
        harm = "  A serious risk of harm was flagged." if breach.serious_harm else ""
        return Content.assemble(
            ("Suggested next step: ", "bold"),
            (step, "bold yellow"),
            f"\n{ladder.suggestion.reason}{harm}\n",
            f"After the substantiated breach on {short_date(breach.occurred_on)} "
            f"({ladder.open_breach.case_reference}): ",
            one_line(breach.description, 80),
            ("\nfieldcase suggests; the officer decides. Press a to record the step taken.", "dim"),
        )

    def _rungs(self, ladder: Ladder) -> Content:
        reached: dict[Rung, str] = {}
        for row in ladder.steps:
            if row.rung is not None:
                reached[row.rung] = short_date(row.step.taken_on)
        suggested = ladder.suggestion.rung if ladder.suggestion else None
        lines = []
        for rung in LADDER:
            if rung == ladder.current:
                mark, style = "▶", "bold green"
            elif rung in reached:
                mark, style = "✓", "green"
            elif rung == suggested:
                mark, style = "★", "bold yellow"
            else:
                mark, style = "·", "dim"
            note = f"  {reached[rung]}" if rung in reached else ""
            if rung == suggested:
                note += "  ← suggested"
            lines.append(Content.styled(f" {mark} {rung.rank + 1}. {rung.label}{note}", style))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        """Back."""
        self.dismiss(None)

    def action_add_step(self) -> None:
        """Record a step the officer has decided on and taken."""
        ladder = self.ladder
        if ladder is None:
            return
        app = self.app
        today = app.today()
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: StepInput) -> object:
            return await app.run_service(
                enforcement.add_step, self.case_id, self.person_id, data, today=today, new_id=new_id
            )

        suggestion = ladder.suggestion
        dialog = AbcStepDialog(
            save,
            today=today,
            suggested=suggestion.rung if suggestion else ladder.next_rung,
            suggested_ground=suggestion.ground if suggestion else PossessionGround.NOT_RECORDED,
        ).keep_case_draft("ladder-step", self.case_id, "Enforcement step", self.person_id)
        self.app.push_screen(dialog, self._after)

    def action_add_partner_action(self) -> None:
        """Record an action the council or the police have taken."""
        if self.ladder is None:
            return
        app = self.app
        today = app.today()
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: StepInput) -> object:
            return await app.run_service(
                enforcement.add_step, self.case_id, self.person_id, data, today=today, new_id=new_id
            )

        dialog = AbcStepDialog(save, today=today, partner=True)
        self.app.push_screen(
            dialog.keep_case_draft(
                "partner-action", self.case_id, "Partner action", self.person_id
            ),
            self._after,
        )

    @on(DataTable.RowSelected, "#ladder-steps, #ladder-partner-actions")
    def edit_step(self, event: DataTable.RowSelected) -> None:
        """Enter corrects a step or a partner action."""
        ladder = self.ladder
        if ladder is None or not event.row_key.value:
            return
        every: list[StepRow] = [*ladder.steps, *ladder.partner_actions]
        step = next(r.step for r in every if str(r.step.id) == event.row_key.value)
        app = self.app
        today = app.today()

        async def save(data: StepInput) -> object:
            return await app.run_service(
                enforcement.update_step, step.id, data, expected_version=step.version, today=today
            )

        initial = enforcement.step_input(step)
        dialog = AbcStepDialog(save, today=today, initial=initial)
        self.app.push_screen(
            dialog.keep_case_draft("step-edit", self.case_id, "Enforcement step change", step.id),
            self._after,
        )

    def _after(self, result: object) -> None:
        if result is not None:
            self.reload()


def open_ladder(
    screen: FieldcaseScreen[Any], case_id: uuid.UUID, person_id: uuid.UUID | None
) -> None:
    """Show a perpetrator's ladder: the one given if they are an alleged perpetrator on the
    case, otherwise the only one, otherwise the one the officer chooses."""
    screen.run_worker(_open_ladder(screen, case_id, person_id), exclusive=True, group="open-ladder")


async def _open_ladder(
    screen: FieldcaseScreen[Any], case_id: uuid.UUID, person_id: uuid.UUID | None
) -> None:
    people = await screen.app.run_service(abc_views.perpetrators, case_id)
    chosen = next((p for p in people if p.person_id == person_id), None)
    if chosen is None:
        chosen = await choose_perpetrator(screen, people)
    if chosen is not None:
        screen.app.push_screen(LadderScreen(case_id, chosen.person_id))


def _step_cells(row: StepRow, today: date) -> list[Text]:
    """A landlord's step as a row of the steps table."""
    step = row.step
    ground = f" ({label_of(PossessionGround, step.ground)})" if step.ground else ""
    return [
        cell(short_date(step.taken_on, today)),
        cell(step_label(step.kind) + ground, style="bold"),
        cell(row.case_reference),
        cell(label_of(ServedHow, step.served_how) if step.served_how else ""),
        cell(step.court, 25),
        cell(short_date(step.expires_on, today) if step.expires_on else ""),
        cell(step.documents, 30),
        cell(" ".join(x for x in (step.terms, step.notes) if x), 40),
    ]


def _partner_cells(row: StepRow, today: date) -> list[Text]:
    """A council or police action as a row of the partner actions table."""
    step = row.step
    return [
        cell(short_date(step.taken_on, today)),
        cell(step_label(step.kind), style="bold"),
        cell(label_of(Agency, step.agency)),
        cell(row.case_reference),
        cell(label_of(ServedHow, step.served_how) if step.served_how else ""),
        cell(short_date(step.expires_on, today) if step.expires_on else ""),
        cell(step.documents, 30),
        cell(" ".join(x for x in (step.terms, step.notes) if x), 40),
    ]
