"""A victim's risk assessments over time: a trend line, the list, and each one's answers."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from fieldcase.domain import dates
from fieldcase.domain.risk import Questionnaire, Scoring, score_answers
from fieldcase.domain.text import one_line
from fieldcase.domain.vocab import RiskLevel
from fieldcase.services import risk as risk_service
from fieldcase.services.risk import AssessmentRecord, VictimHistory
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.text import literal, literal_line
from fieldcase.ui.widgets.footer import Footer
from fieldcase.ui.widgets.risk_answers import RiskAnswerList
from fieldcase.ui.widgets.risk_level import LEVEL_STYLES
from fieldcase.ui.widgets.risk_trend import RiskTrend


class RiskHistoryScreen(FieldcaseScreen[None]):
    """How one victim's risk changed, assessment by assessment."""

    HELP = (
        "Every saved risk assessment of this victim on this case. The trend shows the final "
        "level of each, oldest on the left. Move through the list with the arrows: the "
        "answers, notes and any override of the highlighted assessment show below. Escape "
        "goes back."
    )

    BINDINGS = [
        Binding("escape", "back", "Back", id="back-from-history", tooltip="Back to the case file"),
    ]

    def __init__(
        self,
        case_id: uuid.UUID,
        person_id: uuid.UUID,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        """Show one victim's history on one case.

        Args:
            case_id: The case.
            person_id: The victim.
            questionnaire: The current questionnaire, to show answers with their questions
                (answers from another questionnaire are shown by question id).
        """
        super().__init__()
        self.case_id = case_id
        self.person_id = person_id
        self.questionnaire = questionnaire
        self.records: list[AssessmentRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="risk-history-title")
        yield RiskTrend(id="risk-trend")
        yield DataTable(id="risk-history-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="risk-history-detail"):
            yield Static(id="risk-history-outcome")
            yield RiskAnswerList(id="risk-history-answers")
            yield Static(id="risk-history-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        self._load()

    @work(exclusive=True, group="risk-history")
    async def _load(self) -> None:
        history = await self.app.run_service(risk_service.history_of, self.case_id, self.person_id)
        self.records = history.records
        self._show_title(history)
        self.query_one(RiskTrend).show([r.final_level for r in self.records])
        self._fill_table()
        if self.records:
            self._show_detail(self.records[-1])
        else:
            self.query_one("#risk-history-outcome", Static).update(
                Content.styled("No assessment of this victim has been saved yet.", "dim")
            )

    def _show_title(self, history: VictimHistory) -> None:
        self.sub_title = history.case_reference
        self.query_one("#risk-history-title", Static).update(
            Content.assemble(
                ("Risk history", "bold"),
                "  ·  ",
                history.case_reference,
                "  ·  ",
                (one_line(history.victim_name, 40), "bold"),
                "  ·  ",
                (f"{len(self.records)} assessment(s)", "dim"),
            )
        )

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for name in ("Assessed", "Score", "Computed", "Final", "Override reason", "By", "Review"):
            table.add_column(name, key=name)
        today = self.app.today()
        for record in reversed(self.records):
            review = record.next_review_on
            table.add_row(
                Text(_when(record)),
                Text(str(record.score), justify="right"),
                _level_cell(record.computed_level),
                _level_cell(record.final_level),
                Text(one_line(record.override_reason, 40)),
                Text(one_line(record.assessor, 20)),
                Text(
                    f"{review.day} {review:%b %Y}" if review else "—",
                    style="bold red"
                    if review and review < today and record is self.records[-1]
                    else "",
                ),
                key=str(record.id),
            )
        table.loading = False
        table.focus()

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the answers of the highlighted assessment."""
        key = event.row_key.value
        record = next((r for r in self.records if str(r.id) == key), None)
        if record is not None:
            self._show_detail(record)

    def _show_detail(self, record: AssessmentRecord) -> None:
        outcome = [
            Content.assemble(
                (_when(record), "bold"),
                "  by ",
                literal_line(record.assessor, 30),
                f"  ·  score {record.score}  ·  computed ",
                (f" {record.computed_level.label.upper()} ", LEVEL_STYLES[record.computed_level]),
                "  final ",
                (f" {record.final_level.label.upper()} ", LEVEL_STYLES[record.final_level]),
            )
        ]
        if record.overridden:
            outcome.append(
                Content.assemble(("Override reason: ", "bold"), literal(record.override_reason))
            )
        self.query_one("#risk-history-outcome", Static).update(Content("\n").join(outcome))
        answers = self.query_one("#risk-history-answers", RiskAnswerList)
        q = self.questionnaire
        if q is not None and q.id == record.questionnaire_id:
            known = {k: v for k, v in record.answers.items() if k in {x.id for x in q.questions}}
            try:
                scoring = score_answers(q, known)
            except ValueError:
                scoring = Scoring(score=record.score, level=record.final_level)
            answers.show(q, known, record.notes, scoring)
            labels = {x.id: f"{i}. " for i, x in enumerate(q.questions, start=1)}
        else:
            answers.update(
                Content("\n").join(
                    Content.assemble(literal_line(k, 30), "  ", one_line(str(v)))
                    for k, v in record.answers.items()
                )
            )
            labels = {}
        notes = [
            Content.assemble(("✎ ", "italic"), (labels.get(qid, f"{qid}: "), "bold"), literal(note))
            for qid, note in record.notes.items()
        ]
        self.query_one("#risk-history-notes", Static).update(Content("\n").join(notes))

    def action_back(self) -> None:
        """Back to the case file."""
        self.dismiss(None)


def _when(record: AssessmentRecord) -> str:
    local = dates.to_local(record.assessed_at)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def _level_cell(level: RiskLevel) -> Text:
    return Text(f" {level.label} ", style=_RICH_STYLES[level])


_RICH_STYLES = {
    RiskLevel.HIGH: "bold white on dark_red",
    RiskLevel.MEDIUM: "bold black on dark_orange",
    RiskLevel.STANDARD: "bold black on green",
}
