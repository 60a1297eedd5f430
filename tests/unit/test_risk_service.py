"""Saving risk assessments on a real encrypted store: case level, review dates, drafts."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldcase.db.models import AuditEvent, Case, Draft, RiskAssessment
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.domain.risk import NO, UNKNOWN, YES, Questionnaire, load_questionnaire
from fieldcase.domain.vocab import Category, ContactMethod, PartyRole, RiskLevel, Strand
from fieldcase.services import case_file, case_records, caseload, contact_records, drafts, intake
from fieldcase.services import risk as risk_service
from fieldcase.services.contact_records import ContactInput
from fieldcase.services.errors import ValidationError
from tests.conftest import TEST_PASSPHRASE

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
OPENED = date(2026, 3, 2)


@pytest.fixture
def questionnaire() -> Questionnaire:
    return load_questionnaire()


def all_no(q: Questionnaire) -> dict[str, str | int]:
    return {x.id: NO for x in q.questions} | {"repeat": 0}


def open_case(store: Store, policy: Policy, victims: tuple[str, ...] = ("Amira Testcase",)) -> Case:
    people = [case_records.PersonInput(full_name=name) for name in victims]
    people.append(case_records.PersonInput(full_name="Dan Otherside", role=PartyRole.PERPETRATOR))
    with store.transaction() as session:
        return intake.create_case(
            session,
            intake.NewCaseInput(
                category=Category.HATE_INCIDENT,
                strands=[Strand.RACE],
                address="12 Invented Row",
                postcode="ZZ1 1ZZ",
                people=people,
            ),
            officer_name="Officer Test",
            policy=policy,
            today=OPENED,
        )


def keep(session: Session, draft: risk_service.AssessmentDraft, title: str = "Risk") -> None:
    """Keep the assessment in progress as the screen does, through the general drafts."""
    drafts.save_draft(session, draft.key, title, draft.payload(), now=NOW)


def victim_ids(store: Store, case_id: uuid.UUID) -> list[uuid.UUID]:
    with store.reading() as session:
        return [v.person_id for v in risk_service.victims(session, case_id)]


def save(store: Store, case: Case, person_id: uuid.UUID, q: Questionnaire, **kw: object) -> None:
    args: dict[str, object] = {
        "answers": all_no(q),
        "assessor": "Officer Test",
        "now": NOW,
        "policy": Policy(),
    } | kw
    with store.transaction() as session:
        risk_service.save_assessment(
            session,
            case_id=case.id,
            person_id=person_id,
            questionnaire=q,
            **args,  # type: ignore[arg-type]
        )


class TestSaving:
    """Saving an assessment."""

    def test_stores_answers_notes_score_levels_assessor_and_review(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Everything asked and decided is kept, with the next review date from policy."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        answers = all_no(questionnaire) | {"violence": YES, "impact": YES, "repeat": 4}
        answers["children"] = UNKNOWN
        save(
            store,
            case,
            victim,
            questionnaire,
            answers=answers,
            notes={"violence": "Car [b]tyres[/b] slashed"},
            override_level=RiskLevel.HIGH,
            override_reason="Police report escalation",
        )
        with store.reading() as session:
            (row,) = session.exec(select(RiskAssessment)).all()
            record = risk_service.record_of(row)
        assert record.answers == answers
        assert record.notes == {"violence": "Car [b]tyres[/b] slashed"}
        assert record.score == 3 + 2 + 2
        assert (record.computed_level, record.final_level) == (RiskLevel.MEDIUM, RiskLevel.HIGH)
        assert record.overridden
        assert record.override_reason == "Police report escalation"
        assert record.assessor == "Officer Test"
        assert record.assessed_at == NOW
        assert record.next_review_on == date(2026, 3, 10) + timedelta(days=7)
        assert (record.questionnaire_id, record.questionnaire_version) == (
            "fieldcase-victim-risk",
            "1",
        )

    def test_sets_case_level_review_and_contact_cadence(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """The case takes the level; next contact follows that level's update cadence."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        with store.transaction() as session:
            contact_records.add_contact(
                session,
                case.id,
                ContactInput(
                    at=datetime(2026, 3, 9, 12, 0, tzinfo=UTC),
                    method=ContactMethod.VISIT,
                    person_id=victim,
                ),
                policy=policy,
            )
            before = session.get(Case, case.id)
            assert before is not None
            assert before.next_contact_due == date(2026, 3, 9) + timedelta(days=28)
        save(store, case, victim, questionnaire, answers=all_no(questionnaire) | {"unsafe": YES})
        with store.reading() as session:
            after = session.get(Case, case.id)
            assert after is not None
            assert after.risk_level == RiskLevel.HIGH
            assert after.review_due == date(2026, 3, 17)
            assert after.next_contact_due == date(2026, 3, 9) + timedelta(days=7)

    def test_latest_assessment_sets_the_case_level(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """A later assessment, of any victim on the case, replaces the case's level."""
        case = open_case(store, policy, victims=("Amira Testcase", "Yusuf Testcase"))
        first, second = victim_ids(store, case.id)
        high = all_no(questionnaire) | {"unsafe": YES}
        save(store, case, first, questionnaire, answers=high)
        save(store, case, second, questionnaire, now=NOW + timedelta(days=1))
        with store.reading() as session:
            after = session.get(Case, case.id)
            assert after is not None
            assert after.risk_level == RiskLevel.STANDARD
            assert after.review_due == date(2026, 3, 17), "earliest review among the victims"

    def test_saving_is_audited(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """The new assessment and the case's new level appear in the audit trail."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        save(store, case, victim, questionnaire)
        with store.reading() as session:
            events = session.exec(
                select(AuditEvent.action, AuditEvent.entity).where(AuditEvent.case_id == case.id)
            ).all()
        assert ("create", "riskassessment") in events
        assert ("update", "case") in events

    def test_high_cases_sort_first_on_the_caseload(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Once assessed High, a case comes before Standard ones on the dashboard."""
        first = open_case(store, policy, victims=("Amira Testcase",))
        second = open_case(store, policy, victims=("Yusuf Testcase",))
        save(store, first, victim_ids(store, first.id)[0], questionnaire)
        high = all_no(questionnaire) | {"unsafe": YES}
        save(store, second, victim_ids(store, second.id)[0], questionnaire, answers=high)
        with store.reading() as session:
            rows = caseload.search_cases(session, today=OPENED)
        assert [(r.id, r.risk_level) for r in rows] == [
            (second.id, RiskLevel.HIGH),
            (first.id, RiskLevel.STANDARD),
        ]


class TestRefusals:
    """Assessments that cannot be saved write nothing."""

    @pytest.mark.parametrize(
        ("override", "answers", "field", "message"),
        [
            ({"override_level": RiskLevel.HIGH}, {}, "override_reason", "Say why"),
            ({}, {"repeat": "yes"}, "answers.repeat", "Enter a number"),
            ({}, {"personal": "maybe"}, "answers.personal", "yes, no or unknown"),
            ({}, {"not_a_question": YES}, "answers", "Not questions of this questionnaire"),
        ],
    )
    def test_invalid_assessment_writes_nothing(
        self,
        store: Store,
        policy: Policy,
        questionnaire: Questionnaire,
        override: dict[str, object],
        answers: dict[str, object],
        field: str,
        message: str,
    ) -> None:
        """A bad assessment is refused with a message for the field; the draft survives."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(case.id, victim, questionnaire.id, "1", {"x": YES})
        with store.transaction() as session:
            keep(session, draft)
        with pytest.raises(ValidationError) as err:
            save(
                store,
                case,
                victim,
                questionnaire,
                answers=all_no(questionnaire) | answers,
                **override,
            )
        assert message in err.value.errors[field]
        with store.reading() as session:
            assert session.exec(select(RiskAssessment)).all() == []
            assert session.get(Case, case.id).risk_level == ""  # type: ignore[union-attr]
            assert risk_service.read_draft(session, case.id, victim) is not None

    def test_every_question_needs_an_answer(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """An unfinished assessment is refused, naming the questions still to answer."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        answers = all_no(questionnaire)
        del answers["hostility"], answers["moving"]
        with pytest.raises(ValidationError) as err:
            save(store, case, victim, questionnaire, answers=answers)
        assert err.value.errors["answers"].endswith("Still to answer: hostility, moving.")

    def test_only_a_victim_can_be_assessed(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Assessing someone who is not a victim on the case is refused."""
        case = open_case(store, policy)
        with store.reading() as session:
            perpetrator = next(
                p.person.id
                for p in case_file.load_case_file(session, case.id, record_view=False).parties
                if p.party.role == PartyRole.PERPETRATOR
            )
        with pytest.raises(ValidationError) as err:
            save(store, case, perpetrator, questionnaire)
        assert "victim" in err.value.errors["person"]


class TestHistory:
    """A victim's assessments over time."""

    def test_history_is_per_victim_oldest_first(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """History lists one victim's assessments in date order, not the other victim's."""
        case = open_case(store, policy, victims=("Amira Testcase", "Yusuf Testcase"))
        first, second = victim_ids(store, case.id)
        high = all_no(questionnaire) | {"unsafe": YES}
        save(store, case, first, questionnaire, answers=high, now=NOW + timedelta(days=14))
        save(store, case, first, questionnaire, now=NOW)
        save(store, case, second, questionnaire, answers=high, now=NOW + timedelta(days=2))
        with store.reading() as session:
            levels = [r.final_level for r in risk_service.history(session, case.id, first)]
            latest = risk_service.latest(session, case.id)
        assert levels == [RiskLevel.STANDARD, RiskLevel.HIGH]
        assert latest is not None and latest.person_id == first


class TestDrafts:
    """The assessment in progress, kept in the encrypted database."""

    def test_draft_round_trips_and_is_one_row(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Writing the draft on every answer keeps one row with the latest answers and notes."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(case.id, victim, questionnaire.id, "1")
        for position, (qid, value) in enumerate([("personal", YES), ("repeat", 4)], start=1):
            draft.answers[qid] = value
            draft.position = position
            with store.transaction() as session:
                keep(session, draft, "Risk: Amira")
        draft.notes["personal"] = "Says it is \x1b]0;about her\x07"
        with store.transaction() as session:
            keep(session, draft)
        with store.reading() as session:
            back = risk_service.read_draft(session, case.id, victim)
            assert len(session.exec(select(Draft)).all()) == 1
            assert list(risk_service.assessment_start(session, case.id).drafts) == [victim]
        assert back is not None
        assert back.answers == {"personal": YES, "repeat": 4}
        assert back.notes == {"personal": "Says it is \x1b]0;about her\x07"}
        assert back.position == 2
        assert back.updated_at == NOW

    def test_saving_discards_the_draft(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Once saved, the assessment is no longer offered for resuming."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(
            case.id, victim, questionnaire.id, "1", all_no(questionnaire)
        )
        with store.transaction() as session:
            keep(session, draft)
        save(store, case, victim, questionnaire)
        with store.reading() as session:
            assert risk_service.read_draft(session, case.id, victim) is None

    def test_draft_survives_reopening_and_is_encrypted_on_disk(
        self, store: Store, policy: Policy, questionnaire: Questionnaire, db_path: Path
    ) -> None:
        """A draft outlives the app stopping; the files on disk never show its text."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        marker = "Zebulon-draft-note-7781"
        draft = risk_service.AssessmentDraft(
            case.id, victim, questionnaire.id, "1", {"personal": YES}
        )
        draft.notes["personal"] = marker
        with store.transaction() as session:
            keep(session, draft)
        for path in db_path.parent.iterdir():
            assert marker.encode() not in path.read_bytes(), path.name
        store.close()
        reopened = open_store(db_path, TEST_PASSPHRASE, actor="Officer Test")
        try:
            with reopened.reading() as session:
                back = risk_service.read_draft(session, case.id, victim)
        finally:
            reopened.close()
        assert back is not None and back.notes["personal"] == marker

    def test_discard(self, store: Store, policy: Policy, questionnaire: Questionnaire) -> None:
        """Discarding removes the draft; discarding nothing is harmless."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(
            case.id, victim, questionnaire.id, "1", {"personal": NO}
        )
        with store.transaction() as session:
            keep(session, draft)
            drafts.discard_draft(session, draft.key)
            drafts.discard_draft(session, draft.key)
        with store.reading() as session:
            assert risk_service.read_draft(session, case.id, victim) is None

    def test_stored_payload_is_json_with_answers(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """The draft row is keyed by case and victim and holds the answers as JSON."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(case.id, victim, questionnaire.id, "1", {"repeat": 3})
        with store.transaction() as session:
            keep(session, draft)
        with store.reading() as session:
            row = session.get(Draft, ("", f"risk:{case.id}:{victim}"))
            assert row is not None
            assert json.loads(row.payload)["answers"] == {"repeat": 3}

    def test_draft_is_fitted_to_a_changed_questionnaire(
        self, store: Store, policy: Policy, questionnaire: Questionnaire
    ) -> None:
        """Answers to questions no longer asked, or no longer valid, are left out and counted."""
        case = open_case(store, policy)
        (victim,) = victim_ids(store, case.id)
        draft = risk_service.AssessmentDraft(
            case.id,
            victim,
            questionnaire.id,
            "1",
            {"personal": YES, "gone": NO, "repeat": "lots"},
            notes={"personal": "kept", "gone": "dropped"},
            position=99,
        )
        fitted, dropped = draft.fitted_to(questionnaire)
        assert fitted.answers == {"personal": YES}
        assert fitted.notes == {"personal": "kept"}
        assert fitted.position == len(questionnaire.questions)
        assert dropped == 2

    def test_a_malformed_draft_reads_back_as_far_as_it_can(self) -> None:
        """A payload with the wrong shapes gives an empty draft rather than an error."""
        case_id, person_id = uuid.uuid4(), uuid.uuid4()
        back = risk_service.AssessmentDraft.from_payload(
            case_id, person_id, {"answers": [1], "notes": "x", "position": "two"}
        )
        assert (back.answers, back.notes, back.position) == ({}, {}, 0)
        assert back.key == f"risk:{case_id}:{person_id}"
