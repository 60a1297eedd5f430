"""Snapshots of the consent screen, the disclosure log and the consent warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from fieldcase.db.store import Store
from fieldcase.domain.protection import AgencyKind, ConsentKind, DisclosureMethod, Gateway
from fieldcase.services.consent import ConsentInput, record_consent
from fieldcase.services.disclosure import DisclosureInput, record_disclosure
from fieldcase.ui.app import FieldcaseApp
from tests.protection_data import make_case
from tests.snapshots.test_screens import shoot

SIZE = (130, 40)


def _seeded_app(store: Store, make_app: Callable[..., FieldcaseApp]) -> tuple[FieldcaseApp, Any]:
    with store.transaction() as session:
        made = make_case(session)
        for kind, given, day in (
            (ConsentKind.APPROACH_PERPETRATOR, True, 3),
            (ConsentKind.SHARE_POLICE, True, 3),
            (ConsentKind.SHARE_POLICE, False, 20),
        ):
            record_consent(
                session,
                made.case_id,
                ConsentInput(
                    person_id=made.victim_id,
                    kind=kind,
                    given=given,
                    recorded_at=datetime(2026, 3, day, 10, tzinfo=UTC),
                    notes="Afraid of being seen with police." if not given else "",
                ),
                recorded_by="Officer Test",
            )
        base = DisclosureInput(
            agency="Northvale Police",
            agency_kind=AgencyKind.POLICE,
            requesting_officer="DC Rowan Pell",
            requesting_rank="Detective Constable",
            requested_on=date(2026, 4, 10),
            gateway=Gateway.S115_CDA_1998,
            purpose="Investigation of crime NV/4471/26",
            data_subjects="Amira Haddad (victim); Ellis Crane (alleged perpetrator)",
            requested_info="Incident log and contact history",
            disclosed_info="Incident log 1 to 31 March 2026",
            necessity="Needed to corroborate the victim's account; March incidents only.",
            approved_by="Team leader Jo Marsh",
            disclosed_on=date(2026, 4, 12),
            method=DisclosureMethod.SECURE_EMAIL,
        )
        record_disclosure(session, made.case_id, base, today=date(2026, 11, 25))
    return make_app(store), made


class TestConsentAndDisclosure:
    def test_consent_screen(self, snap_compare: Any, demo_dir: Path) -> None:
        """Demo: Marta Nowicka, victim, has given all three consents (✓ given, green); the
        history lists the three decisions with the note about plain-clothes police."""
        assert shoot(snap_compare, demo_dir, "consent")

    def test_disclosure_log(self, snap_compare: Any, demo_dir: Path) -> None:
        """Demo: one s115 disclosure to Eastbridge Police in the table, shown in full below,
        including why it was necessary and proportionate."""
        assert shoot(snap_compare, demo_dir, "disclosure-log")

    def test_consent_warning(self, snap_compare, store: Store, make_app) -> None:  # type: ignore[no-untyped-def]
        """The yellow-bordered warning: Amira Haddad withdrew consent to share with the
        police on 20 March 2026, with an empty reason box and Go ahead / Go back buttons."""
        from fieldcase.services.consent import missing_consent
        from fieldcase.ui.dialogs.consent_override import ConsentOverrideDialog

        app, made = _seeded_app(store, make_app)
        with store.reading() as session:
            warning = missing_consent(session, made.case_id, ConsentKind.SHARE_POLICE)
        assert warning is not None

        async def open_dialog(pilot: Pilot[object]) -> None:
            await pilot.pause()  # the caseload behind the dialog has finished loading
            app.push_screen(ConsentOverrideDialog(warning))
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=open_dialog)
