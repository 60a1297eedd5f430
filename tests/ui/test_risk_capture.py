"""Capturing a risk assessment from the case file, by keyboard only."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from fieldcase.config import Settings
from fieldcase.db.models import Case, RiskAssessment
from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import Category, PartyRole, RiskLevel, Strand
from fieldcase.services import case_records, intake
from fieldcase.services import risk as risk_service
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.dialogs.risk_dialogs import (
    RiskNoteDialog,
    RiskOverrideDialog,
    RiskResumeDialog,
    RiskVictimDialog,
)
from fieldcase.ui.screens.case_file import CaseFileScreen
from fieldcase.ui.screens.risk_assessment import RiskAssessmentScreen
from fieldcase.ui.screens.risk_history import RiskHistoryScreen

MakeApp = Callable[..., FieldcaseApp]


def open_case(store: Store, victims: tuple[str, ...] = ("Amira Testcase",)) -> uuid.UUID:
    """A hate incident case with these victims and one alleged perpetrator."""
    people = [case_records.PersonInput(full_name=name) for name in victims]
    people.append(case_records.PersonInput(full_name="Dan Otherside", role=PartyRole.PERPETRATOR))
    with store.transaction() as session:
        case = intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_INCIDENT,
                strands=[Strand.RACE],
                address="12 Invented Row",
                postcode="ZZ1 1ZZ",
                people=people,
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=date(2026, 11, 20),
        )
        return case.id


async def at_case_file(pilot: Pilot[object], case_id: uuid.UUID) -> None:
    """Open the case file, as if the officer had chosen the case on the dashboard."""
    await pilot.pause()
    await pilot.app.push_screen(CaseFileScreen(case_id))
    await pilot.pause()


class KeyCounter:
    """Presses keys one at a time and counts them."""

    def __init__(self, pilot: Pilot[object]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
        await self.pilot.pause()


def text_of(pilot: Pilot[object], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def saved(store: Store) -> list[risk_service.AssessmentRecord]:
    with store.reading() as session:
        return [risk_service.record_of(r) for r in session.exec(select(RiskAssessment)).all()]


def case_level(store: Store, case_id: uuid.UUID) -> str:
    with store.reading() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.risk_level


# personal y, hostility y, repeat 3, violence y, impact n, vulnerability n,
# children y, unsafe n, perpetrator close y, moving n: 1+2+2+3+1+2 = 11, High.
FULL_ANSWERS = ["y", "y", "3", "enter", "y", "n", "n", "y", "n", "y", "n"]


class TestKeyboardSpeed:
    """A full assessment is quick."""

    async def test_full_default_assessment_in_at_most_15_keys(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """From the case file to saved: r, ten answers (one a count), s — 13 keys, no mouse."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            keys = KeyCounter(pilot)
            await keys.press("r")
            assert isinstance(app.screen, RiskAssessmentScreen)
            await keys.press(*FULL_ANSWERS)
            assert "Summary" in text_of(pilot, "#risk-summary Static")
            await keys.press("s")
            assert isinstance(app.screen, CaseFileScreen)
            assert keys.count <= 15
            assert keys.count == 13
            assert "High" in str(app.screen.query_one("#case-header", Static).render())
        (record,) = saved(store)
        assert record.score == 11
        assert record.final_level == RiskLevel.HIGH
        assert record.answers["repeat"] == 3
        assert record.assessor == "Officer Test"
        assert case_level(store, case_id) == RiskLevel.HIGH

    async def test_two_victims_need_one_more_key(self, store: Store, make_app: MakeApp) -> None:
        """With two victims the officer picks one by number; still within 15 keys."""
        case_id = open_case(store, victims=("Amira Testcase", "Yusuf Testcase"))
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            keys = KeyCounter(pilot)
            await keys.press("r")
            assert isinstance(app.screen, RiskVictimDialog)
            await keys.press("2")
            await keys.press(*FULL_ANSWERS, "s")
            assert keys.count == 14
        (record,) = saved(store)
        with store.reading() as session:
            second = risk_service.victims(session, case_id)[1]
        assert record.person_id == second.person_id


class TestAnswering:
    """Answering, going back, counts, notes and the running score."""

    async def test_score_and_level_update_as_answers_come(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """The running score and provisional level are on screen after every answer."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r")
            await pilot.pause()
            assert "Score 0 of 19" in text_of(pilot, "#risk-score")
            await pilot.press("y", "y", "3", "enter", "y")
            await pilot.pause()
            bar = text_of(pilot, "#risk-score")
            assert "Score 8 of 19" in bar
            assert "MEDIUM" in bar
            assert "4 of 10 answered" in bar
            assert "Question 5 of 10" in text_of(pilot, "#risk-progress")

    async def test_critical_yes_makes_it_high_at_once(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Feeling unsafe at home shows High straight away, whatever the score."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "n", "n", "0", "enter", "n", "n", "n", "n", "y")
            await pilot.pause()
            bar = text_of(pilot, "#risk-score")
            assert "Score 3 of 19" in bar, "below the Medium threshold of 6"
            assert "HIGH" in bar

    async def test_back_changes_an_answer(self, store: Store, make_app: MakeApp) -> None:
        """Backspace goes back to the last answer; a new key replaces it and moves on."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "y", "y", "backspace")
            await pilot.pause()
            assert "Question 2 of 10" in text_of(pilot, "#risk-progress")
            await pilot.press("n", "left", "left")
            await pilot.pause()
            assert "Question 1 of 10" in text_of(pilot, "#risk-progress")
            await pilot.press("right", "right")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RiskAssessmentScreen)
            assert screen.answers == {"personal": "yes", "hostility": "no"}
            assert "Question 3 of 10" in text_of(pilot, "#risk-progress")

    async def test_count_digits_can_be_rubbed_out(self, store: Store, make_app: MakeApp) -> None:
        """Backspace rubs out a digit before Enter; y and n do nothing on a count."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "n", "n", "1", "2", "backspace", "y", "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RiskAssessmentScreen)
            assert screen.answers["repeat"] == 1
            assert "Question 4 of 10" in text_of(pilot, "#risk-progress")

    async def test_count_question_says_what_count_scores(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """A count question says from which count it scores, not what a yes scores."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "n", "n")
            await pilot.pause()
            progress = text_of(pilot, "#risk-progress")
            assert "Question 3 of 10" in progress
            assert "3 or more scores 2 points" in progress
            assert "a yes" not in progress

    async def test_note_goes_on_the_answer_just_given_and_shows_literally(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """e after an answer notes that answer; markup in a note is shown as typed, and saved."""
        case_id = open_case(store)
        app = make_app(store)
        note = "[@click=app.quit]tyres[/] slashed"
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "y", "e")
            await pilot.pause()
            assert isinstance(app.screen, RiskNoteDialog)
            app.screen.query_one(Input).value = note
            await pilot.press("enter")
            await pilot.pause()
            assert note in text_of(pilot, "#risk-note")
            await pilot.press("y", "3", "enter", "y", "n", "n", "y", "n", "y", "n")
            await pilot.pause()
            assert note in text_of(pilot, "#risk-summary-notes")
            await pilot.press("s")
            await pilot.pause()
        (record,) = saved(store)
        assert record.notes == {"personal": note}


class TestOverride:
    """The officer may change the level, with a reason."""

    async def test_override_needs_a_reason_and_keeps_both_levels(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """o, 3 for High, a reason, Enter: saved with computed Standard and final High."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "n", "n", "0", "enter", "n", "n", "n", "n", "n", "n", "n")
            await pilot.press("o", "3")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, RiskOverrideDialog)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, "no reason, no override"
            assert "Say why" in str(dialog.query_one("#risk-override-error", Static).render())
            dialog.query_one(Input).value = "Police intelligence of planned attack"
            await pilot.press("enter")
            await pilot.pause()
            outcome = text_of(pilot, "#risk-outcome")
            assert "overridden: Police intelligence of planned attack" in outcome
            await pilot.press("s")
            await pilot.pause()
        (record,) = saved(store)
        assert (record.computed_level, record.final_level) == (RiskLevel.STANDARD, RiskLevel.HIGH)
        assert record.override_reason == "Police intelligence of planned attack"
        assert case_level(store, case_id) == RiskLevel.HIGH


class TestDraftsAndResume:
    """Nothing answered is lost."""

    async def test_leaving_keeps_a_draft_that_is_offered_again(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Escape mid-way keeps the answers; r offers to resume them where it stopped."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "y", "n", "4", "enter", "escape")
            await pilot.pause()
            assert isinstance(app.screen, CaseFileScreen)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, RiskResumeDialog)
            assert "3 of 10 questions answered" in str(
                app.screen.query_one("#risk-resume-text", Static).render()
            )
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RiskAssessmentScreen)
            assert screen.answers == {"personal": "yes", "hostility": "no", "repeat": 4}
            assert "Question 4 of 10" in text_of(pilot, "#risk-progress")

    async def test_discarding_starts_afresh(self, store: Store, make_app: MakeApp) -> None:
        """d on the resume offer throws the draft away and starts at question 1."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "y", "escape", "r", "d")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RiskAssessmentScreen)
            assert screen.answers == {}
            with store.reading() as session:
                assert risk_service.read_draft(session, case_id, screen.person_id) is None

    async def test_every_answer_is_in_the_draft_before_the_next_key(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Each answer is written to the encrypted draft at once (what a crash would keep)."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "y", "u")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RiskAssessmentScreen)
            with store.reading() as session:
                draft = risk_service.read_draft(session, case_id, screen.person_id)
            assert draft is not None
            assert draft.answers == {"personal": "yes", "hostility": "unknown"}
            assert draft.position == 2


class TestHistoryAndProblems:
    """History per victim, and a broken questionnaire file."""

    async def test_history_shows_each_assessment_and_a_trend(
        self, store: Store, make_app: MakeApp
    ) -> None:
        """Shift+R shows every saved assessment, newest first, with a bar per level."""
        case_id = open_case(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r", "n", "n", "0", "enter", "n", "n", "n", "n", "n", "n", "n", "s")
            await pilot.press("r", *FULL_ANSWERS, "s")
            await pilot.press("R")
            await pilot.pause()
            assert isinstance(app.screen, RiskHistoryScreen)
            trend = text_of(pilot, "#risk-trend")
            assert "▂▂ ██" in trend
            assert "2 assessment(s)" in text_of(pilot, "#risk-history-title")
            table = app.screen.query_one("#risk-history-table")
            assert table.row_count == 2  # type: ignore[attr-defined]

    async def test_broken_questionnaire_file_is_explained(
        self, store: Store, make_app: MakeApp, tmp_path: Path
    ) -> None:
        """An organisation's broken questionnaire is named with its problem; nothing starts."""
        bad = tmp_path / "ours.toml"
        bad.write_text('id = "ours"\nversion = "1"\n', encoding="utf-8")
        case_id = open_case(store)
        settings = Settings(officer_name="Officer Test", questionnaire_path=str(bad))
        app = make_app(store, settings=settings)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await at_case_file(pilot, case_id)
            await pilot.press("r")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, CaseFileScreen)
            shown = "".join(str(toast.render()) for toast in app.screen.query(Toast))
            shown = shown.replace("\n", "")
            assert str(bad) in shown
            assert "[thresholds] is missing" in shown


async def test_help_lists_the_assessment_keys(store: Store, make_app: MakeApp) -> None:
    """F1 during an assessment explains the one-key answers."""
    case_id = open_case(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_case_file(pilot, case_id)
        await pilot.press("r", "f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        shown = " ".join(" ".join(str(w.render()) for w in app.screen.query(Static)).split())
        assert "answer with one key: y yes, n no, u unknown" in shown
        assert "y Yes" in shown and "e Note" in shown


async def test_question_list_shows_every_question_in_full_at_80_columns(
    store: Store, make_app: MakeApp
) -> None:
    """At 80x24 the list of questions wraps a long question under itself rather than
    cutting it with an ellipsis while the answer columns beside it stand empty."""
    from fieldcase.ui.widgets.risk_answers import (
        BESIDE_QUESTION,
        MIN_QUESTION_WIDTH,
        RiskAnswerList,
    )

    case_id = open_case(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_case_file(pilot, case_id)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RiskAssessmentScreen)
        questionnaire = app.screen.questionnaire
        answer_list = app.screen.query_one(RiskAnswerList)
        shown = str(answer_list.render())
        assert "…" not in shown
        # The question column alone: past the number, before the answer columns.
        column = max(MIN_QUESTION_WIDTH, answer_list.content_size.width - BESIDE_QUESTION)
        flat = " ".join(" ".join(line[5 : 5 + column] for line in shown.splitlines()).split())
        for question in questionnaire.questions:
            assert " ".join(question.text.split()) in flat
