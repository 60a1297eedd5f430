"""Drawing up or editing an ABC by keyboard: dates, conditions, signatories."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection as Tick
from textual.widgets.text_area import Selection

from fieldcase.domain.abc import ConditionKind, ConditionTemplate, Monitor, SignatoryRole
from fieldcase.domain.text import one_line
from fieldcase.domain.when import Prefer, WhenError, format_day, parse_day
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.abc_choose import AbcChooseDialog
from fieldcase.ui.dialogs.case_items import value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.text import literal
from fieldcase.ui.widgets.fields import LongLine, text_field
from fieldcase.ui.widgets.form_draft import restore_values
from fieldcase.ui.widgets.person_picker import PersonPicker
from fieldcase.ui.widgets.ticks import TickList


@dataclass
class AbcFormSetup:
    """What the ABC form starts from."""

    person_id: uuid.UUID
    person_name: str
    today: date
    default_weeks: int
    default_months: int
    templates: list[ConditionTemplate]
    initial: AbcInput | None = None
    """An existing ABC's values when editing."""
    locked: bool = False
    """True once signed: dates, conditions and given signatures are shown but fixed."""
    housing_officer: str = ""
    needs_guardian: bool = False
    signed_roles: set[tuple[str, str]] = field(default_factory=set)
    """(role, name) of signatures already given, which stay fixed."""


class AbcDialog(FormDialog[AbcInput, uuid.UUID]):
    """The ABC form; returns the saved ABC's id. Ctrl+T adds a template, Ctrl+N your own words."""

    TITLE_TEXT = "Acceptable Behaviour Contract"
    OPENS_FILLED = False
    BINDINGS = [
        Binding(
            "ctrl+t",
            "add_template",
            "Template",
            id="abc-add-template",
            tooltip="Add a condition from the templates",
        ),
        Binding(
            "ctrl+n",
            "add_condition",
            "Own words",
            id="abc-add-condition",
            tooltip="Add a condition in your own words",
        ),
        Binding(
            "ctrl+g",
            "add_signatory",
            "Signatory",
            id="abc-add-signatory",
            tooltip="Add another signature line",
        ),
        Binding(
            "ctrl+r",
            "remove_line",
            "Remove line",
            id="abc-remove-line",
            tooltip="Remove the condition or signature line you are on",
        ),
    ]

    def __init__(self, save: Save[AbcInput, uuid.UUID], *, setup: AbcFormSetup) -> None:
        super().__init__(save)
        self.setup = setup
        self._next_row = 0

    def fields(self) -> ComposeResult:
        s = self.setup
        i = s.initial
        yield Static(literal(f"With {s.person_name}"), classes="abc-form-person")
        if s.locked:
            yield Static(
                "Signed: the dates, conditions and given signatures are fixed. "
                "End it early and draw up a new ABC to change them.",
                classes="abc-locked-note",
            )
        with Horizontal(classes="abc-dates"):
            with Vertical():
                yield from text_field(
                    "Starts (dd/mm/yyyy)",
                    "start-on",
                    format_day(i.start_on) if i else format_day(s.today),
                )
            with Vertical():
                yield from text_field(
                    "Ends (blank = start + policy length)",
                    "end-on",
                    format_day(i.end_on) if i and i.end_on else "",
                    placeholder=f"{s.default_months} months after the start",
                )
            with Vertical():
                yield from text_field(
                    "Review every (weeks)",
                    "review-weeks",
                    str(i.review_weeks if i and i.review_weeks else s.default_weeks),
                )
        chosen = set(i.monitored_by) if i else {Monitor.HOUSING, Monitor.POLICE}
        yield Label("Monitored by  (Space ticks)", classes="field-label")
        yield TickList[str](
            *[Tick(m.label, m.value, m.value in chosen) for m in Monitor],
            id="monitored-by",
            classes="multi",
        )
        yield Label(
            "Conditions — ctrl+t from templates, ctrl+n own words, ctrl+r removes a line",
            classes="field-label",
        )
        yield Vertical(id="conditions", classes="abc-lines")
        yield Label(
            "Signatories — date each one signed (blank until signed); ctrl+g adds a line",
            classes="field-label",
        )
        yield Vertical(id="signatories", classes="abc-lines")
        yield from text_field("Notes", "notes", i.notes if i else "")

    @on(events.Mount)
    async def fill_lines(self) -> None:
        """The conditions and signature lines the form starts with."""
        s = self.setup
        mounted: list[AwaitMount] = []
        if s.initial is not None:
            for cond in s.initial.conditions:
                mounted.append(self._add_condition_row(cond.kind, cond.text, focus=False))
            for sig in s.initial.signatories:
                mounted.append(self._add_signatory_row(sig, focus=False))
        else:
            lines = [SignatoryInput(SignatoryRole.PERPETRATOR, s.person_name)]
            if s.needs_guardian:
                lines.append(SignatoryInput(SignatoryRole.GUARDIAN, ""))
            lines.append(SignatoryInput(SignatoryRole.HOUSING_OFFICER, s.housing_officer))
            lines.append(SignatoryInput(SignatoryRole.POLICE_OFFICER, ""))
            mounted += [self._add_signatory_row(sig, focus=False) for sig in lines]
        if s.locked:
            for widget in ("#start-on", "#end-on"):
                self.query_one(widget).disabled = True
        self.query_one("#start-on" if not s.locked else "#review-weeks").focus()
        for mounting in mounted:
            await mounting
        # The lines filled in above are where the officer starts, not something typed.
        self._remember_pristine()

    def restore_draft(self, values: dict[str, Any]) -> None:
        """Put a draft back: its condition and signature lines first, then every value."""
        self.run_worker(self._restore_lines(values), group="abc-restore")

    async def _restore_lines(self, values: dict[str, Any]) -> None:
        kept = {_line(k) for k in values if k.startswith(("cond-text-", "sig-name-"))}
        for row in [*self.query(".condition-row"), *self.query(".signatory-row")]:
            if _line(row.id or "") not in kept and not row.disabled:
                await row.remove()
        for n in sorted(kept):
            if self.query(f"#cond-row-{n}") or self.query(f"#sig-row-{n}"):
                continue
            self._next_row = n - 1
            if f"cond-text-{n}" in values:
                await self._add_condition_row(ConditionKind.PROHIBITION, "", focus=False)
            else:
                blank = SignatoryInput(SignatoryRole.PERPETRATOR, "")
                await self._add_signatory_row(blank, focus=False)
        self._next_row = max([self._next_row, *kept])
        restore_values(self, values)

    def _row_id(self) -> int:
        self._next_row += 1
        return self._next_row

    def _add_condition_row(self, kind: str, text: str, *, focus: bool = True) -> AwaitMount:
        n = self._row_id()
        kinds = [(Content(k.label), k.value) for k in ConditionKind]
        box = LongLine(text, id=f"cond-text-{n}", classes="cond-text", placeholder="I will not …")
        row = Horizontal(
            Select(kinds, value=kind, allow_blank=False, id=f"cond-kind-{n}", classes="cond-kind"),
            box,
            classes="abc-row condition-row",
            id=f"cond-row-{n}",
        )
        row.disabled = self.setup.locked
        mounting = self.query_one("#conditions").mount(row)
        if focus:
            self.call_after_refresh(self._focus_gap, box)
        return mounting

    def _focus_gap(self, box: LongLine) -> None:
        """Focus a condition and select its first {gap}, so typing fills it in."""
        box.focus()
        start = box.value.find("{")
        end = box.value.find("}", start)
        if start >= 0 and end > start:
            box.selection = Selection((0, start), (0, end + 1))

    def _add_signatory_row(self, sig: SignatoryInput, *, focus: bool = True) -> AwaitMount:
        n = self._row_id()
        roles = [(Content(r.label), r.value) for r in SignatoryRole]
        fixed = (sig.role, sig.name) in self.setup.signed_roles
        role = Select(
            roles,
            value=sig.role if sig.role in set(SignatoryRole) else SignatoryRole.PERPETRATOR,
            allow_blank=False,
            id=f"sig-role-{n}",
            classes="sig-role",
        )
        # A parent or guardian is found among the people already known, as anywhere a
        # person is entered; staff are not people of the case.
        row = PersonPicker(
            f"sig-name-{n}",
            value=sig.name,
            placeholder="Name",
            before=(role,),
            after=(
                Input(
                    sig.collar_number,
                    id=f"sig-collar-{n}",
                    classes="sig-collar",
                    placeholder="Collar no.",
                ),
                Input(
                    format_day(sig.signed_on) if sig.signed_on else "",
                    id=f"sig-date-{n}",
                    classes="sig-date",
                    placeholder="Signed on",
                ),
            ),
            searching=sig.role == SignatoryRole.GUARDIAN,
            name_classes="sig-name",
            classes="abc-row signatory-row",
            id=f"sig-row-{n}",
        )
        row.disabled = fixed
        mounting = self.query_one("#signatories").mount(row)
        if focus:
            self.call_after_refresh(role.focus)
        return mounting

    @on(Select.Changed, ".sig-role")
    def signatory_role_changed(self, event: Select.Changed) -> None:
        """Typing a parent or guardian's name looks for them among the people already known."""
        for picker in event.select.ancestors:
            if isinstance(picker, PersonPicker):
                picker.searching = event.value == SignatoryRole.GUARDIAN

    def action_add_template(self) -> None:
        """Pick a condition from the templates; its first gap is selected for typing."""
        if self.setup.locked:
            self.notify("The conditions were signed and cannot change.", severity="warning")
            return
        answers = [
            (Content.assemble((f"{t.kind.label}: ", "bold"), one_line(t.text)), t)
            for t in self.setup.templates
        ]

        def chosen(template: ConditionTemplate | None) -> None:
            if template is not None:
                self._add_condition_row(template.kind, template.text)

        self.app.push_screen(AbcChooseDialog("Add a condition", answers), chosen)

    def action_add_condition(self) -> None:
        """Add an empty condition to write in your own words."""
        if self.setup.locked:
            self.notify("The conditions were signed and cannot change.", severity="warning")
            return
        self._add_condition_row(ConditionKind.PROHIBITION, "")

    def action_add_signatory(self) -> None:
        """Add another signature line."""
        self._add_signatory_row(SignatoryInput(SignatoryRole.POLICE_OFFICER, ""))

    def action_remove_line(self) -> None:
        """Remove the condition or signature line that has the focus."""
        focused: Widget | None = self.focused
        row = next(
            (
                w
                for w in (focused.ancestors_with_self if focused else [])
                if isinstance(w, Widget) and w.has_class("abc-row")
            ),
            None,
        )
        if row is None or row.disabled:
            self.notify("Move to a condition or signature line first.", severity="warning")
            return
        siblings = list(row.parent.children) if row.parent else []
        index = siblings.index(row)
        row.remove()
        rest = [w for w in siblings if isinstance(w, Widget) and w is not row and not w.disabled]
        if rest:
            line = rest[min(index, len(rest) - 1)]
            self.call_after_refresh(line.query(".cond-text, .sig-name").first().focus)

    def collect(self) -> AbcInput:
        """The typed values; bad dates become messages against their fields."""
        s = self.setup
        errors: dict[str, str] = {}
        start = self._day("start-on", "Start", errors, "past") or s.today
        end_text = value_of(self, "end-on").strip()
        end = self._day("end-on", "End", errors, "future") if end_text else None
        weeks_text = value_of(self, "review-weeks").strip()
        weeks = int(weeks_text) if weeks_text.isdigit() else None
        if weeks is None:
            errors["review_weeks"] = "Review every how many weeks? Type a number, e.g. 4."
        conditions = [
            ConditionInput(
                text=row.query_one(".cond-text", LongLine).value,
                kind=str(row.query_one(".cond-kind", Select).value),
            )
            for row in self.query(".condition-row")
        ]
        signatories: list[SignatoryInput] = []
        for n, row in enumerate(self.query(".signatory-row")):
            signed_text = row.query_one(".sig-date", Input).value.strip()
            signed = None
            if signed_text:
                try:
                    signed = parse_day(signed_text, today=s.today, prefer="past")
                except WhenError as exc:
                    errors[f"signatories.{n}"] = f"Signatory {n + 1}: {exc}"
            signatories.append(
                SignatoryInput(
                    role=str(row.query_one(".sig-role", Select).value),
                    name=row.query_one(".sig-name", Input).value,
                    collar_number=row.query_one(".sig-collar", Input).value,
                    signed_on=signed,
                )
            )
        if errors:
            raise ValidationError(errors)
        return AbcInput(
            person_id=s.person_id,
            start_on=start,
            end_on=end,
            review_weeks=weeks,
            monitored_by=list(self.query_one("#monitored-by", SelectionList).selected),
            conditions=conditions,
            signatories=signatories,
            notes=value_of(self, "notes"),
        )

    def _day(
        self, field_id: str, label: str, errors: dict[str, str], prefer: Prefer
    ) -> date | None:
        try:
            return parse_day(value_of(self, field_id), today=self.setup.today, prefer=prefer)
        except WhenError as exc:
            errors[field_id.replace("-", "_")] = f"{label}: {exc}"
            return None

    def field_for(self, name: str) -> Widget | None:
        """The line or field a problem is about (a condition, a signatory, a date)."""
        head, _, index = name.partition(".")
        try:
            if head == "conditions" and index.isdigit():
                return list(self.query(".condition-row"))[int(index)].query_one(".cond-text")
            if head == "signatories" and index.isdigit():
                return list(self.query(".signatory-row"))[int(index)].query_one(".sig-name")
            simple = {
                "start_on": "#start-on",
                "end_on": "#end-on",
                "review_weeks": "#review-weeks",
                "monitored_by": "#monitored-by",
                "notes": "#notes",
            }
            if head in simple:
                return self.query_one(simple[head])
        except (IndexError, NoMatches):
            return None
        return None


def _line(widget_id: str) -> int:
    """The line number at the end of a line's widget id (``cond-text-3`` is 3), or -1."""
    tail = widget_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else -1
