"""Recording a step on the enforcement ladder, or a partner's action, once it has been taken."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from fieldcase.domain.ladder import Agency, PartnerAction, PossessionGround, Rung, ServedHow
from fieldcase.domain.when import WhenError, format_day, parse_day
from fieldcase.services.enforcement import StepInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, value_of
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import choice_field, notes_field, text_field


class AbcStepDialog(FormDialog[StepInput, object]):
    """A step on the landlord's ladder, or a partner's action: what, who, when, how served,
    the possession ground, court details, documents and notes."""

    TITLE_TEXT = "Enforcement step"

    def __init__(
        self,
        save: Save[StepInput, object],
        *,
        today: date,
        initial: StepInput | None = None,
        suggested: Rung | None = None,
        suggested_ground: PossessionGround = PossessionGround.NOT_RECORDED,
        partner: bool = False,
    ) -> None:
        super().__init__(save)
        self.today = today
        self.initial = initial
        self.suggested = suggested
        self.suggested_ground = suggested_ground
        self.partner = partner or (initial is not None and initial.kind in set(PartnerAction))
        """A partner's action (council or police) rather than a step of the landlord's."""
        if self.partner:
            self.TITLE_TEXT = "Partner action (council or police)"

    def fields(self) -> ComposeResult:
        i = self.initial
        if self.partner:
            yield from choice_field("Action taken", "kind", PartnerAction, i.kind if i else None)
            yield from choice_field("Taken by", "agency", Agency, i.agency if i else None)
        else:
            kind = i.kind if i else (self.suggested.value if self.suggested else None)
            yield from choice_field("Step taken", "kind", Rung, kind)
        yield from text_field(
            "Taken or served on", "taken-on", format_day(i.taken_on if i else self.today)
        )
        yield from choice_field(
            "Served how (notices and letters)", "served-how", ServedHow, i.served_how if i else None
        )
        if not self.partner:
            yield from choice_field(
                "Ground (possession notice and claim)",
                "ground",
                PossessionGround,
                i.ground if i else self.suggested_ground,
            )
        yield from text_field("Court (injunctions, possession)", "court", i.court if i else "")
        yield from notes_field("Terms (granted injunctions)", "terms", i.terms if i else "")
        yield from text_field(
            "Expires on (blank if none)",
            "expires-on",
            format_day(i.expires_on) if i and i.expires_on else "",
        )
        yield from text_field(
            "Documents (references, where filed)", "documents", i.documents if i else ""
        )
        yield from notes_field("Notes", "notes", i.notes if i else "")

    def on_mount(self) -> None:
        self.query_one("#kind").focus()

    def collect(self) -> StepInput:
        """The typed values; bad dates are messages against their fields."""
        errors: dict[str, str] = {}
        taken = self.today
        try:
            taken = parse_day(value_of(self, "taken-on"), today=self.today, prefer="past")
        except WhenError as exc:
            errors["taken_on"] = f"Taken on: {exc}"
        expires_text = value_of(self, "expires-on").strip()
        expires = None
        if expires_text:
            try:
                expires = parse_day(expires_text, today=self.today, prefer="future")
            except WhenError as exc:
                errors["expires_on"] = f"Expires on: {exc}"
        if errors:
            raise ValidationError(errors)
        return StepInput(
            kind=choice_of(self, "kind"),
            taken_on=taken,
            served_how=choice_of(self, "served-how"),
            court=value_of(self, "court"),
            terms=value_of(self, "terms"),
            expires_on=expires,
            documents=value_of(self, "documents"),
            notes=value_of(self, "notes"),
            agency=choice_of(self, "agency") if self.partner else Agency.NOT_RECORDED,
            ground=PossessionGround.NOT_RECORDED if self.partner else choice_of(self, "ground"),
        )
