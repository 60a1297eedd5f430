"""Closing and reopening a case: what is still live, the questions asked, what stops."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from fieldcase.db.models import (
    AbcAgreement,
    Action,
    AuditEvent,
    Case,
    CaseClosure,
    CaseLink,
    Visit,
)
from fieldcase.db.store import Store
from fieldcase.domain.closure import ClosureOutcome, Decision, LiveKind, Resolution, Satisfaction
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import CaseStatus, Category, PartyRole
from fieldcase.services import (
    abc_monitoring,
    calendar,
    case_file,
    case_links,
    caseload,
    closure,
    intake,
    retention,
)
from fieldcase.services.case_records import PersonInput
from fieldcase.services.errors import ValidationError
from tests.builders import a_case, a_contact
from tests.chronology_data import (
    NOW,
    TODAY,
    StoryCase,
    close_keeping_everything,
    reopen,
    story_case,
)


@pytest.fixture
def story(store: Store) -> StoryCase:
    with store.transaction() as session:
        return story_case(session)


def check(store: Store, story: StoryCase) -> closure.ClosureCheck:
    return store.run(closure.closure_check, story.case_id, today=TODAY, now=NOW)


def close(store: Store, story: StoryCase, data: closure.ClosureInput, version: int) -> Case:
    return store.run(
        closure.close_case,
        story.case_id,
        version,
        data,
        officer_name="Officer Test",
        policy=Policy(),
        today=TODAY,
        now=NOW,
    )


def keep_everything(found: closure.ClosureCheck) -> dict[str, Decision]:
    return {
        item.key: Decision(Resolution.KEEP, "Police continue to monitor") for item in found.live
    }


def resolved(decisions: dict[str, Decision]) -> closure.ClosureInput:
    return closure.ClosureInput(
        outcome=ClosureOutcome.RESOLVED,
        reason="No incidents since the ABC; family content to close.",
        satisfaction=Satisfaction.VERY_SATISFIED,
        feedback="You listened, and you kept us informed.",
        decisions=decisions,
    )


class TestWhatIsStillLive:
    """Before closing, fieldcase lists what is still live."""

    def test_lists_abc_visit_action_overdue_review_and_pending_breach(
        self, store: Store, story: StoryCase
    ) -> None:
        """Each live thing is named, with the ways it can be dealt with."""
        found = check(store, story)
        assert [(i.kind, i.choices) for i in found.live] == [
            (LiveKind.ABC, (Resolution.END_EARLY, Resolution.KEEP)),
            (LiveKind.VISIT, (Resolution.CANCEL, Resolution.KEEP)),
            (LiveKind.ACTION, (Resolution.DONE, Resolution.KEEP)),
            (LiveKind.RISK_REVIEW, (Resolution.KEEP,)),
            (LiveKind.BREACH, (Resolution.KEEP,)),
        ]
        assert [i.description for i in found.live] == [
            "ABC with Gary Stroud, in force until 10 September 2026",
            "Victim support visit to Marta Nowicka, Wed 25 Mar 2026 10:00",
            "Action: Refer family to Victim Support (Officer Test)",
            "Risk review overdue since 10 March 2026",
            "Breach of Gary Stroud's ABC on 16 March 2026, not yet substantiated or dismissed",
        ]

    def test_a_visit_whose_time_has_passed_cannot_be_cancelled_here(self, store: Store) -> None:
        """A visit that may have happened waits for its outcome: it is kept, with a reason."""
        from tests.builders import a_visit

        with store.transaction() as session:
            built = a_case(session)
            a_visit(session, built.case_id, built.victim_id, planned_at=NOW - timedelta(hours=2))
        found = store.run(closure.closure_check, built.case_id, today=TODAY, now=NOW)
        (item,) = found.live
        assert item.choices == (Resolution.KEEP,)
        assert item.description.endswith("waiting for its outcome")


class TestClosingRules:
    """What closing asks for; nothing is half-saved."""

    def test_outcome_reason_satisfaction_and_every_live_item_are_needed(
        self, store: Store, story: StoryCase
    ) -> None:
        """Every missing answer is named by its field; the case stays open, nothing changes."""
        found = check(store, story)
        data = closure.ClosureInput(outcome="", reason="  ", satisfaction="")
        data.decisions = {found.live[0].key: Decision(Resolution.KEEP, "")}
        data.decisions |= {i.key: Decision() for i in found.live[1:]}
        with pytest.raises(ValidationError) as raised:
            close(store, story, data, found.version)
        errors = raised.value.errors
        assert errors["outcome"] == "Choose how the case ended."
        assert errors["reason"] == "Say why the case is closing."
        assert "satisfaction" in errors
        abc, visit = found.live[:2]
        assert abc.field == f"live_abc_{story.abc_id.hex}"
        assert errors[f"{abc.field}_reason"] == (
            "Say why it stays: ABC with Gary Stroud, in force until 10 September 2026."
        )
        assert errors[visit.field].startswith("Say what happens to this: Victim support visit")
        with store.reading() as session:
            case = session.get(Case, story.case_id)
            assert case is not None and case.status == CaseStatus.OPEN
            assert session.exec(select(CaseClosure)).all() == []

    def test_something_live_that_the_form_did_not_show_stops_the_closing(
        self, store: Store, story: StoryCase
    ) -> None:
        """An action added after the form opened is not closed over unseen."""
        found = check(store, story)
        from tests.builders import an_action

        with store.transaction() as session:
            an_action(session, story.case_id, what="Chase the police for the outcome")
        with pytest.raises(ValidationError) as raised:
            close(store, story, resolved(keep_everything(found)), found.version)
        assert "Chase the police for the outcome" in raised.value.errors[""]

    def test_a_case_cannot_be_closed_through_its_details(
        self, store: Store, story: StoryCase
    ) -> None:
        """Choosing Closed in the details form is refused, pointing to Close case."""
        with store.reading() as session:
            case = session.get(Case, story.case_id)
            assert case is not None
            version = case.version
        data = case_file.CaseDetailsInput(Category.HATE_INCIDENT, ["race"], CaseStatus.CLOSED)
        with pytest.raises(ValidationError) as raised:
            store.run(case_file.update_case_details, story.case_id, version, data, policy=Policy())
        assert "Close case" in raised.value.errors["status"]


class TestClosing:
    """A closed case: its record, what was done, and the due dates it no longer makes."""

    def test_dealing_with_each_item_ends_the_abc_cancels_the_visit_and_completes_the_action(
        self, store: Store, story: StoryCase
    ) -> None:
        """The officer's choices are carried out and kept with the closure, reasons and all."""
        found = check(store, story)
        decisions = keep_everything(found)
        abc, visit, action = (i.key for i in found.live[:3])
        decisions[abc] = Decision(Resolution.END_EARLY)
        decisions[visit] = Decision(Resolution.CANCEL)
        decisions[action] = Decision(Resolution.DONE)
        close(store, story, resolved(decisions), found.version)
        with store.reading() as session:
            agreement = session.get(AbcAgreement, story.abc_id)
            planned = session.get(Visit, story.future_visit_id)
            done = session.get(Action, story.action_id)
            (record,) = session.exec(select(CaseClosure)).all()
        assert agreement is not None and agreement.status == "ended_early"
        assert agreement.end_reason.startswith("The case closed: No incidents since the ABC")
        assert planned is not None and planned.status == "cancelled"
        assert done is not None and done.done_on == TODAY
        kept = closure.kept_items(record)
        assert [(k["resolution"], k["reason"]) for k in kept] == [
            ("end_early", ""),
            ("cancel", ""),
            ("done", ""),
            ("keep", "Police continue to monitor"),
            ("keep", "Police continue to monitor"),
        ]
        assert (record.outcome, record.victim_satisfaction, record.feedback) == (
            "resolved",
            5,
            "You listened, and you kept us informed.",
        )

    def test_closed_case_shows_closed_and_generates_no_due_dates(
        self, store: Store, story: StoryCase
    ) -> None:
        """No next contact, risk review or ABC review: even a contact logged later makes none."""
        close_keeping_everything(store, story)
        with store.transaction() as session:
            a_contact(session, story.case_id, person_id=story.victim_id, now=NOW)
        with store.reading() as session:
            case = session.get(Case, story.case_id)
            agreement = session.get(AbcAgreement, story.abc_id)
            rows = caseload.search_cases(session, include_closed=True, today=TODAY)
        assert case is not None
        assert (case.status, case.closed_on, case.closure_outcome) == ("closed", TODAY, "resolved")
        assert (case.next_contact_due, case.review_due) == (None, None)
        assert case.victim_satisfaction == 5
        assert agreement is not None and agreement.status == "active"
        assert agreement.next_review_on is None
        assert [(r.reference, r.closed_on) for r in rows] == [(story.reference, TODAY)]

    def test_closed_case_leaves_monitoring_the_agenda_and_the_calendar(
        self, store: Store, story: StoryCase
    ) -> None:
        """An ABC and a visit kept live are no longer in the cross-case views."""
        found = check(store, story)
        with store.reading() as session:
            assert abc_monitoring.monitoring(session, today=TODAY).active
            assert calendar.agenda(session, now=NOW, days=7).days
        close(store, story, resolved(keep_everything(found)), found.version)
        with store.reading() as session:
            watched = abc_monitoring.monitoring(session, today=TODAY)
            agenda = calendar.agenda(session, now=NOW, days=7)
            exported = calendar.calendar_visits(session, now=NOW)
        assert watched.active == [] and watched.reviews_due == []
        assert agenda.is_empty
        assert exported == []

    def test_an_overdue_check_in_on_a_closed_case_still_shows_on_the_agenda(
        self, store: Store
    ) -> None:
        """The officer out on a visit is looked after whatever became of the case."""
        from tests.builders import a_visit

        planned = NOW - timedelta(hours=2)
        with store.transaction() as session:
            built = a_case(session)
            a_visit(
                session,
                built.case_id,
                built.victim_id,
                planned_at=planned,
                checkin_at=planned + timedelta(hours=1),
                buddy_name="Priya Desai",
                now=planned - timedelta(days=1),
            )
        found = store.run(closure.closure_check, built.case_id, today=TODAY, now=NOW)
        store.run(
            closure.close_case,
            built.case_id,
            found.version,
            resolved(keep_everything(found)),
            officer_name="Officer Test",
            policy=Policy(),
            today=TODAY,
            now=NOW,
        )
        with store.reading() as session:
            agenda = calendar.agenda(session, now=NOW, days=7)
        assert [item.reference for item in agenda.attention] == [built.reference]

    def test_declined_satisfaction_is_kept_as_declined(
        self, store: Store, story: StoryCase
    ) -> None:
        """A victim who would not rate the handling is not counted as any score."""
        case = close_keeping_everything(
            store, story, satisfaction=Satisfaction.DECLINED, feedback=""
        )
        assert (case.victim_satisfaction, case.satisfaction_declined) == (None, True)

    def test_closing_and_reopening_are_in_the_audit_trail(
        self, store: Store, story: StoryCase
    ) -> None:
        """Who closed it, the outcome and the reopening reason are all audited."""
        case = close_keeping_everything(store, story)
        reopen(store, story, case.version, "New incident reported by the family.")
        with store.reading() as session:
            events = session.exec(
                select(AuditEvent).where(AuditEvent.entity == "caseclosure")
            ).all()
            case_updates = session.exec(
                select(AuditEvent).where(AuditEvent.entity == "case", AuditEvent.action == "update")
            ).all()
        changes = [json.loads(e.changes) for e in events]
        assert [c["kind"][1] for c in changes] == ["closed", "reopened"]
        assert changes[0]["outcome"][1] == "resolved"
        assert changes[1]["reason"][1] == "New incident reported by the family."
        assert all(e.actor == "Officer Test" for e in events)
        statuses = [json.loads(e.changes).get("status") for e in case_updates]
        assert ["open", "closed"] in statuses and ["closed", "open"] in statuses


class TestReopening:
    """Reopening needs a reason and brings the due dates back."""

    def test_reopening_needs_a_reason(self, store: Store, story: StoryCase) -> None:
        case = close_keeping_everything(store, story)
        with pytest.raises(ValidationError) as raised:
            reopen(store, story, case.version, "  ")
        assert raised.value.errors == {"reason": "Say why the case is being reopened."}

    def test_reopened_case_is_due_contact_review_and_abc_review_again(
        self, store: Store, story: StoryCase
    ) -> None:
        """Open again, the closure cleared from the case (kept in its history)."""
        case = close_keeping_everything(store, story)
        case = reopen(store, story, case.version, "The family reported new abuse.")
        with store.reading() as session:
            agreement = session.get(AbcAgreement, story.abc_id)
            history = closure.closures_of(session, story.case_id)
        assert (case.status, case.closed_on, case.closure_outcome) == ("open", None, "")
        assert case.next_contact_due is not None and case.review_due == date(2026, 3, 10)
        assert agreement is not None and agreement.next_review_on is not None
        assert [(h.kind, h.reason) for h in history] == [
            ("closed", "No incidents since the ABC; family content to close."),
            ("reopened", "The family reported new abuse."),
        ]


class TestLinkedCases:
    """A new report about a closed case's victim or address opens a linked case."""

    def report(
        self, victim: str = "Marta Nowicka", address: str = "3 Elsewhere Road, ZZ9 9ZZ"
    ) -> intake.NewCaseInput:
        return intake.NewCaseInput(
            category=Category.HATE_INCIDENT,
            strands=["race"],
            address=address,
            people=[PersonInput(victim, PartyRole.VICTIM)],
        )

    def test_new_report_about_the_victim_is_linked_to_her_closed_case(
        self, store: Store, story: StoryCase
    ) -> None:
        """The check names the closed case; the new case links to it, and back."""
        close_keeping_everything(store, story)
        data = self.report()
        found = store.run(intake.check_new_case, data, now=NOW)
        assert found.open_cases == []
        assert found.earlier_case is not None
        assert found.earlier_case.reference == story.reference
        assert found.earlier_case.reason == (
            f"Marta Nowicka was in {story.reference}, closed on 20 March 2026."
        )
        with store.transaction() as session:
            new = intake.create_case(
                session, data, officer_name="Officer Test", policy=Policy(), today=TODAY
            )
            new_id = new.id
        with store.reading() as session:
            forward = case_links.linked_cases(session, new_id)
            back = case_links.linked_cases(session, story.case_id)
        assert [(c.reference, c.earlier) for c in forward] == [(story.reference, True)]
        assert [(c.case_id, c.earlier) for c in back] == [(new_id, False)]

    def test_new_report_at_the_same_address_is_linked(self, store: Store, story: StoryCase) -> None:
        """Someone new at the closed case's address: linked by the address."""
        close_keeping_everything(store, story)
        found = store.run(
            intake.check_new_case, self.report("Ida Newcomer", "14 larch walk zz11zz"), now=NOW
        )
        assert found.earlier_case is not None
        assert found.earlier_case.reason.endswith("was at the same address.")

    def test_no_link_while_the_case_is_open(self, store: Store, story: StoryCase) -> None:
        """An open case is offered for the report instead; nothing is linked."""
        found = store.run(intake.check_new_case, self.report(), now=NOW)
        assert found.earlier_case is None
        assert [m.reference for m in found.open_cases] == [story.reference]

    def test_purging_the_earlier_case_removes_the_link_and_keeps_the_new_case(
        self, store: Store, story: StoryCase
    ) -> None:
        """Retention purges a closed case even when a later case follows it."""
        close_keeping_everything(store, story)
        with store.transaction() as session:
            new = intake.create_case(
                session, self.report(), officer_name="Officer Test", policy=Policy(), today=TODAY
            )
            new_id = new.id
        later = TODAY + timedelta(days=365 * 7)
        purged = retention.purge(store, Policy(), today=later)
        assert [p.reference for p in purged.cases] == [story.reference]
        with store.reading() as session:
            assert session.get(Case, new_id) is not None
            assert session.exec(select(CaseLink)).all() == []
