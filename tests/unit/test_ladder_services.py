"""The enforcement ladder service: recording steps, the timeline, the suggestion after a breach."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from fieldcase.db.store import Store
from fieldcase.domain.abc import Substantiated
from fieldcase.domain.ladder import PartnerAction, PossessionGround, Rung
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_agreements, abc_reviews, abc_views, enforcement
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput
from fieldcase.services.case_records import PersonInput
from fieldcase.services.enforcement import StepInput
from fieldcase.services.errors import ValidationError
from fieldcase.services.intake import NewCaseInput, create_case

TODAY = date(2026, 3, 10)
POLICY = Policy()


def case_and_perpetrator(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    with store.transaction() as session:
        case = create_case(
            session,
            NewCaseInput(
                category="personal_asb",
                strands=[],
                address="3 Birch Row",
                people=[
                    PersonInput("Ayşe Demir", PartyRole.VICTIM),
                    PersonInput("Ross Keane", PartyRole.PERPETRATOR),
                ],
            ),
            officer_name="Officer Test",
            policy=POLICY,
            today=date(2026, 1, 5),
        )
        person = abc_views.perpetrators(session, case.id)[0].person_id
        return case.id, person


def add(store: Store, case_id: uuid.UUID, person: uuid.UUID, data: StepInput) -> None:
    with store.transaction() as session:
        enforcement.add_step(session, case_id, person, data, today=TODAY)


def ladder(store: Store, person: uuid.UUID) -> enforcement.Ladder:
    with store.reading() as session:
        return enforcement.ladder_for(session, person)


def test_timeline_and_current_rung(store: Store) -> None:
    """Steps show oldest first and the current rung is the highest reached."""
    case_id, person = case_and_perpetrator(store)
    add(store, case_id, person, StepInput("tenancy_breach_warning", date(2026, 2, 1), "by_hand"))
    add(store, case_id, person, StepInput("verbal_warning", date(2026, 1, 20)))
    lad = ladder(store, person)
    assert [s.rung for s in lad.steps] == [Rung.VERBAL_WARNING, Rung.TENANCY_BREACH_WARNING]
    assert [s.case_reference for s in lad.steps] == ["FC-2026-0001"] * 2
    assert lad.current == Rung.TENANCY_BREACH_WARNING
    assert lad.next_rung == Rung.ABC
    assert lad.open_breach is None and lad.suggestion is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (StepInput("caution", TODAY), "kind"),
        (StepInput("verbal_warning", TODAY + timedelta(days=1)), "taken_on"),
        (StepInput("tenancy_breach_warning", TODAY), "served_how"),
        (StepInput("warning_letter", TODAY, "pigeon"), "served_how"),
        (StepInput("injunction_applied", TODAY), "court"),
        (StepInput("injunction_granted", TODAY, court="Mapleford County Court"), "terms"),
        (
            StepInput("injunction_granted", TODAY, court="C", terms="T", expires_on=TODAY),
            "expires_on",
        ),
        (StepInput("injunction_breach_proved", TODAY), "court"),
        (StepInput("notice_seeking_possession", TODAY, "by_hand"), "ground"),
        (StepInput("possession_claim", TODAY, court="C", ground="ground_8"), "ground"),
        (StepInput("verbal_warning", TODAY, ground="ground_14"), "ground"),
        (StepInput("warning_letter", TODAY, "by_hand", agency="police"), "agency"),
        (StepInput("community_protection_warning", TODAY), "agency"),
        (StepInput("closure_order", TODAY, agency="landlord"), "agency"),
        (
            StepInput("criminal_behaviour_order", TODAY, agency="police", ground="absolute"),
            "ground",
        ),
    ],
)
def test_bad_step_is_refused(store: Store, data: StepInput, field: str) -> None:
    """Notices say how they were served; court steps name the court; granted ones their terms;
    possession steps their ground; partner actions which partner took them."""
    case_id, person = case_and_perpetrator(store)
    with pytest.raises(ValidationError) as exc:
        add(store, case_id, person, data)
    assert field in exc.value.errors
    assert ladder(store, person).steps == []


def test_injunction_with_court_details(store: Store) -> None:
    """A granted injunction keeps its court, terms, expiry and documents."""
    case_id, person = case_and_perpetrator(store)
    add(
        store,
        case_id,
        person,
        StepInput(
            "injunction_granted",
            date(2026, 3, 2),
            court="Mapleford County Court",
            terms="Not to enter Birch Row; not to contact Ayşe Demir.",
            expires_on=date(2027, 3, 2),
            documents="Sealed order ref 2026-INJ-0042",
        ),
    )
    step = ladder(store, person).steps[0].step
    assert (step.court, step.expires_on) == ("Mapleford County Court", date(2027, 3, 2))


def test_only_perpetrators_have_a_ladder(store: Store) -> None:
    """A step for someone who is not an alleged perpetrator on the case is refused."""
    case_id, _ = case_and_perpetrator(store)
    with pytest.raises(ValidationError):
        add(store, case_id, uuid.uuid4(), StepInput("verbal_warning", TODAY))


def breach_of_an_abc(store: Store, case_id: uuid.UUID, person: uuid.UUID, on: date) -> None:
    """An ABC signed on 2 Feb 2026 and a substantiated breach of it on the day given."""
    signed = date(2026, 2, 2)
    with store.transaction() as session:
        abc = abc_agreements.create_abc(
            session,
            case_id,
            AbcInput(
                person_id=person,
                start_on=signed,
                monitored_by=["housing"],
                conditions=[ConditionInput("I will not play loud music after 11pm.")],
                signatories=[
                    SignatoryInput("perpetrator", "Ross Keane", signed),
                    SignatoryInput("housing_officer", "Officer Test", signed),
                ],
            ),
            policy=POLICY,
            today=TODAY,
        )
        cond = abc_views.load_abc(session, abc.id).conditions[0].id
        abc_reviews.record_breach(
            session,
            abc.id,
            BreachInput(
                on,
                [cond],
                "Music until 3am, witnessed by a neighbour.",
                "Neighbour at no. 5",
                substantiated=Substantiated.YES,
            ),
            today=TODAY,
        )


def test_after_an_abc_breach_the_suggestion_is_an_injunction(store: Store) -> None:
    """After an ABC breach the ladder suggests a civil injunction; a partner's action does not
    answer the breach, the landlord's next step does."""
    case_id, person = case_and_perpetrator(store)
    breach_of_an_abc(store, case_id, person, date(2026, 3, 6))
    lad = ladder(store, person)
    assert lad.current == Rung.ABC
    assert lad.open_breach is not None
    assert lad.suggestion is not None
    assert lad.suggestion.rung == Rung.INJUNCTION_APPLIED
    add(
        store,
        case_id,
        person,
        StepInput("community_protection_warning", date(2026, 3, 8), agency="council"),
    )
    lad = ladder(store, person)
    assert [r.partner_action for r in lad.partner_actions] == [
        PartnerAction.COMMUNITY_PROTECTION_WARNING
    ]
    assert lad.suggestion is not None and lad.current == Rung.ABC
    add(
        store,
        case_id,
        person,
        StepInput("injunction_applied", date(2026, 3, 9), court="Mapleford County Court"),
    )
    lad = ladder(store, person)
    assert lad.current == Rung.INJUNCTION_APPLIED
    assert lad.suggestion is None


def test_once_an_injunction_breach_is_proved_possession_on_the_absolute_ground(
    store: Store,
) -> None:
    """A later ABC breach after a proved injunction breach suggests a notice of seeking
    possession on the absolute ground."""
    case_id, person = case_and_perpetrator(store)
    add(
        store,
        case_id,
        person,
        StepInput("injunction_breach_proved", date(2026, 2, 20), court="Mapleford County Court"),
    )
    breach_of_an_abc(store, case_id, person, date(2026, 3, 6))
    suggestion = ladder(store, person).suggestion
    assert suggestion is not None
    assert (suggestion.rung, suggestion.ground) == (
        Rung.NOTICE_SEEKING_POSSESSION,
        PossessionGround.ABSOLUTE,
    )


@pytest.mark.parametrize(
    ("proved_on", "refused"),
    [(None, True), (date(2026, 3, 5), True), (date(2026, 3, 2), False)],
)
def test_the_absolute_ground_needs_a_proved_injunction_breach(
    store: Store, proved_on: date | None, refused: bool
) -> None:
    """A notice on the absolute ground on 3 March needs an injunction breach proved by then."""
    case_id, person = case_and_perpetrator(store)
    if proved_on is not None:
        add(store, case_id, person, StepInput("injunction_breach_proved", proved_on, court="C"))
    notice = StepInput("notice_seeking_possession", date(2026, 3, 3), "by_hand", ground="absolute")
    if refused:
        with pytest.raises(ValidationError) as exc:
            add(store, case_id, person, notice)
        assert "ground" in exc.value.errors
    else:
        add(store, case_id, person, notice)
        assert ladder(store, person).current == Rung.NOTICE_SEEKING_POSSESSION


@pytest.mark.parametrize(
    ("warned_on", "refused"),
    [(None, True), (date(2026, 3, 4), True), (date(2026, 3, 1), False), (date(2026, 3, 3), False)],
)
def test_a_community_protection_notice_follows_a_warning(
    store: Store, warned_on: date | None, refused: bool
) -> None:
    """A partner's community protection notice is recorded only after a warning."""
    case_id, person = case_and_perpetrator(store)
    if warned_on is not None:
        add(
            store,
            case_id,
            person,
            StepInput("community_protection_warning", warned_on, agency="council"),
        )
    notice = StepInput("community_protection_notice", date(2026, 3, 3), agency="council")
    if refused:
        with pytest.raises(ValidationError) as exc:
            add(store, case_id, person, notice)
        assert "kind" in exc.value.errors
    else:
        add(store, case_id, person, notice)
        lad = ladder(store, person)
        assert lad.current is None
        assert [r.step.kind for r in lad.partner_actions][-1] == "community_protection_notice"


def test_a_recorded_step_can_be_corrected(store: Store) -> None:
    """Correcting a step's kind and date moves the current rung with it."""
    case_id, person = case_and_perpetrator(store)
    add(store, case_id, person, StepInput("verbal_warning", date(2026, 1, 20)))
    step = ladder(store, person).steps[0].step
    with store.transaction() as session:
        enforcement.update_step(
            session,
            step.id,
            StepInput("warning_letter", date(2026, 1, 21), "first_class_post", notes="Corrected"),
            expected_version=step.version,
            today=TODAY,
        )
    assert ladder(store, person).current == Rung.WARNING_LETTER
