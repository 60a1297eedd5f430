"""Incident types: what officers record, and an "other" incident that says what it was."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import IncidentType, PartyRole, incident_kinds_text
from fieldcase.services import case_file
from fieldcase.services.case_records import IncidentInput, PersonInput, validate_incident
from fieldcase.services.errors import ValidationError
from fieldcase.services.intake import NewCaseInput, create_case

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_the_types_officers_record() -> None:
    """Seventeen types, in the order the form lists them, "other" last."""
    assert [t.label for t in IncidentType] == [
        "Noise",
        "Intimidation",
        "Harassment",
        "Verbal abuse",
        "Threats",
        "Physical violence",
        "Criminal damage",
        "Vehicle damage",
        "Graffiti",
        "Drugs",
        "Alcohol-related",
        "Online abuse",
        "Hate mail",
        "Arson",
        "Pets and animals",
        "Rubbish and fly-tipping",
        "Other",
    ]


@pytest.mark.parametrize(
    ("kinds", "other_kind", "error"),
    [
        (["other"], "", "other_kind"),
        (["noise", "other"], "   ", "other_kind"),
        (["assault"], "", "kinds"),
        (["online"], "", "kinds"),
        ([], "", "kinds"),
        (["other"], "Off-road bikes on the green", None),
        (["physical_violence", "online_abuse"], "", None),
    ],
)
def test_incident_types_are_checked(kinds: list[str], other_kind: str, error: str | None) -> None:
    """Only current types are accepted, and an "other" incident says what it was."""
    data = IncidentInput(NOW, kinds, description="What happened.", other_kind=other_kind)
    errors = validate_incident(data, now=NOW)
    assert list(errors) == ([error] if error else [])


@pytest.mark.parametrize(
    ("stored", "other_kind", "text"),
    [
        ("noise,other", "Off-road bikes", "Noise, Other: Off-road bikes"),
        ("other", "", "Other"),
        ("alcohol_related,drugs", "", "Alcohol-related, Drugs"),
        ("retired_type", "", "Retired type"),
    ],
)
def test_incident_types_as_officers_read_them(stored: str, other_kind: str, text: str) -> None:
    """Labels, with what an "other" incident was; an unknown stored value still reads."""
    assert incident_kinds_text(stored, other_kind) == text


def _case_with(store: Store, incident: IncidentInput) -> list[tuple[str, str]]:
    with store.transaction() as session:
        case = create_case(
            session,
            NewCaseInput(
                category="nuisance_asb",
                strands=[],
                address="3 Birch Row",
                people=[PersonInput("Ayşe Demir", PartyRole.VICTIM)],
                incident=incident,
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=date(2026, 3, 10),
            now=NOW,
        )
        file = case_file.load_case_file(session, case.id, record_view=False)
        return [(i.kinds, i.other_kind) for i in file.incidents]


def test_what_an_other_incident_was_is_kept(store: Store) -> None:
    """The case's first incident keeps the officer's words for an "other" incident."""
    incident = IncidentInput(
        NOW, ["other", "noise"], description="Bikes at night.", other_kind=" Off-road bikes "
    )
    assert _case_with(store, incident) == [("noise,other", "Off-road bikes")]


def test_other_detail_is_dropped_without_other(store: Store) -> None:
    """Detail typed for "other" is not kept once "other" is unticked."""
    incident = IncidentInput(NOW, ["drugs"], description="Needles.", other_kind="Needles")
    assert _case_with(store, incident) == [("drugs", "")]


def test_a_new_case_with_an_undescribed_other_incident_is_refused(store: Store) -> None:
    """The message points at the "other" detail of the first incident."""
    with pytest.raises(ValidationError) as exc:
        _case_with(store, IncidentInput(NOW, ["other"], description="Something happened."))
    assert "incident.other_kind" in exc.value.errors
