"""The case file's keys: each with an id, a one-verb label and a tooltip.

The footer shows the few that matter most; the rest are in F1 and the palette.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

CASE_FILE_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="back", tooltip="Back to the caseload"),
    Binding(
        "i",
        "add_incident",
        "Incident",
        id="add-incident",
        tooltip="Record a new report on this case as an incident",
    ),
    Binding(
        "l",
        "log_contact",
        "Log contact",
        id="log-contact",
        tooltip="Log a letter, call, visit or message",
    ),
    Binding(
        "p",
        "add_person",
        "Person",
        id="add-person",
        show=False,
        tooltip="Add a victim, household member, perpetrator, witness or contact",
    ),
    Binding(
        "t",
        "add_action",
        "Action",
        id="add-action",
        show=False,
        tooltip="Add to the action plan",
    ),
    Binding(
        "v",
        "plan_visit",
        "Plan visit",
        id="plan-visit",
        tooltip="Plan a visit and its safety plan",
    ),
    Binding(
        "V", "list_visits", "Visits", id="list-visits", show=False, tooltip="This case's visits"
    ),
    Binding(
        "r",
        "assess_risk",
        "Assess risk",
        id="assess-risk",
        tooltip="Assess a victim's risk (or resume an unfinished assessment)",
    ),
    Binding(
        "R",
        "risk_history",
        "Risk history",
        id="risk-history",
        show=False,
        tooltip="Show how a victim's risk level changed over time",
    ),
    Binding(
        "g",
        "set_engagement",
        "Engagement",
        id="set-engagement",
        show=False,
        tooltip="Record the highlighted perpetrator's engagement",
    ),
    Binding(
        "x",
        "toggle_done",
        "Done",
        id="toggle-done",
        show=False,
        tooltip="Mark the highlighted action done (or not done)",
    ),
    Binding(
        "c",
        "consent",
        "Consent",
        id="consent",
        show=False,
        tooltip="Record or review the victim's consent",
    ),
    Binding(
        "d",
        "disclosures",
        "Disclosures",
        id="disclosures",
        show=False,
        tooltip="Open the disclosure log: what was shared, with whom, and why",
    ),
    Binding(
        "b",
        "abcs",
        "ABCs",
        id="abc",
        tooltip="Acceptable Behaviour Contracts on this case: draw up, review, breaches",
    ),
    Binding(
        "e",
        "ladder",
        "Ladder",
        id="ladder",
        show=False,
        tooltip="Enforcement ladder of the highlighted (or only) alleged perpetrator",
    ),
    Binding(
        "u",
        "edit_case",
        "Details",
        id="edit-case",
        show=False,
        tooltip="Edit category, strands, status, police references and summary",
    ),
    Binding(
        "h",
        "audit",
        "History",
        id="audit",
        show=False,
        tooltip="Show who created, changed or opened what in this case, newest first",
    ),
    Binding(
        "a",
        "reassign",
        "Reassign",
        id="reassign",
        show=False,
        tooltip="Give this case to another officer and their team (supervisors, team server)",
    ),
]
