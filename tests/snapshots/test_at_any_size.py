"""Every screen and dialog at the smallest supported terminal (80x24), a few at 200x60.

Each scene is driven by keyboard from the invented demo cases, as an officer
would reach it; the few dialogs the demo cannot reach (a missing consent, a
second victim, an interrupted assessment, changing the demo's published
passphrase) are opened directly. The audit history, whose demo times are those
of the run, has its 80x24 picture in test_audit_snapshots. A reviewer should
see, in every picture, the title of the screen or dialog, the label of the
focused field, and how to save or leave it; ticked boxes as ``[x]`` and
unticked as ``[ ]``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fieldcase.demo.build import STORY_VICTIM
from fieldcase.services import caseload
from fieldcase.services.risk import Victim
from fieldcase.tools import screenshots
from fieldcase.ui.app import FieldcaseApp
from fieldcase.ui.screens.case_file import CaseFileScreen

Run = Callable[[Pilot[Any]], Awaitable[None]]

settle = screenshots._settle


def keys(*pressed: str, start: Run | None = None) -> Run:
    """Start from a scene (the dashboard by default), then press keys one at a time."""

    async def run(pilot: Pilot[Any]) -> None:
        await (start or screenshots.dashboard)(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


def opened(make: Callable[[FieldcaseApp], Any], start: Run | None = None) -> Run:
    """Start from a scene, then open a dialog the demo data cannot reach by keys."""

    async def run(pilot: Pilot[Any]) -> None:
        await (start or screenshots.case_file)(pilot)
        app = pilot.app
        assert isinstance(app, FieldcaseApp)
        app.push_screen(make(app))
        await settle(pilot)

    return run


async def case_file(pilot: Pilot[Any]) -> None:
    """The design story's case file, opened from the caseload (looked up, not typed, to
    keep the many scenes that start here quick)."""
    await screenshots.dashboard(pilot)
    app = pilot.app
    assert isinstance(app, FieldcaseApp)
    found = app.store.run(caseload.caseload_page, STORY_VICTIM, page_size=1)
    app.push_screen(CaseFileScreen(found.rows[0].id))
    await settle(pilot)


briefing = screenshots.visit_briefing
RISK_ANSWERS = ("y", "y", "4", "enter", "y", "y", "y", "y", "y", "y", "y")
"""Every question of the default questionnaire answered (the third is a count)."""
GARY = ("down", "down", "down")
"""From the top of People on the story case to Gary Stroud, the engaged perpetrator."""


def consent_override(app: FieldcaseApp) -> Any:
    from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog

    return ConsentOverrideDialog(
        "Marta Nowicka has not consented to an approach to the alleged perpetrator "
        "(withdrawn on Mon 23 Nov 2026).",
        title="No consent to approach the alleged perpetrator",
    )


def rekey(app: FieldcaseApp) -> Any:
    from fieldcase.ui.dialogs.rekey import RekeyDialog

    return RekeyDialog(app.store, personal=[app.officer_name])


def risk_victims(app: FieldcaseApp) -> Any:
    from fieldcase.ui.dialogs.risk_dialogs import RiskVictimDialog

    victims = [
        Victim(uuid.UUID(int=1), "Marta Nowicka"),
        Victim(uuid.UUID(int=2), "Tomasz Nowicki"),
    ]
    return RiskVictimDialog(victims, title="Assess whose risk?", unfinished={uuid.UUID(int=2)})


def risk_resume(app: FieldcaseApp) -> Any:
    from fieldcase.ui.dialogs.risk_dialogs import RiskResumeDialog

    return RiskResumeDialog("Marta Nowicka", answered=4, total=10, saved_at=app.now())


def setup_screen(app: FieldcaseApp) -> Any:
    from fieldcase.ui.screens.setup import SetupScreen

    return SetupScreen(app.database, officer_name="")


@dataclass(frozen=True)
class Scene:
    """A picture and what a reviewer should see in it."""

    name: str
    run: Run
    sees: str


SCREENS = [
    Scene("dashboard", screenshots.dashboard, "My cases; Risk words (High, not assessed)."),
    Scene("new-case", keys("n"), "New case title, the category drop-down focused, Save key."),
    Scene("case-file", screenshots.case_file, "Found by name and opened: Risk: High in words."),
    Scene("case-visits", keys("V", start=case_file), "The case's visits, newest first."),
    Scene("visit-plan", keys("v", start=case_file), "Plan title, the type focused, cautions."),
    Scene("visit-briefing", briefing, "Briefing: when, where, cautions, safety plan."),
    Scene("agenda", keys("a"), "Visits needing attention first, in words."),
    Scene(
        "safety-board",
        screenshots.safety_board,
        "The red overdue bar; today's two visits, OVERDUE on top, each state in words.",
    ),
    Scene("risk-question", keys("r", start=case_file), "Question 1 and the y/n/u keys."),
    Scene(
        "risk-summary",
        keys("r", *RISK_ANSWERS, start=case_file),
        "Summary: the critical question in full, score, level in words, s to save.",
    ),
    Scene("risk-history", keys("R", start=case_file), "Trend and list of assessments."),
    Scene("consent", keys("c", start=case_file), "Each consent given or withdrawn in words."),
    Scene("disclosure-log", keys("d", start=case_file), "The s115 disclosure and its detail."),
    Scene("abc-list", keys("b", start=case_file), "Gary Stroud's ABC, Active."),
    Scene("abc-detail", keys("b", "enter", start=case_file), "Conditions, signatories."),
    Scene("abc-monitor", keys("m"), "Reviews due and overdue in words."),
    Scene("ladder", keys(*GARY, "e", start=case_file), "Gary Stroud's rungs; current rung."),
    Scene("help", keys("f1", start=case_file), "The case file's keys, Esc closes."),
    Scene("locked", screenshots.locked, "Nothing about the case; passphrase field."),
    Scene("unlock", screenshots.unlock, "Passphrase field and how to unlock."),
    Scene("setup", opened(setup_screen), "Name and passphrase twice, Create key."),
    Scene("reports", keys("f"), "Reports: the period and its figures, its keys."),
    Scene("duplicates", keys("d"), "People and addresses that may be recorded twice."),
    Scene("chronology", keys("y", start=case_file), "The case's chronology and one entry."),
    Scene("attachments", keys("f", start=case_file), "The case's attachments, n attaches."),
]

DIALOGS = [
    Scene("person", keys("p", start=case_file), "Person title, Role focused, Save bar."),
    Scene("incident", keys("i", start=case_file), "Incident title, When focused, Save bar."),
    Scene("contact", keys("l", start=case_file), "Contact title, When focused, Save bar."),
    Scene("action", keys("t", start=case_file), "Action title, What focused, Save bar."),
    Scene("case-details", keys("u", start=case_file), "Case details, Race ticked [x]."),
    Scene("engagement", keys(*GARY, "g", start=case_file), "Gary Stroud's engagement, Engaged."),
    Scene(
        "discard-question",
        keys("t", "x", "escape", start=case_file),
        "Close without saving what you typed? Two answers.",
    ),
    Scene("consent-override", opened(consent_override), "Whose consent is missing; reason."),
    Scene("consent-record", keys("c", "g", start=case_file), "Consent given: victim, kinds."),
    Scene("disclosure", keys("d", "a", start=case_file), "Disclosure title, agency focused."),
    Scene("rekey", opened(rekey), "Change passphrase: the rules, three fields, Change key."),
    Scene("risk-victim", opened(risk_victims), "Two victims by number, one unfinished."),
    Scene("risk-resume", opened(risk_resume), "4 of 10 answered; Enter resumes, d discards."),
    Scene("risk-note", keys("r", "y", "e", start=case_file), "The question and the note field."),
    Scene(
        "risk-override",
        keys("r", *RISK_ANSWERS, "o", start=case_file),
        "The computed level in words; three levels by number; the reason.",
    ),
    Scene("visit-caution", keys("c", start=briefing), "Caution marker: where, kind, note."),
    Scene(
        "visit-export",
        keys("a", "x", *"~/calendar.ics"),
        "The file name typed in full; address unticked [ ].",
    ),
    Scene("visit-outcome", keys("a", "o"), "Outcome of the visit that needs one; [ ] unsafe."),
    Scene("abc-choose", keys("b", "n", start=case_file), "Which alleged perpetrator? Two."),
    Scene(
        "abc-form",
        keys("b", "n", "down", "enter", start=case_file),
        "ABC title, start date focused, monitored by [x] housing and police, Save bar.",
    ),
    Scene("abc-review", keys("b", "enter", "r", start=case_file), "ABC review: result, notes."),
    Scene("abc-breach", keys("b", "enter", "b", start=case_file), "Breach: conditions [ ]."),
    Scene("abc-status", keys("b", "enter", "s", start=case_file), "Now Active; new status."),
    Scene(
        "ladder-step",
        keys(*GARY, "e", "a", start=case_file),
        "Enforcement step title, step focused.",
    ),
    Scene(
        "partner-action", keys(*GARY, "e", "p", start=case_file), "Partner action title, Save bar."
    ),
    Scene("dialog-help", keys("l", "f1", start=case_file), "Contact's help: ctrl+s, esc."),
    Scene("letter", keys("w", start=case_file), "Letter title, its first field, Save bar."),
    Scene("close-case", keys("C", start=case_file), "Close the case: outcome, Save bar."),
    Scene(
        "chronology-export",
        keys("y", "x", "tab", *"~/chronology.pdf", start=case_file),
        "Export the chronology: format, the file name typed in full, redact [ ], Save bar.",
    ),
    Scene("attach", keys("f", "n", start=case_file), "Attach a file: path, description."),
]

LARGE = [
    Scene("incident-large", keys("i", start=case_file), "Whole incident form, title on top."),
    Scene("contact-large", keys("l", start=case_file), "Whole contact form and its help."),
    Scene(
        "abc-form-large",
        keys("b", "n", "down", "enter", "ctrl+t", "down", "enter", start=case_file),
        "Whole ABC form; the second template's condition wraps in full, its gap selected.",
    ),
    Scene("case-file-large", case_file, "Every section of the case file."),
]


def shoot(snap_compare: Any, demo_dir: Path, scene: Scene, size: tuple[int, int]) -> bool:
    """Compare one scene on the demo database against its stored snapshot."""
    app = screenshots.demo_app(demo_dir)
    return bool(snap_compare(app, run_before=scene.run, terminal_size=size))


@pytest.mark.parametrize("scene", SCREENS, ids=lambda s: s.name)
def test_screen_at_80x24(snap_compare: Any, demo_dir: Path, scene: Scene) -> None:
    """A screen at 80x24: its title, its keys in the footer, nothing needed cut off."""
    assert shoot(snap_compare, demo_dir, scene, (80, 24)), scene.sees


@pytest.mark.parametrize("scene", DIALOGS, ids=lambda s: s.name)
def test_dialog_at_80x24(snap_compare: Any, demo_dir: Path, scene: Scene) -> None:
    """A dialog at 80x24: title, focused field with its label, Save and Cancel, own footer."""
    assert shoot(snap_compare, demo_dir, scene, (80, 24)), scene.sees


@pytest.mark.parametrize("scene", LARGE, ids=lambda s: s.name)
def test_at_200x60(snap_compare: Any, demo_dir: Path, scene: Scene) -> None:
    """At 200x60 the dialog opens with its title and first field at the top, nothing cut."""
    assert shoot(snap_compare, demo_dir, scene, (200, 60)), scene.sees
