"""ABC services on a real encrypted store: drawing up, signing, reviews, breaches, monitoring."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.db.models import AbcAgreement, AbcCondition, AuditEvent, EnforcementStep
from fieldcase.db.store import Store
from fieldcase.domain.abc import AbcStatus, Compliance, ReviewState, Substantiated
from fieldcase.domain.ladder import Rung
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_agreements, abc_monitoring, abc_reviews, abc_templates, abc_views
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_reviews import BreachInput, ReviewInput
from fieldcase.services.case_file import load_case_file
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import EditConflict, ValidationError
from fieldcase.services.intake import NewCaseInput, create_case

TODAY = date(2026, 3, 10)
POLICY = Policy()


def make_case(store: Store, *, perpetrators: list[PersonInput] | None = None) -> uuid.UUID:
    """A hate case with a victim and the given alleged perpetrators."""
    people = [PersonInput("Zofia Wiśniewska", PartyRole.VICTIM)]
    people += perpetrators or [PersonInput("Dean Marsh", PartyRole.PERPETRATOR)]
    with store.transaction() as session:
        case = create_case(
            session,
            NewCaseInput(
                category="hate_crime",
                strands=["race"],
                address="14 Larch Close",
                postcode="ZZ1 4AB",
                people=people,
            ),
            officer_name="Officer Test",
            policy=POLICY,
            today=date(2026, 2, 2),
        )
        return case.id


def perpetrator_id(store: Store, case_id: uuid.UUID, n: int = 0) -> uuid.UUID:
    with store.reading() as session:
        return abc_views.perpetrators(session, case_id)[n].person_id


def signed_input(person_id: uuid.UUID, **changes: object) -> AbcInput:
    """A complete ABC for an adult, signed by everyone on 2 March 2026."""
    signed = date(2026, 3, 2)
    data = AbcInput(
        person_id=person_id,
        start_on=signed,
        conditions=[
            ConditionInput("I will not verbally abuse the residents of 14 Larch Close."),
            ConditionInput("I will engage with Brightway Youth Service.", "requirement"),
            ConditionInput("I will not damage vehicles parked on Larch Close."),
        ],
        signatories=[
            SignatoryInput("perpetrator", "Dean Marsh", signed),
            SignatoryInput("housing_officer", "Officer Test", signed),
            SignatoryInput("police_officer", "PC Amira Lowe", signed, "4521"),
        ],
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def create(store: Store, case_id: uuid.UUID, data: AbcInput) -> uuid.UUID:
    with store.transaction() as session:
        return abc_agreements.create_abc(session, case_id, data, policy=POLICY, today=TODAY).id


def view(store: Store, abc_id: uuid.UUID) -> abc_views.AbcView:
    with store.reading() as session:
        return abc_views.load_abc(session, abc_id)


class TestDrawingUp:
    def test_fully_signed_abc_comes_into_force(self, store: Store) -> None:
        """Signed by the person, housing and police, it is active; first review in 4 weeks."""
        case_id = make_case(store)
        abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
        v = view(store, abc_id)
        assert v.status == AbcStatus.ACTIVE
        assert v.abc.end_on == date(2026, 9, 2)
        assert v.abc.next_review_on == date(2026, 3, 30)
        assert v.missing == []

    def test_conditions_are_numbered_prohibitions_first(self, store: Store) -> None:
        """Prohibitions come before positive requirements on the agreement, in typed order."""
        case_id = make_case(store)
        abc_id = create(store, case_id, signed_input(perpetrator_id(store, case_id)))
        assert [c.kind for c in view(store, abc_id).conditions] == [
            "prohibition",
            "prohibition",
            "requirement",
        ]

    def test_signing_puts_the_abc_on_the_ladder(self, store: Store) -> None:
        """Coming into force records the ABC rung, dated the last signature."""
        case_id = make_case(store)
        person = perpetrator_id(store, case_id)
        abc_id = create(store, case_id, signed_input(person))
        with store.reading() as session:
            steps = [
                (s.kind, s.taken_on, s.abc_id)
                for s in session.exec(
                    select(EnforcementStep).where(EnforcementStep.person_id == person)
                ).all()
            ]
        assert steps == [(Rung.ABC, date(2026, 3, 2), abc_id)]

    def test_unsigned_abc_stays_draft(self, store: Store) -> None:
        """Without the police officer's signature date the ABC is a draft with no review yet."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        data.signatories[2].signed_on = None
        abc_id = create(store, case_id, data)
        v = view(store, abc_id)
        assert v.status == AbcStatus.DRAFT
        assert v.missing == ["police_officer"]
        assert v.abc.next_review_on is None

    def test_housing_only_abc_needs_no_police_signature(self, store: Store) -> None:
        """When housing alone monitors it, the person and housing officer suffice."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id), monitored_by=["housing"])
        data.signatories.pop()
        assert view(store, create(store, case_id, data)).status == AbcStatus.ACTIVE

    def test_under_18_needs_a_guardian(self, store: Store) -> None:
        """A 16-year-old's ABC is refused until a parent or guardian is added to sign."""
        case_id = make_case(
            store,
            perpetrators=[
                PersonInput("Kai Marsh", PartyRole.PERPETRATOR, date_of_birth=date(2009, 7, 1))
            ],
        )
        data = signed_input(perpetrator_id(store, case_id))
        with pytest.raises(ValidationError) as exc:
            create(store, case_id, data)
        assert "under 18" in exc.value.errors["signatories"]
        data.signatories.append(SignatoryInput("guardian", "Lorraine Marsh", date(2026, 3, 2)))
        v = view(store, create(store, case_id, data))
        assert v.status == AbcStatus.ACTIVE
        assert [s.role for s in v.signatories] == [
            "perpetrator",
            "guardian",
            "housing_officer",
            "police_officer",
        ]

    @pytest.mark.parametrize(
        ("change", "field", "words"),
        [
            ({"conditions": []}, "conditions", "at least one"),
            (
                {"conditions": [ConditionInput("Not to enter {street}.")]},
                "conditions.0",
                "{street}",
            ),
            ({"conditions": [ConditionInput("   ")]}, "conditions.0", "no words"),
            ({"end_on": date(2026, 3, 1)}, "end_on", "after the start"),
            ({"review_weeks": 0}, "review_weeks", "1 to 26"),
            ({"monitored_by": []}, "monitored_by", "who monitors"),
            ({"signatories": []}, "signatories", "the person, housing officer, police officer"),
            (
                {"signatories": [SignatoryInput("police_officer", "PC Lowe")]},
                "signatories.0",
                "collar number",
            ),
            (
                {"signatories": [SignatoryInput("perpetrator", "Dean", TODAY + timedelta(1))]},
                "signatories.0",
                "future",
            ),
        ],
    )
    def test_bad_input_is_refused_with_a_message(
        self, store: Store, change: dict[str, object], field: str, words: str
    ) -> None:
        """Each problem names its field, says what to do, and nothing is written."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id), **change)
        with pytest.raises(ValidationError) as exc:
            create(store, case_id, data)
        assert words in exc.value.errors[field]
        with store.reading() as session:
            assert session.exec(select(AbcAgreement)).all() == []
            assert session.exec(select(AbcCondition)).all() == []

    def test_only_an_alleged_perpetrator_can_have_an_abc(self, store: Store) -> None:
        """Choosing the victim is refused."""
        case_id = make_case(store)
        with store.reading() as session:
            victim_id = (
                load_case_file(session, case_id, record_view=False)
                .people_in(PartyRole.VICTIM)[0]
                .person.id
            )
        with pytest.raises(ValidationError) as exc:
            create(store, case_id, signed_input(victim_id))
        assert "alleged perpetrator" in exc.value.errors["person_id"]

    def test_creating_is_audited(self, store: Store) -> None:
        """The audit trail shows the ABC, its conditions and signatories against the case."""
        case_id = make_case(store)
        create(store, case_id, signed_input(perpetrator_id(store, case_id)))
        with store.reading() as session:
            entities = session.exec(
                select(AuditEvent.entity).where(AuditEvent.case_id == case_id)
            ).all()
        assert {"abcagreement", "abccondition", "abcsignatory", "enforcementstep"} <= set(entities)


class TestEditing:
    def test_draft_becomes_active_when_the_last_signature_is_added(self, store: Store) -> None:
        """Adding the police officer's signing date to a draft brings it into force."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        data.signatories[2].signed_on = None
        abc_id = create(store, case_id, data)
        data.signatories[2].signed_on = date(2026, 3, 4)
        data.conditions.append(
            ConditionInput("I will keep to my tenancy agreement.", "requirement")
        )
        with store.transaction() as session:
            abc_agreements.update_abc(
                session,
                abc_id,
                data,
                expected_version=view(store, abc_id).abc.version,
                policy=POLICY,
                today=TODAY,
            )
        v = view(store, abc_id)
        assert v.status == AbcStatus.ACTIVE
        assert len(v.conditions) == 4

    def test_signed_conditions_cannot_change(self, store: Store) -> None:
        """Once signed, changing a condition is refused with what to do instead."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        abc_id = create(store, case_id, data)
        data.conditions[0].text = "Something softer."
        with store.transaction() as session, pytest.raises(ValidationError) as exc:
            abc_agreements.update_abc(
                session,
                abc_id,
                data,
                expected_version=view(store, abc_id).abc.version,
                policy=POLICY,
                today=TODAY,
            )
        assert "End this ABC early" in exc.value.errors["conditions"]

    def test_signed_abc_can_change_cadence_and_notes(self, store: Store) -> None:
        """The review cadence and notes stay editable; the next review moves with the cadence."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        abc_id = create(store, case_id, data)
        with store.transaction() as session:
            abc_agreements.update_abc(
                session,
                abc_id,
                replace(data, review_weeks=2, notes="Joint monitoring with PC Lowe"),
                expected_version=view(store, abc_id).abc.version,
                policy=POLICY,
                today=TODAY,
            )
        v = view(store, abc_id)
        assert (v.abc.review_weeks, v.abc.next_review_on) == (2, date(2026, 3, 16))
        assert v.abc.notes == "Joint monitoring with PC Lowe"

    def test_stale_edit_is_refused(self, store: Store) -> None:
        """An edit made from an out-of-date form raises a conflict instead of overwriting."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        abc_id = create(store, case_id, data)
        with store.transaction() as session, pytest.raises(EditConflict):
            abc_agreements.update_abc(
                session, abc_id, data, expected_version=0, policy=POLICY, today=TODAY
            )


def active_abc(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    case_id = make_case(store)
    return case_id, create(store, case_id, signed_input(perpetrator_id(store, case_id)))


def review(store: Store, abc_id: uuid.UUID, data: ReviewInput, today: date = TODAY) -> None:
    with store.transaction() as session:
        abc_reviews.record_review(session, abc_id, data, today=today)


class TestReviews:
    def test_next_review_is_scheduled_from_this_review(self, store: Store) -> None:
        """A review on 30 March schedules the next for 27 April."""
        _, abc_id = active_abc(store)
        review(
            store,
            abc_id,
            ReviewInput(date(2026, 3, 30), Compliance.COMPLIED),
            today=date(2026, 4, 1),
        )
        v = view(store, abc_id)
        assert v.abc.next_review_on == date(2026, 4, 27)
        assert v.reviews[0].reviewer == "Officer Test"

    def test_officer_can_bring_the_next_review_forward(self, store: Store) -> None:
        """After concerns the officer may set an earlier next review."""
        _, abc_id = active_abc(store)
        review(
            store,
            abc_id,
            ReviewInput(
                TODAY,
                Compliance.CONCERNS,
                "Seen near the victim's car",
                next_review_on=date(2026, 3, 17),
            ),
        )
        assert view(store, abc_id).abc.next_review_on == date(2026, 3, 17)

    def test_last_review_falls_on_the_end_date(self, store: Store) -> None:
        """A review near the end schedules the next one no later than the end date."""
        _, abc_id = active_abc(store)
        review(
            store,
            abc_id,
            ReviewInput(date(2026, 8, 20), Compliance.COMPLIED),
            today=date(2026, 8, 21),
        )
        assert view(store, abc_id).abc.next_review_on == date(2026, 9, 2)

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            (ReviewInput(TODAY + timedelta(days=1), Compliance.COMPLIED), "reviewed_on"),
            (ReviewInput(date(2026, 3, 1), Compliance.COMPLIED), "reviewed_on"),
            (ReviewInput(TODAY, "fine"), "compliance"),
            (ReviewInput(TODAY, Compliance.CONCERNS, " "), "notes"),
            (ReviewInput(TODAY, Compliance.COMPLIED, next_review_on=TODAY), "next_review_on"),
        ],
    )
    def test_bad_review_is_refused(self, store: Store, data: ReviewInput, field: str) -> None:
        """Future or pre-start dates, unknown findings and unexplained concerns are refused."""
        _, abc_id = active_abc(store)
        with pytest.raises(ValidationError) as exc:
            review(store, abc_id, data)
        assert field in exc.value.errors
        assert view(store, abc_id).reviews == []

    def test_draft_cannot_be_reviewed(self, store: Store) -> None:
        """A draft is not in force, so there is nothing to review."""
        case_id = make_case(store)
        data = signed_input(perpetrator_id(store, case_id))
        data.signatories[0].signed_on = None
        abc_id = create(store, case_id, data)
        with pytest.raises(ValidationError) as exc:
            review(store, abc_id, ReviewInput(TODAY, Compliance.COMPLIED))
        assert "not signed yet" in exc.value.errors["status"]


def breach(store: Store, abc_id: uuid.UUID, **kw: object) -> abc_reviews.BreachOutcome:
    v = view(store, abc_id)
    base: dict[str, object] = {
        "occurred_on": date(2026, 3, 8),
        "condition_ids": [v.conditions[0].id],
        "description": "Shouted abuse at the victim over the fence.",
        "reported_by": "Zofia Wiśniewska (victim)",
    }
    base.update(kw)
    with store.transaction() as session:
        return abc_reviews.record_breach(session, abc_id, BreachInput(**base), today=TODAY)  # type: ignore[arg-type]


class TestBreaches:
    def test_substantiated_breach_suggests_an_injunction(self, store: Store) -> None:
        """After an ABC, a substantiated breach suggests applying for a civil injunction."""
        _, abc_id = active_abc(store)
        outcome = breach(store, abc_id, substantiated=Substantiated.YES)
        assert outcome.suggestion is not None
        assert outcome.suggestion.rung == Rung.INJUNCTION_APPLIED

    def test_serious_harm_suggests_an_injunction_without_notice(self, store: Store) -> None:
        """With a serious risk of harm the injunction may be sought without notice."""
        _, abc_id = active_abc(store)
        outcome = breach(store, abc_id, substantiated=Substantiated.YES, serious_harm=True)
        assert outcome.suggestion is not None
        assert outcome.suggestion.rung == Rung.INJUNCTION_APPLIED
        assert "without notice" in outcome.suggestion.reason

    def test_pending_breach_suggests_nothing_until_substantiated(self, store: Store) -> None:
        """A pending report gives no suggestion; marking it substantiated later does."""
        _, abc_id = active_abc(store)
        outcome = breach(store, abc_id)
        assert outcome.suggestion is None
        b = outcome.breach
        data = BreachInput(
            b.occurred_on,
            [uuid.UUID(i) for i in b.conditions.split(",")],
            b.description,
            b.reported_by,
            substantiated=Substantiated.YES,
            response="warning",
            response_notes="Warning given at a joint visit with PC Lowe.",
        )
        with store.transaction() as session:
            updated = abc_reviews.update_breach(
                session, b.id, data, expected_version=b.version, today=TODAY
            )
        assert updated.suggestion is not None
        v = view(store, abc_id)
        assert v.substantiated_breaches == 1
        assert v.breached_numbers(v.breaches[0]) == [1]

    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"occurred_on": date(2026, 3, 1)}, "occurred_on"),
            ({"occurred_on": TODAY + timedelta(days=1)}, "occurred_on"),
            ({"condition_ids": []}, "condition_ids"),
            ({"condition_ids": [uuid.uuid4()]}, "condition_ids"),
            ({"description": ""}, "description"),
            ({"reported_by": " "}, "reported_by"),
            ({"substantiated": "maybe"}, "substantiated"),
            ({"response": "shrug"}, "response"),
        ],
    )
    def test_bad_breach_is_refused(self, store: Store, kw: dict[str, object], field: str) -> None:
        """A breach needs a date in the ABC, its conditions, what happened and who reported it."""
        _, abc_id = active_abc(store)
        with pytest.raises(ValidationError) as exc:
            breach(store, abc_id, **kw)
        assert field in exc.value.errors
        assert view(store, abc_id).breaches == []


class TestStatus:
    def test_marked_breached_after_a_substantiated_breach(self, store: Store) -> None:
        """With a substantiated breach the ABC can be marked breached; reviews stop."""
        _, abc_id = active_abc(store)
        breach(store, abc_id, substantiated=Substantiated.YES)
        with store.transaction() as session:
            abc_agreements.change_status(session, abc_id, AbcStatus.BREACHED, today=TODAY)
        v = view(store, abc_id)
        assert (v.status, v.abc.ended_on, v.abc.next_review_on) == (AbcStatus.BREACHED, TODAY, None)

    def test_refused_move_gives_the_reason(self, store: Store) -> None:
        """Completing before the end date is refused, and nothing changes."""
        _, abc_id = active_abc(store)
        with store.transaction() as session, pytest.raises(ValidationError) as exc:
            abc_agreements.change_status(session, abc_id, AbcStatus.COMPLETED, today=TODAY)
        assert "runs until 02 Sep 2026" in exc.value.errors["status"]
        assert view(store, abc_id).status == AbcStatus.ACTIVE

    def test_ended_early_keeps_the_reason(self, store: Store) -> None:
        """Ending early records why and when."""
        _, abc_id = active_abc(store)
        with store.transaction() as session:
            abc_agreements.change_status(
                session, abc_id, AbcStatus.ENDED_EARLY, today=TODAY, reason="Moved out of the area"
            )
        v = view(store, abc_id)
        assert (v.abc.end_reason, v.abc.ended_on) == ("Moved out of the area", TODAY)


class TestMonitoring:
    def test_monitoring_picture(self, store: Store) -> None:
        """Active ABCs, reviews due or overdue, ABCs ending soon, recent substantiated breaches."""
        case_id = make_case(
            store,
            perpetrators=[
                PersonInput("Dean Marsh", PartyRole.PERPETRATOR),
                PersonInput("Gary Holt", PartyRole.PERPETRATOR),
            ],
        )
        first = create(store, case_id, signed_input(perpetrator_id(store, case_id, 0)))
        second_data = signed_input(
            perpetrator_id(store, case_id, 1),
            start_on=date(2025, 9, 20),
            end_on=date(2026, 3, 20),
        )
        second_data.signatories[0].name = "Gary Holt"
        for s in second_data.signatories:
            s.signed_on = date(2025, 9, 20)
        second = create(store, case_id, second_data)
        breach(store, first, substantiated=Substantiated.YES)
        breach(store, first, occurred_on=date(2026, 3, 9))
        today = date(2026, 3, 25)
        with store.reading() as session:
            m = abc_monitoring.monitoring(session, today=today)
        assert [r.abc_id for r in m.active] == [second, first]
        assert {r.abc_id: r.review_state for r in m.reviews_due} == {
            second: ReviewState.OVERDUE,
            first: ReviewState.DUE,
        }
        assert [r.abc_id for r in m.ending_soon] == [second]
        assert m.ending_soon[0].days_left(today) == -5
        assert [b.abc_id for b in m.recent_breaches] == [first]
        with store.reading() as session:
            later = abc_monitoring.monitoring(session, today=date(2026, 4, 9))
        assert later.recent_breaches == []

    def test_ended_abcs_drop_out_of_monitoring(self, store: Store) -> None:
        """An ABC ended early is no longer monitored."""
        _, abc_id = active_abc(store)
        with store.transaction() as session:
            abc_agreements.change_status(
                session, abc_id, AbcStatus.ENDED_EARLY, today=TODAY, reason="Moved"
            )
        with store.reading() as session:
            assert abc_monitoring.monitoring(session, today=TODAY).active == []


class TestTemplates:
    def test_packaged_templates_include_prohibitions_and_requirements(self) -> None:
        """The shipped list offers both kinds, with gaps to fill."""
        templates = abc_templates.packaged_templates()
        kinds = {t.kind for t in templates}
        assert kinds == {"prohibition", "requirement"}
        assert any("{address}" in t.placeholders for t in templates)

    def test_organisation_file_replaces_the_packaged_list(self, tmp_path: Path) -> None:
        """A file saved in the data folder is used instead of the shipped one."""
        (tmp_path / "abc_conditions.toml").write_text(
            '[[condition]]\nkey = "own"\nkind = "requirement"\ntext = "Attend the mediation."\n',
            encoding="utf-8",
        )
        assert [t.key for t in abc_templates.condition_templates(tmp_path)] == ["own"]
