"""Record a disclosure to another agency in the case's disclosure log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.app import ComposeResult

from fieldcase.domain.protection import AgencyKind, DisclosureMethod, Gateway
from fieldcase.services.disclosure import DisclosureInput
from fieldcase.services.errors import ValidationError
from fieldcase.ui.dialogs.case_items import choice_of, day_of, value_of
from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog
from fieldcase.ui.dialogs.form import FormDialog, Save
from fieldcase.ui.widgets.fields import choice_field, notes_field, text_field

OVERRIDE = "consent_override_reason"


class DisclosureDialog(FormDialog[DisclosureInput, object]):
    """Log what was shared, with whom, on what legal gateway, and why."""

    TITLE_TEXT = "Disclosure"
    HELP = (
        "Every field is needed except the rank and the gateway detail (needed for 'Other'). "
        "A disclosure to the police without the victim's consent to share, on an 'Other' "
        "gateway, asks for the reason before it is saved. The consent gateway needs the "
        "consent itself: without it, record the consent first or choose another gateway."
    )

    def __init__(self, save: Save[DisclosureInput, object], *, today: date) -> None:
        """Build the dialog.

        Args:
            save: Saves the typed disclosure (raises ValidationError for bad input).
            today: Today's local date, for typed dates like "today" or "-3".
        """
        super().__init__(save)
        self.today = today
        self.override_reason = ""

    def fields(self) -> ComposeResult:
        yield from text_field("Requesting agency", "agency", placeholder="e.g. Northvale Police")
        yield from choice_field("Kind of agency", "agency-kind", AgencyKind)
        yield from text_field("Requesting officer's name", "requesting-officer")
        yield from text_field("Their rank or role", "requesting-rank")
        yield from text_field("Date requested (dd/mm/yyyy, today, -3)", "requested-on", "today")
        yield from choice_field("Legal gateway", "gateway", Gateway, Gateway.S115_CDA_1998)
        yield from text_field("Gateway detail (for 'Other')", "gateway-detail")
        yield from text_field("Purpose", "purpose")
        yield from text_field("Data subjects (who it is about)", "data-subjects")
        yield from notes_field("What was asked for", "requested-info")
        yield from notes_field("What was disclosed", "disclosed-info")
        yield from notes_field("Why necessary and proportionate", "necessity")
        yield from text_field("Approved by", "approved-by")
        yield from text_field("Date disclosed", "disclosed-on", "today")
        yield from choice_field("How it was disclosed", "method", DisclosureMethod)

    def on_mount(self) -> None:
        self.query_one("#agency").focus()

    def _day(self, field_id: str) -> date | None:
        return day_of(self, field_id, today=self.today, prefer="past")

    def collect(self) -> DisclosureInput:
        """The typed disclosure; raises WhenError for a bad date."""
        return DisclosureInput(
            agency=value_of(self, "agency"),
            agency_kind=choice_of(self, "agency-kind"),
            requesting_officer=value_of(self, "requesting-officer"),
            requesting_rank=value_of(self, "requesting-rank"),
            requested_on=self._day("requested-on"),
            gateway=choice_of(self, "gateway"),
            gateway_detail=value_of(self, "gateway-detail"),
            purpose=value_of(self, "purpose"),
            data_subjects=value_of(self, "data-subjects"),
            requested_info=value_of(self, "requested-info"),
            disclosed_info=value_of(self, "disclosed-info"),
            necessity=value_of(self, "necessity"),
            approved_by=value_of(self, "approved-by"),
            disclosed_on=self._day("disclosed-on"),
            method=choice_of(self, "method"),
            consent_override_reason=self.override_reason,
        )

    async def submit(self, data: DisclosureInput) -> object:
        """Save; when only the consent reason is missing, ask for it first."""
        try:
            return await super().submit(data)
        except ValidationError as exc:
            if set(exc.errors) != {OVERRIDE}:
                # The reason is asked for once the rest is right, in its own dialog.
                raise ValidationError(
                    {k: v for k, v in exc.errors.items() if k != OVERRIDE}
                ) from exc
            reason = await self.app.ask(
                ConsentOverrideDialog(
                    exc.errors[OVERRIDE], title="No consent to share with the police"
                )
            )
        if reason is None:
            raise ValidationError(
                {"": "Not saved: a reason is needed to disclose to the police without consent."}
            )
        self.override_reason = reason
        return await super().submit(replace(data, consent_override_reason=reason))
