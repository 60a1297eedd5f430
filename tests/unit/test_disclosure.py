"""The disclosure log: validation, legal gateways and the consent override."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from fieldcase.db.models import Disclosure
from fieldcase.db.store import Store
from fieldcase.domain.protection import (
    AgencyKind,
    ConsentKind,
    DisclosureMethod,
    Gateway,
    needs_consent_override,
)
from fieldcase.services.consent import ConsentInput, record_consent
from fieldcase.services.disclosure import (
    DisclosureInput,
    consent_warning,
    disclosure_log,
    list_disclosures,
    record_disclosure,
)
from fieldcase.services.errors import ValidationError
from tests.protection_data import MadeCase, make_case

TODAY = date(2026, 4, 20)

TO_POLICE = DisclosureInput(
    agency="Northvale Police",
    agency_kind=AgencyKind.POLICE,
    requesting_officer="DC Rowan Pell",
    requesting_rank="Detective Constable",
    requested_on=date(2026, 4, 10),
    gateway=Gateway.CONSENT,
    purpose="Investigation of crime NV/4471/26",
    data_subjects="Amira Haddad (victim); Ellis Crane (alleged perpetrator)",
    requested_info="Incident log and contact history",
    disclosed_info="Incident log 1 to 31 March 2026",
    necessity="Needed to corroborate the victim's account; limited to March incidents.",
    approved_by="Team leader Jo Marsh",
    disclosed_on=date(2026, 4, 12),
    method=DisclosureMethod.SECURE_EMAIL,
)


@pytest.fixture
def case(store: Store) -> MadeCase:
    with store.transaction() as session:
        return make_case(session)


def _record(store: Store, case: MadeCase, data: DisclosureInput) -> Disclosure:
    with store.transaction() as session:
        return record_disclosure(session, case.case_id, data, today=TODAY)


def _count(store: Store) -> int:
    with store.reading() as session:
        return len(session.exec(select(Disclosure)).all())


class TestRecording:
    def test_complete_disclosure_with_consent_is_logged(self, store: Store, case: MadeCase) -> None:
        """With the victim's consent to share, a disclosure to police is logged as typed."""
        with store.transaction() as session:
            record_consent(
                session,
                case.case_id,
                ConsentInput(
                    person_id=case.victim_id,
                    kind=ConsentKind.SHARE_POLICE,
                    given=True,
                    recorded_at=datetime(2026, 4, 1, 9, tzinfo=UTC),
                ),
                recorded_by="Officer Test",
            )
        _record(store, case, replace(TO_POLICE, consent_override_reason="  not needed  "))
        with store.reading() as session:
            [logged] = list_disclosures(session, case.case_id)
            assert logged.agency == "Northvale Police"
            assert logged.requesting_rank == "Detective Constable"
            assert logged.gateway == "consent"
            assert logged.disclosed_on == date(2026, 4, 12)
            assert logged.consent_override_reason == ""

    def test_log_is_newest_disclosure_first(self, store: Store, case: MadeCase) -> None:
        """The log lists the most recent disclosure first."""
        s115 = replace(TO_POLICE, gateway=Gateway.S115_CDA_1998)
        _record(store, case, replace(s115, agency="First"))
        _record(
            store,
            case,
            replace(s115, agency="Second", requested_on=TODAY, disclosed_on=TODAY),
        )
        with store.reading() as session:
            assert [d.agency for d in list_disclosures(session, case.case_id)] == [
                "Second",
                "First",
            ]

    def test_disclosure_log_names_the_case(self, store: Store, case: MadeCase) -> None:
        """The log screen's contents: the case reference and its disclosures."""
        _record(store, case, replace(TO_POLICE, gateway=Gateway.S115_CDA_1998))
        log = store.run(disclosure_log, case.case_id)
        assert log.case_reference.startswith("FC-")
        assert [d.agency for d in log.disclosures] == ["Northvale Police"]


class TestValidation:
    def test_empty_form_gets_a_message_for_every_missing_field(
        self, store: Store, case: MadeCase
    ) -> None:
        """An empty disclosure is refused with one clear message per field; nothing is written."""
        with pytest.raises(ValidationError) as raised:
            _record(store, case, DisclosureInput(agency="", agency_kind="", requesting_officer=""))
        errors = raised.value.errors
        assert errors["agency"] == "Name the agency that asked for the information."
        assert errors["gateway"] == "Choose the legal gateway for the disclosure."
        assert errors["necessity"] == "Explain why sharing was necessary and proportionate."
        assert errors["requested_on"] == "Give the date the information was requested."
        assert errors["disclosed_on"] == "Give the date the information was disclosed."
        assert {"agency_kind", "purpose", "data_subjects", "requested_info"} <= set(errors)
        assert {"disclosed_info", "approved_by", "method", "requesting_officer"} <= set(errors)
        assert _count(store) == 0

    def test_other_gateway_needs_detail(self, store: Store, case: MadeCase) -> None:
        """Choosing 'other' as the gateway requires naming it."""
        data = replace(TO_POLICE, agency_kind=AgencyKind.LOCAL_AUTHORITY, gateway=Gateway.OTHER)
        with pytest.raises(ValidationError) as raised:
            _record(store, case, data)
        assert raised.value.errors == {"gateway_detail": "Name the other legal gateway relied on."}

    def test_dates_must_be_in_order_and_not_in_future(self, store: Store, case: MadeCase) -> None:
        """A disclosure before its request, or a request in the future, is refused."""
        s115 = replace(TO_POLICE, gateway=Gateway.S115_CDA_1998)
        with pytest.raises(ValidationError) as raised:
            _record(store, case, replace(s115, disclosed_on=date(2026, 4, 9)))
        assert raised.value.errors == {
            "disclosed_on": "The disclosure cannot come before the request."
        }
        with pytest.raises(ValidationError) as raised:
            _record(store, case, replace(s115, requested_on=date(2026, 4, 21)))
        assert raised.value.errors["requested_on"] == "The request date cannot be in the future."


class TestConsentOverride:
    def test_police_without_consent_needs_a_reason(self, store: Store, case: MadeCase) -> None:
        """Disclosing to police without consent to share, on an 'other' gateway, is refused
        until a reason is given."""
        other = replace(TO_POLICE, gateway=Gateway.OTHER, gateway_detail="Common law duty")
        with pytest.raises(ValidationError) as raised:
            _record(store, case, other)
        message = raised.value.errors["consent_override_reason"]
        assert message.startswith(
            "No consent to share information with the police is recorded for Amira Haddad."
        )
        assert "Record why it must go ahead without consent." in message
        assert _count(store) == 0

        reason = "Officer believes a child in the household is at immediate risk."
        _record(store, case, replace(other, consent_override_reason=reason))
        with store.reading() as session:
            [logged] = list_disclosures(session, case.case_id)
            assert logged.consent_override_reason == reason

    def test_consent_gateway_cannot_go_ahead_without_consent(
        self, store: Store, case: MadeCase
    ) -> None:
        """On the consent gateway without consent, no reason makes it lawful: it is refused
        on the gateway, with whose consent is missing, and nothing is written."""
        reason = "Officer believes a child in the household is at immediate risk."
        for data in (TO_POLICE, replace(TO_POLICE, consent_override_reason=reason)):
            with pytest.raises(ValidationError) as raised:
                _record(store, case, data)
            assert set(raised.value.errors) == {"gateway"}
            message = raised.value.errors["gateway"]
            assert message.startswith(
                "No consent to share information with the police is recorded for Amira Haddad."
            )
            assert "The consent gateway needs that consent" in message
        assert _count(store) == 0

    def test_consent_gateway_to_support_needs_consent_to_refer(
        self, store: Store, case: MadeCase
    ) -> None:
        """A referral to a support service on the consent gateway rests on consent to refer."""
        data = replace(TO_POLICE, agency="Eastbridge Victim Support")
        data = replace(data, agency_kind=AgencyKind.SUPPORT_SERVICE)
        with pytest.raises(ValidationError) as raised:
            _record(store, case, data)
        assert "consent to refer them to support services" in raised.value.errors["gateway"]
        with store.transaction() as session:
            record_consent(
                session,
                case.case_id,
                ConsentInput(
                    person_id=case.victim_id,
                    kind=ConsentKind.REFER_SUPPORT,
                    given=True,
                    recorded_at=datetime(2026, 4, 1, 9, tzinfo=UTC),
                ),
                recorded_by="Officer Test",
            )
        _record(store, case, replace(data, consent_override_reason="ignored"))
        with store.reading() as session:
            [logged] = list_disclosures(session, case.case_id)
            assert logged.gateway == "consent" and logged.consent_override_reason == ""

    def test_s115_needs_no_consent(self, store: Store, case: MadeCase) -> None:
        """A disclosure to police under s115 CDA 1998 is lawful without consent; no warning."""
        data = replace(TO_POLICE, gateway=Gateway.S115_CDA_1998)
        with store.reading() as session:
            assert consent_warning(session, case.case_id, data) is None
        _record(store, case, data)
        assert _count(store) == 1

    def test_other_agencies_need_no_police_consent(self, store: Store, case: MadeCase) -> None:
        """The police-sharing consent is not asked for a disclosure to social care."""
        data = replace(TO_POLICE, agency="Northvale Children's Services")
        data = replace(data, agency_kind=AgencyKind.SOCIAL_CARE)
        with store.reading() as session:
            assert consent_warning(session, case.case_id, data) is None


@pytest.mark.parametrize(
    ("agency_kind", "gateway", "consented", "needed"),
    [
        (AgencyKind.POLICE, Gateway.CONSENT, False, False),
        (AgencyKind.POLICE, Gateway.OTHER, False, True),
        (AgencyKind.POLICE, Gateway.S115_CDA_1998, False, False),
        (AgencyKind.POLICE, Gateway.DPA_2018_SCH2_PARA2, False, False),
        (AgencyKind.POLICE, Gateway.CONSENT, True, False),
        (AgencyKind.HEALTH, Gateway.CONSENT, False, False),
    ],
)
def test_when_an_override_is_needed(
    agency_kind: str, gateway: str, consented: bool, needed: bool
) -> None:
    """Only police disclosures without consent on an 'other' gateway need a reason (the
    consent gateway without consent is refused instead)."""
    assert needs_consent_override(agency_kind, gateway, consented) is needed
