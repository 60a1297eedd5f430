"""A case's Acceptable Behaviour Contracts, and drawing up a new one."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.services import abc_agreements, abc_overview
from fieldcase.services.abc_agreements import AbcInput
from fieldcase.services.abc_overview import CaseAbcs
from fieldcase.services.abc_templates import TemplateChoice
from fieldcase.services.abc_views import AbcSummary, PerpetratorChoice
from fieldcase.services.errors import NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.abc_choose import AbcChooseDialog
from fieldcase.ui.dialogs.abc_form import AbcDialog, AbcFormSetup
from fieldcase.ui.formatting import cell, short_date
from fieldcase.ui.screens.abc_format import review_text, status_text
from fieldcase.ui.text import literal_line
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import refill

COLUMNS = ("With", "Status", "Starts", "Ends", "Next review", "Conditions", "Breaches")


def warn_about_templates(screen: FieldcaseScreen[Any], choice: TemplateChoice) -> None:
    """Say why the standard condition templates stand in for the organisation's own."""
    if choice.problem:
        screen.notify(
            f"Using the standard conditions: {choice.problem}",
            severity="warning",
            timeout=10,
            markup=False,
        )


class AbcListScreen(FieldcaseScreen[None]):
    """The ABCs on one case: who with, status, next review, breaches."""

    HELP = (
        "Acceptable Behaviour Contracts on this case. Enter opens one; n draws up a new "
        "ABC with an alleged perpetrator (conditions from templates or your own words, "
        "and who signs). e shows the highlighted person's enforcement ladder."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="abc-back", tooltip="Back to the case file"),
        Binding("n", "new_abc", "New ABC", id="abc-new", tooltip="Draw up a new ABC"),
        Binding(
            "e",
            "ladder",
            "Ladder",
            id="ladder",
            tooltip="Show the highlighted person's enforcement ladder",
        ),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.abcs: CaseAbcs | None = None
        """What the screen shows; None until the first load has finished."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="abc-list-title", classes="section-title")
        yield DataTable(id="abc-list", cursor_type="row", zebra_stripes=True)
        yield Static(id="abc-list-hint")
        yield Footer()

    @property
    def rows(self) -> list[AbcSummary]:
        """The ABCs listed, newest first."""
        return self.abcs.rows if self.abcs else []

    def on_mount(self) -> None:
        table = self.query_one("#abc-list", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.loading = True
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.abcs is not None:
            self.reload()

    @work(exclusive=True, group="abc-list")
    async def reload(self) -> None:
        """Fetch the case's ABCs off the interface thread, and redraw."""
        today = self.app.today()
        try:
            abcs = await self.app.run_service(abc_overview.case_abcs, self.case_id, today=today)
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self.abcs = abcs
        self._draw(abcs, today)
        self.query_one("#abc-list", DataTable).loading = False

    def _draw(self, abcs: CaseAbcs, today: date) -> None:
        self.sub_title = abcs.reference
        self.query_one("#abc-list-title", Static).update(
            Content.assemble("ABCs on ", (abcs.reference, "bold"))
        )
        refill(
            self.query_one("#abc-list", DataTable),
            [
                (
                    str(row.id),
                    [
                        cell(
                            f"{row.person_name} (in {row.from_case})"
                            if row.from_case
                            else row.person_name,
                            30,
                            style="bold",
                        ),
                        status_text(row.status),
                        cell(short_date(row.start_on, today)),
                        cell(short_date(row.end_on, today)),
                        review_text(row.next_review_on, row.review_state, today),
                        cell(str(row.conditions)),
                        cell(
                            str(row.substantiated_breaches) if row.substantiated_breaches else "—"
                        ),
                    ],
                )
                for row in abcs.rows
            ],
        )
        hint = "" if abcs.rows else "No ABCs on this case yet. Press n to draw one up."
        self.query_one("#abc-list-hint", Static).update(hint)

    def _highlighted(self) -> AbcSummary | None:
        table = self.query_one("#abc-list", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#abc-list")
    def open_abc(self, event: DataTable.RowSelected) -> None:
        """Enter opens the ABC."""
        if event.row_key.value:
            from fieldcase.ui.screens.abc_detail import AbcScreen

            self.app.push_screen(AbcScreen(uuid.UUID(event.row_key.value)))

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)

    def action_ladder(self) -> None:
        """The highlighted person's enforcement ladder."""
        row = self._highlighted()
        if row is None:
            self.notify("Highlight an ABC first.", severity="warning")
            return
        from fieldcase.ui.screens.ladder import LadderScreen

        self.app.push_screen(LadderScreen(self.case_id, row.person_id))

    def action_new_abc(self) -> None:
        """Choose the alleged perpetrator, then draw up the ABC."""
        self._draw_up()

    @work(exclusive=True, group="abc-new")
    async def _draw_up(self) -> None:
        app = self.app
        policy = app.settings.policy
        today = app.today()
        choices = await app.run_service(
            abc_overview.new_abc_choices, self.case_id, data_dir=app.locations.data_dir, today=today
        )
        person = await choose_perpetrator(self, choices.people)
        if person is None:
            return
        warn_about_templates(self, choices.templates)
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: AbcInput) -> uuid.UUID:
            abc = await app.run_service(
                abc_agreements.create_abc,
                self.case_id,
                data,
                policy=policy,
                today=today,
                new_id=new_id,
            )
            return abc.id

        setup = AbcFormSetup(
            person_id=person.person_id,
            person_name=person.name,
            today=today,
            default_weeks=policy.abc_review_weeks,
            default_months=policy.abc_length_months,
            templates=choices.templates.templates,
            housing_officer=app.officer_name,
            needs_guardian=person.person_id in choices.minors,
        )
        dialog = AbcDialog(save, setup=setup).keep_case_draft(
            "abc", self.case_id, f"New ABC on {self.sub_title}", person.person_id
        )
        abc_id = await app.ask(dialog)
        if abc_id is not None:
            from fieldcase.ui.screens.abc_detail import AbcScreen

            app.push_screen(AbcScreen(abc_id))


async def choose_perpetrator(
    screen: FieldcaseScreen[Any], people: list[PerpetratorChoice]
) -> PerpetratorChoice | None:
    """Ask which alleged perpetrator (straight on when there is only one); from a worker."""
    if not people:
        screen.notify(
            "Add the alleged perpetrator to the case first (p on the case file).",
            severity="warning",
        )
        return None
    if len(people) == 1:
        return people[0]
    answers = [(literal_line(p.name, 60), p) for p in people]
    return await screen.app.ask(
        AbcChooseDialog[PerpetratorChoice]("Which alleged perpetrator?", answers)
    )
