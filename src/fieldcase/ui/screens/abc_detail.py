"""One Acceptable Behaviour Contract: its terms, who signed, reviews and breaches."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain.abc import AbcStatus, BreachResponse, Compliance, SignatoryRole
from fieldcase.domain.text import one_line
from fieldcase.services import abc_agreements, abc_overview, abc_reviews
from fieldcase.services.abc_agreements import AbcInput
from fieldcase.services.abc_overview import AbcDetail
from fieldcase.services.abc_reviews import BreachInput, BreachOutcome
from fieldcase.services.abc_views import AbcView
from fieldcase.services.agreement import export_abc
from fieldcase.services.enforcement import Ladder
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.abc_breach import AbcBreachDialog
from fieldcase.ui.dialogs.abc_choose import AbcChooseDialog
from fieldcase.ui.dialogs.abc_form import AbcDialog, AbcFormSetup
from fieldcase.ui.dialogs.abc_review import AbcReviewDialog
from fieldcase.ui.dialogs.abc_status import AbcStatusDialog, StatusChange
from fieldcase.ui.formatting import cell, label_of, short_date
from fieldcase.ui.screens.abc_format import (
    abc_header_lines,
    breach_suggestion,
    conditions_text,
    substantiated_text,
)
from fieldcase.ui.screens.abc_list import warn_about_templates
from fieldcase.ui.text import file_lines
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import Row, refill

if TYPE_CHECKING:
    from fieldcase.db.models import AbcBreach

EXPORT_FORMATS = [(Content("Markdown (.md)"), "md"), (Content("PDF (.pdf)"), "pdf")]


class AbcScreen(FieldcaseScreen[None]):
    """An ABC: the conditions, signatories, reviews and breaches, and what to do next."""

    HELP = (
        "One Acceptable Behaviour Contract. r records a review (the next one is scheduled "
        "on the cadence); b records a breach — when it is substantiated, fieldcase suggests "
        "the next proportionate step, and you decide. Enter on a breach updates it (for "
        "example once it is substantiated). u edits the ABC (conditions are fixed once "
        "signed); s completes it, marks it breached or ends it early; p prints the "
        "agreement to the exports folder as Markdown or PDF; e shows the ladder."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="abc-detail-back", tooltip="Back"),
        Binding("r", "review", "Review", id="abc-review", tooltip="Record a compliance review"),
        Binding("b", "breach", "Breach", id="abc-breach", tooltip="Record a breach"),
        Binding("u", "edit", "Edit", id="abc-edit", tooltip="Edit the ABC or add signatures"),
        Binding(
            "s",
            "status",
            "Status",
            id="abc-status",
            tooltip="Complete, mark breached or end early",
        ),
        Binding(
            "p",
            "export",
            "Print",
            id="abc-export",
            tooltip="Export the agreement (Markdown or PDF) to the exports folder",
        ),
        Binding(
            "e",
            "ladder",
            "Ladder",
            id="ladder",
            tooltip="Show this person's enforcement ladder",
        ),
    ]

    def __init__(self, abc_id: uuid.UUID) -> None:
        super().__init__()
        self.abc_id = abc_id
        self.detail: AbcDetail | None = None
        """What the screen shows; None until the first load has finished."""
        self._viewed = False

    @property
    def view(self) -> AbcView | None:
        """The ABC shown, once loaded."""
        return self.detail.view if self.detail else None

    @property
    def ladder(self) -> Ladder | None:
        """The person's enforcement ladder, once loaded."""
        return self.detail.ladder if self.detail else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the ABC…", id="abc-header")
        with VerticalScroll(id="abc-body"):
            yield Static(id="abc-suggestion")
            yield Static("Conditions", classes="section-title")
            yield Static(id="abc-conditions")
            yield Static("Signatories", classes="section-title")
            yield DataTable(id="abc-signatories", cursor_type="row")
            yield Static("Reviews", classes="section-title")
            yield DataTable(id="abc-reviews", cursor_type="row")
            yield Static("Breaches (Enter updates one)", classes="section-title")
            yield DataTable(id="abc-breaches", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self._columns("#abc-signatories", "Signing as", "Name", "Collar no.", "Signed")
        self._columns("#abc-reviews", "Date", "Finding", "Reviewer", "Notes")
        self._columns(
            "#abc-breaches",
            "Date",
            "Conditions",
            "What happened",
            "Reported by",
            "Substantiated",
            "Harm risk",
            "Response",
        )
        self.query_one("#abc-body").loading = True
        self.query_one("#abc-breaches").focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self.reload()

    def _columns(self, selector: str, *names: str) -> None:
        table = self.query_one(selector, DataTable)
        for name in names:
            table.add_column(name, key=name)

    @work(exclusive=True, group="abc-detail")
    async def reload(self) -> None:
        """Fetch the ABC and the person's ladder off the interface thread, and redraw."""
        try:
            detail = await self.app.run_service(
                abc_overview.abc_detail, self.abc_id, record_view=not self._viewed
            )
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self._viewed = True
        self.detail = detail
        self._draw(detail)
        self.query_one("#abc-body").loading = False

    def _draw(self, detail: AbcDetail) -> None:
        view = detail.view
        today = self.app.today()
        self.sub_title = view.case.reference
        self.query_one("#abc-header", Static).update(
            Content("\n").join(abc_header_lines(view, today))
        )
        suggestion = breach_suggestion(detail.ladder)
        box = self.query_one("#abc-suggestion", Static)
        box.update(suggestion)
        box.display = bool(suggestion.plain)
        self.query_one("#abc-conditions", Static).update(conditions_text(view))
        self._draw_signatories(view, today)
        self._draw_reviews(view, today)
        self._draw_breaches(view, today)

    def _draw_signatories(self, view: AbcView, today: date) -> None:
        rows: list[Row] = [
            (
                str(sig.id),
                [
                    cell(label_of(SignatoryRole, sig.role)),
                    cell(sig.name, 30),
                    cell(sig.collar_number),
                    cell(short_date(sig.signed_on, today))
                    if sig.signed_on
                    else Text("not yet", "yellow"),
                ],
            )
            for sig in view.signatories
        ]
        refill(self.query_one("#abc-signatories", DataTable), rows)

    def _draw_reviews(self, view: AbcView, today: date) -> None:
        rows: list[Row] = [
            (
                str(rev.id),
                [
                    cell(short_date(rev.reviewed_on, today)),
                    cell(
                        label_of(Compliance, rev.compliance),
                        style="bold red" if rev.compliance == Compliance.BREACHED else "",
                    ),
                    cell(rev.reviewer, 20),
                    cell(rev.notes, 60),
                ],
            )
            for rev in view.reviews
        ]
        refill(self.query_one("#abc-reviews", DataTable), rows)

    def _draw_breaches(self, view: AbcView, today: date) -> None:
        rows: list[Row] = []
        for br in view.breaches:
            numbers = ", ".join(str(n) for n in view.breached_numbers(br))
            response = label_of(BreachResponse, br.response)
            if br.response_notes:
                response = f"{response}: {one_line(br.response_notes)}"
            cells = [
                cell(short_date(br.occurred_on, today)),
                cell(numbers or "—"),
                cell(br.description, 40),
                cell(br.reported_by, 20),
                substantiated_text(br.substantiated),
                Text("SERIOUS", style="bold red") if br.serious_harm else Text(""),
                cell(response, 30),
            ]
            rows.append((str(br.id), cells))
        refill(self.query_one("#abc-breaches", DataTable), rows)

    def _after(self, result: object) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        """Back."""
        self.dismiss(None)

    def action_review(self) -> None:
        """Record a compliance review."""
        view = self.view
        if view is None:
            return
        app = self.app
        today = app.today()
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: abc_reviews.ReviewInput) -> object:
            return await app.run_service(
                abc_reviews.record_review, self.abc_id, data, today=today, new_id=new_id
            )

        dialog = AbcReviewDialog(save, today=today, review_weeks=view.abc.review_weeks)
        title = f"ABC review on {view.case.reference}"
        self.app.push_screen(
            dialog.keep_case_draft("abc-review", view.abc.case_id, title, self.abc_id),
            self._after,
        )

    def action_breach(self) -> None:
        """Record a breach."""
        view = self.view
        if view is not None:
            self._breach_dialog(view, None)

    @on(DataTable.RowSelected, "#abc-breaches")
    def edit_breach(self, event: DataTable.RowSelected) -> None:
        """Enter on a breach updates it."""
        view = self.view
        if view is None or not event.row_key.value:
            return
        breach = next(b for b in view.breaches if str(b.id) == event.row_key.value)
        self._breach_dialog(view, breach)

    def _breach_dialog(self, view: AbcView, breach: AbcBreach | None) -> None:
        app = self.app
        today = app.today()
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: BreachInput) -> BreachOutcome:
            if breach is None:
                outcome = await app.run_service(
                    abc_reviews.record_breach, self.abc_id, data, today=today, new_id=new_id
                )
            else:
                outcome = await app.run_service(
                    abc_reviews.update_breach,
                    breach.id,
                    data,
                    expected_version=breach.version,
                    today=today,
                )
            if outcome.suggestion is not None:
                rung = outcome.suggestion.rung
                self.notify(
                    f"Suggested next step: {rung.label if rung else 'none — top of the ladder'}. "
                    "You decide; record it on the ladder (e).",
                    title="Substantiated breach",
                    timeout=10,
                )
            return outcome

        initial = abc_reviews.breach_input(breach) if breach is not None else None
        dialog = AbcBreachDialog(save, today=today, conditions=view.conditions, initial=initial)
        kind, record = ("abc-breach", self.abc_id) if breach is None else ("breach-edit", breach.id)
        title = f"ABC breach on {view.case.reference}"
        self.app.push_screen(
            dialog.keep_case_draft(kind, view.abc.case_id, title, record), self._after
        )

    def action_edit(self) -> None:
        """Edit the ABC: anything while a draft; later signatures, cadence and notes once signed."""
        view = self.view
        if view is None:
            return
        if view.status.is_final:
            self.notify(
                f"This ABC has ended ({view.status.label.lower()}); it is kept as it was.",
                severity="warning",
            )
            return
        self._edit()

    @work(exclusive=True, group="abc-edit")
    async def _edit(self) -> None:
        app = self.app
        policy = app.settings.policy
        today = app.today()
        try:
            start = await app.run_service(
                abc_overview.abc_edit_start, self.abc_id, data_dir=app.locations.data_dir
            )
        except (NotFound, ValidationError) as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        warn_about_templates(self, start.templates)

        async def save(data: AbcInput) -> uuid.UUID:
            abc = await app.run_service(
                abc_agreements.update_abc,
                self.abc_id,
                data,
                expected_version=start.version,
                policy=policy,
                today=today,
            )
            return abc.id

        setup = AbcFormSetup(
            person_id=start.initial.person_id,
            person_name=start.person_name,
            today=today,
            default_weeks=policy.abc_review_weeks,
            default_months=policy.abc_length_months,
            templates=start.templates.templates,
            initial=start.initial,
            locked=start.locked,
            housing_officer=app.officer_name,
            needs_guardian=start.needs_guardian,
            signed_roles=start.signed_roles,
        )
        dialog = AbcDialog(save, setup=setup)
        if self.view is not None:
            case = self.view.case
            dialog.keep_case_draft(
                "abc-edit", case.id, f"ABC change on {case.reference}", self.abc_id
            )
        saved = await app.ask(dialog)
        self._after(saved)

    def action_status(self) -> None:
        """Complete the ABC, mark it breached or end it early."""
        view = self.view
        if view is None:
            return
        if view.status.is_final:
            self.notify(f"This ABC has already ended ({view.status.label.lower()}).")
            return
        if view.status == AbcStatus.DRAFT:
            self.notify(
                "A draft comes into force by itself once everyone has signed: "
                "add the signing dates (u).",
                severity="warning",
            )
            return
        app = self.app
        today = app.today()

        async def save(change: StatusChange) -> object:
            return await app.run_service(
                abc_agreements.change_status,
                self.abc_id,
                change.status,
                today=today,
                reason=change.reason,
                expected_version=view.abc.version,
            )

        self.app.push_screen(AbcStatusDialog(save, current=view.status), self._after)

    def action_export(self) -> None:
        """Export the agreement to the exports folder."""
        if self.view is not None:
            self._export()

    @work(exclusive=True, group="abc-export")
    async def _export(self) -> None:
        app = self.app
        fmt = await app.ask(AbcChooseDialog[str]("Export the agreement as", EXPORT_FORMATS))
        if fmt is None:
            return
        try:
            path = await app.run_service(
                export_abc,
                self.abc_id,
                app.locations.exports_dir,
                "pdf" if fmt == "pdf" else "md",
                printed_on=app.today(),
            )
        except (OSError, NotFound, ValidationError) as exc:
            self.notify(f"Could not export the agreement: {exc}", severity="error", markup=False)
            return
        self.notify(
            f"Saved as\n{file_lines(path)}", title="Agreement exported", timeout=10, markup=False
        )

    def action_ladder(self) -> None:
        """This person's enforcement ladder."""
        view = self.view
        if view is None:
            return
        from fieldcase.ui.screens.ladder import LadderScreen

        self.app.push_screen(LadderScreen(view.abc.case_id, view.abc.person_id))
