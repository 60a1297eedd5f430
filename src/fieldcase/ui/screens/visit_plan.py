"""Planning a visit and its safety plan, by keyboard alone.

The screen loads what the form shows in one service call, looks up caution
markers and consent again when the person or place changes, and saves with
one service call that checks and stores the plan; all of it off the
interface thread. The fields live in ``ui/widgets/visit_plan_form.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from fieldcase.domain.when import format_when
from fieldcase.services import visit_planning, visit_views
from fieldcase.services.drafts import DraftSnapshot, FormKey
from fieldcase.services.errors import EditConflict, NotFound, ValidationError
from fieldcase.services.visit_views import VisitPlanView
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.form_draft import (
    FormDraft,
    cancel_form,
    form_values,
    restore_values,
)
from fieldcase.ui.widgets.form_frame import FormMessages
from fieldcase.ui.widgets.visit_plan_form import TOGGLES, WHEN_HINT, FactsKey, VisitPlanForm

_FIELD_FOR_ERROR = {
    "kind": "kind",
    "planned_at": "planned-at",
    "duration_minutes": "duration",
    "place_kind": "place-kind",
    "place_detail": "place-detail",
    "person_id": "person",
    "attendees": "attendee-name-1",
    "plain_clothes": "plain-clothes",
    "park_where": "park-where",
    "buddy_name": "buddy-name",
    "checkin_at": "checkin-at",
    "code_word_holder": "code-word-holder",
    "consent_override_reason": "consent-override-reason",
}


TOGGLE_PREFIX = "toggle-"
"""Draft keys for the safety-plan toggles, which plain form drafts do not keep."""


class VisitPlanDraft(FormDraft):
    """The plan form's draft, safety-plan toggles included."""

    def current_values(self) -> dict[str, Any]:
        """Every field, and each safety-plan toggle under its own name."""
        values = form_values(self.screen)
        for box in self.screen.query(Checkbox):
            if box.id:
                values[f"{TOGGLE_PREFIX}{box.id}"] = box.value
        return values


class VisitPlanScreen(FieldcaseScreen[uuid.UUID | None]):
    """Plan a visit: when, where, who is going and the safety plan."""

    HELP = (
        "Plan a visit on this case. Tab moves between fields; Enter opens a drop-down; "
        "Space toggles a safety measure and opens its notes. Type times as you say them: "
        f"{WHEN_HINT}. Caution markers for the address or person appear at the top by "
        "themselves. Never type a code word itself: record only who holds it. Ctrl+S saves."
    )
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", id="save-visit", tooltip="Save the visit plan", priority=True
        ),
        Binding(
            "ctrl+o",
            "add_attendee",
            "Another attendee",
            id="add-attendee",
            tooltip="Add another row for someone going on the visit",
        ),
        Binding("escape", "cancel", "Cancel", id="cancel-visit", tooltip="Leave without saving"),
    ]

    def __init__(self, case_id: uuid.UUID, visit_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.visit_id = visit_id
        self.new_id = uuid.uuid4()
        """A new visit's key, made before the first try: saving again never plans it twice."""
        self.view: VisitPlanView | None = None
        """What the form opened with; None until the first load has finished."""
        self.draft: VisitPlanDraft | None = None
        self.saving = False
        """True while the plan is on its way to the database."""
        self._facts_for: FactsKey | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        title = "Change the visit plan" if self.visit_id else "Plan a visit"
        yield Static(Content(title), id="visit-plan-title", classes="form-title screen-form-title")
        yield VerticalScroll(id="visit-plan")
        yield FormMessages(id="form-errors")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#visit-plan").loading = True
        self.load()

    @property
    def form(self) -> VisitPlanForm | None:
        """The form, once loaded."""
        found = self.query(VisitPlanForm)
        return found.first() if found else None

    @work(exclusive=True, group="visit-plan-load")
    async def load(self) -> None:
        """Load the case's people and the stored plan, then show the form."""
        try:
            view = await self.app.run_service(
                visit_views.visit_plan_view, self.case_id, self.visit_id
            )
        except NotFound as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.dismiss(None)
            return
        self.view = view
        self.sub_title = view.reference
        title = "Change the visit plan" if self.visit_id else "Plan a visit"
        self.query_one("#visit-plan-title", Static).update(Content(f"{title} — {view.reference}"))
        form = VisitPlanForm(
            view, editing=self.visit_id is not None, officer=self.app.officer_name, now=self.app.now
        )
        scroll = self.query_one("#visit-plan", VerticalScroll)
        await scroll.mount(form)
        scroll.loading = False
        self._facts_for = form.facts_key()
        self.query_one("#kind").focus(scroll_visible=False)  # the form opens at its top
        target = str(
            FormKey("visit-edit", self.case_id, self.visit_id)
            if self.visit_id
            else FormKey("visit-plan", self.case_id)
        )
        title = "Visit plan change" if self.visit_id else "Visit plan"
        self.draft = VisitPlanDraft(self, target, f"{title} for {view.reference}")
        self.draft.offer(self._restore_draft, every=None)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _typed(self) -> None:
        """Keep the draft moments after each change (a signal or a crash loses nothing)."""
        if self.draft is not None:
            self.draft.changed()

    def draft_snapshot(self) -> DraftSnapshot | None:
        """The typing so far, kept encrypted on a timer, a lock or a crash."""
        return self.draft.snapshot() if self.draft else None

    def _restore_draft(self, values: dict[str, Any]) -> None:
        form = self.form
        if form is None:
            return
        rows = sum(1 for key in values if key.startswith("attendee-name-"))
        for _ in range(rows - form.attendee_rows.count):
            form.attendee_rows.add_row()

        def put_back() -> None:
            restore_values(
                self, {k: v for k, v in values.items() if not k.startswith(TOGGLE_PREFIX)}
            )
            form.safety_plan.tick(
                {
                    toggle_id: ticked
                    for toggle_id, _, _ in TOGGLES
                    if isinstance(ticked := values.get(f"{TOGGLE_PREFIX}{toggle_id}"), bool)
                }
            )

        self.call_after_refresh(put_back)

    @on(Select.Changed, "#person, #place-kind")
    def target_changed(self) -> None:
        self.refresh_facts()

    @on(Input.Changed, "#place-detail")
    def place_detail_changed(self) -> None:
        self.refresh_facts()

    @work(exclusive=True, group="visit-plan-facts")
    async def refresh_facts(self) -> None:
        """Look up the caution markers, place and consent for the chosen person and place."""
        form = self.form
        if form is None:
            return
        key = form.facts_key()
        if key == self._facts_for:
            return
        person_id, place_kind, place_detail = key
        facts = await self.app.run_service(
            visit_planning.planning_facts,
            self.case_id,
            person_id=person_id,
            place_kind=place_kind,
            place_detail=place_detail,
        )
        self._facts_for = key
        form.show_facts(facts)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Save the plan, or show what must be fixed (keeping everything typed)."""
        if self.form is not None and not self.saving:
            self.app.keys_wait_for(self._save())

    @work(exclusive=True, group="visit-plan-save")
    async def _save(self) -> None:
        form, view = self.form, self.view
        if form is None or view is None:
            return
        data, unreadable = form.collect()
        self.saving = True
        try:
            visit = await self.app.run_service(
                visit_planning.save_visit_plan,
                self.case_id,
                data,
                now=self.app.now(),
                visit_id=self.visit_id,
                expected_version=view.version,
                unreadable=unreadable,
                new_id=self.new_id,
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (EditConflict, NotFound) as exc:
            self.show_errors({"": str(exc)})
            return
        finally:
            self.saving = False
        if self.draft is not None:
            self.draft.discard()
        self.notify(
            f"Visit planned for {format_when(visit.planned_at)}.", title="Saved", markup=False
        )
        self.dismiss(visit.id)

    def show_errors(self, errors: dict[str, str]) -> None:
        """List every problem and focus the first field that has one."""
        text = "\n".join(f"• {message}" for message in errors.values())
        self.query_one("#form-errors", Static).update(Content(text))
        for name in errors:
            field_id = _FIELD_FOR_ERROR.get(name)
            if name.startswith("attendees."):
                field_id = f"attendee-name-{int(name.split('.')[1]) + 1}"
            found = self.query(f"#{field_id}") if field_id else None
            if found:
                found.first().focus()
                break

    def action_add_attendee(self) -> None:
        """Another row for someone going on the visit."""
        if self.form is not None:
            self.form.attendee_rows.add_row()

    def action_cancel(self) -> None:
        """Leave without saving (the draft goes too); asks first when something was typed."""
        cancel_form(self, self.draft)
