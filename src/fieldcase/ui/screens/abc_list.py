"""A case's Acceptable Behaviour Contracts, and drawing up a new one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from fieldcase.domain.abc import ConditionTemplate, TemplateError, is_minor, review_state
from fieldcase.services import abc_agreements, abc_templates, abc_views
from fieldcase.services.abc_agreements import AbcInput
from fieldcase.services.abc_views import PerpetratorChoice
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.abc_choose import AbcChooseDialog
from fieldcase.ui.dialogs.abc_form import AbcDialog, AbcFormSetup
from fieldcase.ui.formatting import cell, short_date
from fieldcase.ui.screens.abc_format import review_text, status_text
from fieldcase.ui.text import literal_line

if TYPE_CHECKING:
    from fieldcase.db.models import AbcAgreement
    from fieldcase.ui.app import FieldcaseApp

COLUMNS = ("With", "Status", "Starts", "Ends", "Next review", "Conditions", "Breaches")


def templates_for(app: FieldcaseApp) -> list[ConditionTemplate]:
    """The organisation's condition templates, or the shipped ones if theirs cannot be read."""
    try:
        return abc_templates.condition_templates(app.locations.data_dir)
    except TemplateError as exc:
        app.notify(
            f"Using the standard conditions: {exc}", severity="warning", timeout=10, markup=False
        )
        return abc_templates.packaged_templates()


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
        self.rows: list[abc_views.AbcSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="abc-list-title", classes="section-title")
        yield DataTable(id="abc-list", cursor_type="row", zebra_stripes=True)
        yield Static(id="abc-list-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#abc-list", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the case's ABCs and redraw."""
        with self.app.store.reading() as session:
            reference = abc_views.case_reference(session, self.case_id)
            self.rows = abc_views.list_abcs(session, self.case_id)
        today = self.app.today()
        self.sub_title = reference
        self.query_one("#abc-list-title", Static).update(
            Content.assemble("ABCs on ", (reference, "bold"))
        )
        table = self.query_one("#abc-list", DataTable)
        table.clear()
        for row in self.rows:
            state = review_state(row.next_review_on, today) if row.next_review_on else None
            table.add_row(
                cell(row.person_name, 30, style="bold"),
                status_text(row.status),
                cell(short_date(row.start_on, today)),
                cell(short_date(row.end_on, today)),
                review_text(row.next_review_on, state, today),
                cell(str(row.conditions)),
                cell(str(row.substantiated_breaches) if row.substantiated_breaches else "—"),
                key=str(row.id),
            )
        hint = "" if self.rows else "No ABCs on this case yet. Press n to draw one up."
        self.query_one("#abc-list-hint", Static).update(hint)

    def _highlighted(self) -> abc_views.AbcSummary | None:
        table = self.query_one("#abc-list", DataTable)
        if not self.rows or table.cursor_row < 0:
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
        with self.app.store.reading() as session:
            people = abc_views.perpetrators(session, self.case_id)
        choose_perpetrator(self, people, self._draw_up)

    def _draw_up(self, person: PerpetratorChoice | None) -> None:
        if person is None:
            return
        app = self.app
        policy = app.settings.policy
        today = app.today()

        async def save(data: AbcInput) -> object:
            return await app.run_service(
                abc_agreements.create_abc, self.case_id, data, policy=policy, today=today
            )

        setup = AbcFormSetup(
            person_id=person.person_id,
            person_name=person.name,
            today=today,
            default_weeks=policy.abc_review_weeks,
            default_months=policy.abc_length_months,
            templates=templates_for(app),
            housing_officer=app.officer_name,
            needs_guardian=is_minor(person.date_of_birth, today),
        )

        def saved(result: object) -> None:
            if result is None:
                return
            self.reload()
            from fieldcase.ui.screens.abc_detail import AbcScreen

            abc_id = cast("AbcAgreement", result).id
            self.app.push_screen(AbcScreen(abc_id))

        self.app.push_screen(AbcDialog(save, setup=setup), saved)


def choose_perpetrator(
    screen: Screen[Any],
    people: list[PerpetratorChoice],
    callback: Callable[[PerpetratorChoice | None], None],
) -> None:
    """Ask which alleged perpetrator (straight on when there is only one)."""
    if not people:
        screen.notify(
            "Add the alleged perpetrator to the case first (p on the case file).",
            severity="warning",
        )
        return
    if len(people) == 1:
        callback(people[0])
        return
    answers = [(literal_line(p.name, 60), p) for p in people]
    screen.app.push_screen(
        AbcChooseDialog[PerpetratorChoice]("Which alleged perpetrator?", answers), callback
    )
