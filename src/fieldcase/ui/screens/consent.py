"""A case's consent: each victim's latest decision per kind, and the full history."""

from __future__ import annotations

import uuid
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain import dates
from fieldcase.domain.protection import ConsentKind, ConsentMethod
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import consent
from fieldcase.services.consent import (
    ConsentInput,
    ConsentPage,
    ConsentRecord,
    Decision,
    VictimConsent,
)
from fieldcase.services.errors import NotFound
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.consent_record import ConsentDialog
from fieldcase.ui.formatting import cell, label_of, local_datetime, short_date
from fieldcase.ui.keys import BACK, reworded
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.tables import highlighted_key, refill

KIND_COLUMNS = {
    ConsentKind.APPROACH_PERPETRATOR: "Approach perpetrator",
    ConsentKind.SHARE_POLICE: "Share with police",
    ConsentKind.REFER_SUPPORT: "Refer to support",
}


def decision_text(decision: Decision | None, today: date | None = None) -> Text:
    """A latest decision as a table cell: given, withdrawn or not recorded."""
    if decision is None:
        return Text("— not recorded", style="dim")
    when = short_date(dates.to_local(decision.recorded_at).date(), today)
    if decision.given:
        return Text(f"✓ given {when}", style="bold green")
    return Text(f"✗ withdrawn {when}", style="bold red")


class ConsentScreen(FieldcaseScreen[None]):
    """Consent: what each victim has agreed to, and every decision they have made."""

    HELP = (
        "Each victim's latest decision for each kind of consent: to approach the alleged "
        "perpetrator(s), to share information with the police, and to refer them to support "
        "services. The latest decision counts, so a withdrawal is recorded as a new decision. "
        "Highlight a victim and press g (given) or w (withdrawn)."
    )
    BINDINGS = [
        reworded(BACK, tooltip="Back to the case file"),
        Binding(
            "g",
            "record_given",
            "Given",
            id="consent-given",
            tooltip="Record that the highlighted victim gave consent",
        ),
        Binding(
            "w",
            "record_withdrawn",
            "Withdrawn",
            id="consent-withdrawn",
            tooltip="Record that the highlighted victim withdrew or refused consent",
        ),
    ]

    def __init__(self, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        self.page: ConsentPage | None = None
        """What the screen shows; None until the first load has finished."""

    @property
    def overview(self) -> list[VictimConsent]:
        """Each victim with their latest decisions (empty until loaded)."""
        return self.page.victims if self.page else []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="consent-header")
        with VerticalScroll(id="consent-body"):
            yield Static("Latest decision per victim and household member", classes="section-title")
            yield DataTable(id="consent-overview", cursor_type="row")
            yield Static("History (newest first)", classes="section-title")
            yield DataTable(id="consent-history", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        overview = self.query_one("#consent-overview", DataTable)
        overview.add_columns("Person", "Role", *KIND_COLUMNS.values())
        history = self.query_one("#consent-history", DataTable)
        history.add_columns("When", "Person", "Consent to", "Decision", "How", "By", "Notes")
        overview.focus()
        self.query_one("#consent-body").loading = True
        self.load()

    @work(exclusive=True, group="consent")
    async def load(self) -> None:
        """Read the case's consent off the interface thread, then redraw."""
        try:
            page = await self.app.run_service(consent.consent_page, self.case_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self.page = page
        self._draw(page)
        self.query_one("#consent-body").loading = False

    def _draw(self, page: ConsentPage) -> None:
        today = self.app.today()
        reference = page.case_reference
        self.sub_title = f"{reference} · consent"
        header = Content.assemble((reference, "bold"), "  ·  Consent")
        if not page.victims:
            header = Content.assemble(
                header, "\n", ("There is no victim on this case to give consent.", "bold")
            )
        self.query_one("#consent-header", Static).update(header)
        refill(
            self.query_one("#consent-overview", DataTable),
            [
                (
                    str(row.person_id),
                    [
                        cell(row.name, 30, style="bold"),
                        cell(label_of(PartyRole, row.role)),
                        *(decision_text(row.latest[kind], today) for kind in KIND_COLUMNS),
                    ],
                )
                for row in page.victims
            ],
        )
        refill(
            self.query_one("#consent-history", DataTable),
            [(str(record.id), _history_cells(record)) for record in page.history],
        )

    def _highlighted_victim(self) -> uuid.UUID | None:
        key = highlighted_key(self.query_one("#consent-overview", DataTable))
        return uuid.UUID(key) if key else None

    def _record(self, given: bool) -> None:
        if self.page is None:
            return
        if not self.overview:
            self.notify(
                "Add the victim to the case first: consent is recorded for a victim.",
                severity="warning",
            )
            return
        new_id = uuid.uuid4()  # before the first try: saving again never saves it twice

        async def save(data: ConsentInput) -> object:
            return await self.app.run_service(
                consent.record_consent,
                self.case_id,
                data,
                recorded_by=self.app.officer_name,
                now=self.app.now(),
                policy=self.app.settings.policy,
                new_id=new_id,
            )

        self.app.push_screen(
            ConsentDialog(
                save,
                now=self.app.now(),
                victims=[(row.name, row.person_id) for row in self.overview],
                person_id=self._highlighted_victim(),
                given=given,
            ).keep_case_draft("consent", self.case_id, f"Consent ({self.sub_title})"),
            self._saved,
        )

    def _saved(self, result: object) -> None:
        if result is not None:
            self.load()
            self.notify("Consent recorded.")

    def action_record_given(self) -> None:
        """Record that the highlighted victim gave consent."""
        self._record(True)

    def action_record_withdrawn(self) -> None:
        """Record that the highlighted victim withdrew or refused consent."""
        self._record(False)

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)


def _history_cells(record: ConsentRecord) -> list[Text]:
    """One decision in the consent history, as a row."""
    return [
        cell(local_datetime(record.recorded_at)),
        cell(record.person_name, 25),
        cell(label_of(ConsentKind, record.kind)),
        Text("given", style="green") if record.given else Text("withdrawn", style="red"),
        cell(label_of(ConsentMethod, record.method)),
        cell(record.recorded_by, 20),
        cell(record.notes, 50),
    ]
