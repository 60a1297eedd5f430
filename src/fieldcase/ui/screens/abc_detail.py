"""One Acceptable Behaviour Contract: its terms, who signed, reviews and breaches."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from fieldcase.domain.abc import (
    AbcStatus,
    BreachResponse,
    Compliance,
    ConditionKind,
    SignatoryRole,
    is_minor,
)
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import split_values
from fieldcase.services import abc_agreements, abc_reviews, abc_views, enforcement
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput
from fieldcase.services.abc_views import AbcView
from fieldcase.services.agreement import export_agreement
from fieldcase.services.errors import ValidationError
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.abc_breach import AbcBreachDialog
from fieldcase.ui.dialogs.abc_choose import AbcChooseDialog
from fieldcase.ui.dialogs.abc_form import AbcDialog, AbcFormSetup
from fieldcase.ui.dialogs.abc_review import AbcReviewDialog
from fieldcase.ui.dialogs.abc_status import AbcStatusDialog, StatusChange
from fieldcase.ui.formatting import cell, label_of, short_date
from fieldcase.ui.screens.abc_format import (
    ends_text,
    review_text,
    status_text,
    substantiated_text,
)
from fieldcase.ui.screens.abc_list import templates_for

if TYPE_CHECKING:
    from fieldcase.db.models import AbcBreach


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
        self.view: AbcView | None = None
        self.ladder: enforcement.Ladder | None = None
        self._first_load = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="abc-header")
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
        self.reload()
        self.query_one("#abc-breaches").focus()

    def on_screen_resume(self) -> None:
        if not self._first_load:
            self.reload()

    def _columns(self, selector: str, *names: str) -> None:
        table = self.query_one(selector, DataTable)
        for name in names:
            table.add_column(name, key=name)

    def reload(self) -> None:
        """Fetch the ABC and the person's ladder, and redraw."""
        with self.app.store.transaction() as session:
            self.view = abc_views.load_abc(session, self.abc_id, record_view=self._first_load)
            self.ladder = enforcement.ladder_for(session, self.view.abc.person_id)
        self._first_load = False
        self._draw()

    def header_lines(self, view: AbcView) -> list[Content]:
        """The lines at the top: who, status, dates, cadence, next review."""
        abc = view.abc
        today = self.app.today()
        monitors = " and ".join(m.label.lower() for m in view.monitored_by) or "nobody"
        lines = [
            Content.assemble(
                ("ABC with ", "bold"),
                (one_line(view.person.full_name), "bold"),
                "  ·  ",
                view.case.reference,
                "  ·  ",
                Content.from_rich_text(status_text(view.status)),
            ),
            Content.assemble(
                f"{short_date(abc.start_on)} to ",
                Content.from_rich_text(
                    ends_text(abc.end_on, today)
                    if view.status == AbcStatus.ACTIVE
                    else Text(short_date(abc.end_on))
                ),
                f"  ·  reviewed every {abc.review_weeks} weeks  ·  monitored by {monitors}",
            ),
        ]
        if view.status == AbcStatus.ACTIVE:
            lines.append(
                Content.assemble(
                    "Next review: ",
                    Content.from_rich_text(
                        review_text(abc.next_review_on, view.review_state(today), today)
                    ),
                )
            )
        elif view.status == AbcStatus.DRAFT:
            waiting = ", ".join(r.label.lower() for r in view.missing)
            lines.append(
                Content.assemble(("Not in force: ", "bold yellow"), f"waiting for {waiting}.")
            )
        else:
            ended = short_date(abc.ended_on) if abc.ended_on else "—"
            reason = f" — {one_line(abc.end_reason)}" if abc.end_reason else ""
            lines.append(Content(f"Ended {ended}{reason}"))
        if abc.notes:
            lines.append(Content.assemble("Notes: ", one_line(abc.notes, 200)))
        return lines

    def _draw(self) -> None:
        view = self.view
        assert view is not None
        today = self.app.today()
        self.sub_title = view.case.reference
        self.query_one("#abc-header", Static).update(Content("\n").join(self.header_lines(view)))
        suggestion = self._suggestion_text()
        box = self.query_one("#abc-suggestion", Static)
        box.update(suggestion)
        box.display = bool(suggestion.plain)

        numbered = []
        for n, cond in enumerate(view.conditions, start=1):
            tag = "Must not" if cond.kind == ConditionKind.PROHIBITION else "Must"
            numbered.append(
                Content.assemble(f"{n:>2}. ", (f"{tag}: ", "bold"), one_line(cond.text))
            )
        self.query_one("#abc-conditions", Static).update(
            Content("\n").join(numbered) if numbered else Content("No conditions yet.")
        )

        sigs = self.query_one("#abc-signatories", DataTable)
        sigs.clear()
        for sig in view.signatories:
            sigs.add_row(
                cell(label_of(SignatoryRole, sig.role)),
                cell(sig.name, 30),
                cell(sig.collar_number),
                cell(short_date(sig.signed_on, today))
                if sig.signed_on
                else Text("not yet", "yellow"),
                key=str(sig.id),
            )
        reviews = self.query_one("#abc-reviews", DataTable)
        reviews.clear()
        for rev in view.reviews:
            reviews.add_row(
                cell(short_date(rev.reviewed_on, today)),
                cell(
                    label_of(Compliance, rev.compliance),
                    style="bold red" if rev.compliance == Compliance.BREACHED else "",
                ),
                cell(rev.reviewer, 20),
                cell(rev.notes, 60),
                key=str(rev.id),
            )
        breaches = self.query_one("#abc-breaches", DataTable)
        breaches.clear()
        for br in view.breaches:
            numbers = ", ".join(str(n) for n in view.breached_numbers(br))
            response = label_of(BreachResponse, br.response)
            if br.response_notes:
                response = f"{response}: {one_line(br.response_notes)}"
            breaches.add_row(
                cell(short_date(br.occurred_on, today)),
                cell(numbers or "—"),
                cell(br.description, 40),
                cell(br.reported_by, 20),
                substantiated_text(br.substantiated),
                Text("SERIOUS", style="bold red") if br.serious_harm else Text(""),
                cell(response, 30),
                key=str(br.id),
            )

    def _suggestion_text(self) -> Content:
        ladder = self.ladder
        if ladder is None or ladder.suggestion is None or ladder.open_breach is None:
            return Content("")
        step = ladder.suggestion.rung.label if ladder.suggestion.rung else "No further rung"
        current = ladder.current.label if ladder.current else "none yet"
        return Content.assemble(
            ("Substantiated breach — suggested next step: ", "bold"),
            (step, "bold yellow"),
            f"\n{ladder.suggestion.reason}\n",
            f"Current rung: {current}. fieldcase suggests; you decide (e opens the ladder).",
        )

    def _after(self, result: object) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        """Back."""
        self.dismiss(None)

    def action_review(self) -> None:
        """Record a compliance review."""
        view = self.view
        assert view is not None
        app = self.app
        today = app.today()

        async def save(data: abc_reviews.ReviewInput) -> object:
            return await app.run_service(abc_reviews.record_review, self.abc_id, data, today=today)

        self.app.push_screen(
            AbcReviewDialog(save, today=today, review_weeks=view.abc.review_weeks), self._after
        )

    def action_breach(self) -> None:
        """Record a breach."""
        view = self.view
        assert view is not None
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

        async def save(data: BreachInput) -> object:
            if breach is None:
                outcome = await app.run_service(
                    abc_reviews.record_breach, self.abc_id, data, today=today
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

        initial = None
        if breach is not None:
            initial = BreachInput(
                occurred_on=breach.occurred_on,
                condition_ids=[uuid.UUID(i) for i in split_values(breach.conditions)],
                description=breach.description,
                reported_by=breach.reported_by,
                substantiated=breach.substantiated,
                serious_harm=breach.serious_harm,
                response=breach.response,
                response_notes=breach.response_notes,
            )
        self.app.push_screen(
            AbcBreachDialog(save, today=today, conditions=view.conditions, initial=initial),
            self._after,
        )

    def action_edit(self) -> None:
        """Edit the ABC: anything while a draft; later signatures, cadence and notes once signed."""
        view = self.view
        assert view is not None
        if view.status.is_final:
            self.notify(
                f"This ABC has ended ({view.status.label.lower()}); it is kept as it was.",
                severity="warning",
            )
            return
        app = self.app
        policy = app.settings.policy
        today = app.today()
        abc = view.abc

        async def save(data: AbcInput) -> object:
            return await app.run_service(
                abc_agreements.update_abc,
                self.abc_id,
                data,
                expected_version=abc.version,
                policy=policy,
                today=today,
            )

        initial = AbcInput(
            person_id=abc.person_id,
            start_on=abc.start_on,
            end_on=abc.end_on,
            review_weeks=abc.review_weeks,
            monitored_by=split_values(abc.monitored_by),
            conditions=[ConditionInput(c.text, c.kind) for c in view.conditions],
            signatories=[
                SignatoryInput(s.role, s.name, s.signed_on, s.collar_number)
                for s in view.signatories
            ],
            notes=abc.notes,
        )
        setup = AbcFormSetup(
            person_id=abc.person_id,
            person_name=view.person.full_name,
            today=today,
            default_weeks=policy.abc_review_weeks,
            default_months=policy.abc_length_months,
            templates=templates_for(app),
            initial=initial,
            locked=view.status == AbcStatus.ACTIVE,
            housing_officer=app.officer_name,
            needs_guardian=is_minor(view.person.date_of_birth, abc.start_on),
            signed_roles={(s.role, s.name) for s in view.signatories if s.signed_on},
        )
        self.app.push_screen(AbcDialog(save, setup=setup), self._after)

    def action_status(self) -> None:
        """Complete the ABC, mark it breached or end it early."""
        view = self.view
        assert view is not None
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
        view = self.view
        assert view is not None
        answers = [(Content("Markdown (.md)"), "md"), (Content("PDF (.pdf)"), "pdf")]

        def chosen(fmt: str | None) -> None:
            if fmt is None:
                return
            try:
                path = export_agreement(
                    view,
                    self.app.locations.exports_dir,
                    "pdf" if fmt == "pdf" else "md",
                    printed_on=self.app.today(),
                )
            except (OSError, ValidationError) as exc:
                self.notify(
                    f"Could not export the agreement: {exc}", severity="error", markup=False
                )
                return
            self.notify(f"Saved {path}", title="Agreement exported", timeout=10, markup=False)

        self.app.push_screen(AbcChooseDialog[str]("Export the agreement as", answers), chosen)

    def action_ladder(self) -> None:
        """This person's enforcement ladder."""
        view = self.view
        assert view is not None
        from fieldcase.ui.screens.ladder import LadderScreen

        self.app.push_screen(LadderScreen(view.abc.case_id, view.abc.person_id))
