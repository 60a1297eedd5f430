"""Consent: recorded per victim and kind, the latest decision counts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from fieldcase.db.models import CaseParty, Consent
from fieldcase.db.store import Store
from fieldcase.domain.protection import ConsentKind, ConsentMethod
from fieldcase.domain.vocab import PartyRole
from fieldcase.services.case_records import PersonInput, add_party
from fieldcase.services.consent import (
    ConsentInput,
    consent_history,
    consent_in_place,
    consent_overview,
    consent_page,
    consent_summary,
    latest_consent,
    missing_consent,
    record_consent,
)
from fieldcase.services.errors import NotFound, ValidationError
from tests.protection_data import PERPETRATOR, VICTIM, MadeCase, make_case

MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def _decide(
    store: Store, case: MadeCase, kind: ConsentKind, given: bool, at: datetime, **kw: object
) -> Consent:
    with store.transaction() as session:
        return record_consent(
            session,
            case.case_id,
            ConsentInput(
                person_id=kw.pop("person_id", case.victim_id),
                kind=kind,
                given=given,
                recorded_at=at,
                **kw,
            ),
            recorded_by="Officer Test",
        )


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


class TestLatestDecisionCounts:
    def test_nothing_recorded_means_no_consent(self, store: Store, case: MadeCase) -> None:
        """A case with no consent recorded has none in place and says so."""
        with store.reading() as session:
            assert latest_consent(session, case.case_id, ConsentKind.SHARE_POLICE) is None
            assert not consent_in_place(session, case.case_id, ConsentKind.SHARE_POLICE)
            assert missing_consent(session, case.case_id, ConsentKind.SHARE_POLICE) == (
                f"No consent to share information with the police is recorded for {VICTIM}."
            )

    def test_given_consent_is_in_place(self, store: Store, case: MadeCase) -> None:
        """Consent given is in place for that kind only."""
        _decide(store, case, ConsentKind.APPROACH_PERPETRATOR, True, MARCH_5)
        with store.reading() as session:
            assert consent_in_place(session, case.case_id, ConsentKind.APPROACH_PERPETRATOR)
            assert missing_consent(session, case.case_id, ConsentKind.APPROACH_PERPETRATOR) is None
            assert not consent_in_place(session, case.case_id, ConsentKind.SHARE_POLICE)

    def test_withdrawal_after_consent_wins(self, store: Store, case: MadeCase) -> None:
        """A later withdrawal replaces the earlier consent, and the warning gives its date."""
        _decide(store, case, ConsentKind.SHARE_POLICE, True, MARCH_5)
        _decide(
            store,
            case,
            ConsentKind.SHARE_POLICE,
            False,
            MARCH_5 + timedelta(days=10),
            method=ConsentMethod.EMAIL,
            notes="Afraid of being seen with police.",
        )
        with store.reading() as session:
            latest = latest_consent(session, case.case_id, ConsentKind.SHARE_POLICE)
            assert latest is not None and latest.given is False
            assert latest.method == "email"
            assert not consent_in_place(session, case.case_id, ConsentKind.SHARE_POLICE)
            assert missing_consent(session, case.case_id, ConsentKind.SHARE_POLICE) == (
                f"{VICTIM} withdrew consent to share information with the police on 15 March 2026."
            )

    def test_latest_is_by_when_decided_not_when_typed(self, store: Store, case: MadeCase) -> None:
        """Typing up an older decision late does not override a newer one."""
        _decide(store, case, ConsentKind.REFER_SUPPORT, True, MARCH_5)
        _decide(store, case, ConsentKind.REFER_SUPPORT, False, MARCH_5 - timedelta(days=3))
        with store.reading() as session:
            assert consent_in_place(session, case.case_id, ConsentKind.REFER_SUPPORT)
            assert len(consent_history(session, case.case_id)) == 2

    def test_every_victim_must_consent_for_the_case(self, store: Store, case: MadeCase) -> None:
        """With two victims, consent for the case needs both; the warning names who is missing."""
        with store.transaction() as session:
            second = add_party(
                session, case.case_id, PersonInput(full_name="Samir Haddad", role=PartyRole.VICTIM)
            )
        _decide(store, case, ConsentKind.APPROACH_PERPETRATOR, True, MARCH_5)
        with store.reading() as session:
            kind = ConsentKind.APPROACH_PERPETRATOR
            assert not consent_in_place(session, case.case_id, kind)
            assert consent_in_place(session, case.case_id, kind, person_id=case.victim_id)
            assert missing_consent(session, case.case_id, kind) == (
                "No consent to approach the alleged perpetrator(s) is recorded for Samir Haddad."
            )
        _decide(store, case, kind, True, MARCH_5, person_id=second.person_id)
        with store.reading() as session:
            assert consent_in_place(session, case.case_id, kind)

    def test_overview_shows_each_victim_and_kind(self, store: Store, case: MadeCase) -> None:
        """The overview lists each victim with their latest decision per kind."""
        _decide(store, case, ConsentKind.SHARE_POLICE, True, MARCH_5)
        with store.reading() as session:
            [row] = consent_overview(session, case.case_id)
        assert row.name == VICTIM
        assert row.in_place(ConsentKind.SHARE_POLICE)
        assert not row.in_place(ConsentKind.APPROACH_PERPETRATOR)
        assert row.latest[ConsentKind.REFER_SUPPORT] is None

    def test_consent_page_holds_the_latest_decisions_and_the_named_history(
        self, store: Store, case: MadeCase
    ) -> None:
        """The consent screen's page: each victim's decisions and every decision, named."""
        _decide(store, case, ConsentKind.SHARE_POLICE, True, MARCH_5)
        _decide(store, case, ConsentKind.SHARE_POLICE, False, MARCH_5 + timedelta(days=1))
        page = store.run(consent_page, case.case_id)
        [row] = page.victims
        assert not row.in_place(ConsentKind.SHARE_POLICE)
        assert [(r.person_name, r.given) for r in page.history] == [(VICTIM, False), (VICTIM, True)]
        assert page.case_reference.startswith("FC-")

    def test_consent_page_of_an_unknown_case_is_not_found(self, store: Store) -> None:
        """Asking for the consent of a case that is not there raises NotFound."""
        with pytest.raises(NotFound):
            store.run(consent_page, uuid.uuid4())


class TestBadInput:
    def test_perpetrator_cannot_give_victim_consent(self, store: Store, case: MadeCase) -> None:
        """Consent is only taken from a victim or household member; nothing is written."""
        with pytest.raises(ValidationError) as raised:
            _decide(
                store, case, ConsentKind.SHARE_POLICE, True, MARCH_5, person_id=case.perpetrator_id
            )
        assert "victim" in raised.value.errors["person_id"]
        with store.reading() as session:
            assert session.exec(select(Consent)).all() == []

    def test_future_time_and_unknown_method_are_refused(self, store: Store, case: MadeCase) -> None:
        """A consent in the future or by an unknown method gets a message per field."""
        future = datetime.now(UTC) + timedelta(days=2)
        with pytest.raises(ValidationError) as raised:
            _decide(store, case, ConsentKind.SHARE_POLICE, True, future, method="carrier pigeon")
        assert raised.value.errors["recorded_at"] == (
            "Consent cannot be recorded for a time in the future."
        )
        assert raised.value.errors["method"] == (
            "Choose how it was recorded: verbal, written or email."
        )

    def test_unknown_kind_is_refused(self, store: Store, case: MadeCase) -> None:
        """A consent kind outside the three is refused."""
        with pytest.raises(ValidationError) as raised:
            _decide(store, case, "tell_the_press", True, MARCH_5)
        assert raised.value.errors == {"kind": "Choose what the consent is for."}


def test_no_victim_means_no_consent_possible(store: Store) -> None:
    """A case whose only party is a perpetrator says nobody can consent."""
    with store.transaction() as session:
        made = make_case(session)
        for party in session.exec(
            select(CaseParty).where(CaseParty.person_id == made.victim_id)
        ).all():
            session.delete(party)
    with store.reading() as session:
        kind = ConsentKind.APPROACH_PERPETRATOR
        assert not consent_in_place(session, made.case_id, kind)
        message = missing_consent(session, made.case_id, kind)
    assert message == (
        "There is no victim on this case who could give consent to "
        "approach the alleged perpetrator(s)."
    )
    assert PERPETRATOR not in message


def test_summary_line_for_the_case_file(store: Store, case: MadeCase) -> None:
    """The case file's consent line shows each kind as given, withdrawn or not recorded."""
    _decide(store, case, ConsentKind.APPROACH_PERPETRATOR, True, MARCH_5)
    _decide(store, case, ConsentKind.SHARE_POLICE, False, MARCH_5)
    with store.reading() as session:
        assert consent_summary(session, case.case_id) == (
            "Consent: approach perpetrator ✓ · share with police ✗ withdrawn · "
            "refer to support — not recorded"
        )


def test_household_members_can_consent_but_victims_decide(store: Store, case: MadeCase) -> None:
    """A household member's consent is recorded; the case needs the victims' consent."""
    with store.transaction() as session:
        son = add_party(
            session, case.case_id, PersonInput(full_name="Samir Haddad", role=PartyRole.HOUSEHOLD)
        )
    _decide(store, case, ConsentKind.SHARE_POLICE, True, MARCH_5)
    _decide(store, case, ConsentKind.SHARE_POLICE, False, MARCH_5, person_id=son.person_id)
    with store.reading() as session:
        assert consent_in_place(session, case.case_id, ConsentKind.SHARE_POLICE)
        assert not consent_in_place(
            session, case.case_id, ConsentKind.SHARE_POLICE, person_id=son.person_id
        )
