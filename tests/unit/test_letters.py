"""Letters: templates the organisation can change, a PDF for the officer, a contact logged."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from fieldcase.db.models import AuditEvent, Contact
from fieldcase.db.store import Store
from fieldcase.domain.letters import TemplateError, parse_template, render
from fieldcase.domain.policy import Policy
from fieldcase.domain.protection import ConsentKind
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, Direction
from fieldcase.services.contact_records import CONSENT_OVERRIDE
from fieldcase.services.errors import ValidationError
from fieldcase.services.letters import (
    FIELDS,
    LetterInput,
    Sender,
    letter_templates,
    write_letter,
)
from tests.builders import OFFICER, PERPETRATOR, VICTIM, BuiltCase, a_case, a_consent

NOW = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
SENDER = Sender("Northfield Homes", "1 Market Street\nNorthfield\nZZ9 9ZZ", OFFICER)
WARNING_FIELDS = {
    "behaviour": "there has been shouting of abuse at a neighbour",
    "when_it_happened": "1 March 2026",
    "officer_phone": "0161 496 0000",
}


@pytest.fixture
def case(store: Store) -> BuiltCase:
    with store.transaction() as session:
        return a_case(session)


def _write(store: Store, case: BuiltCase, data: LetterInput, sender: Sender = SENDER) -> Path:
    with store.transaction() as session:
        return write_letter(
            session,
            case.case_id,
            data,
            templates=letter_templates(),
            sender=sender,
            policy=Policy(),
            now=NOW,
        )


def _warning(case: BuiltCase, path: Path, **typed: str) -> LetterInput:
    return LetterInput("warning_letter", case.perpetrator_id, path, WARNING_FIELDS | typed)


def _consent(store: Store, case: BuiltCase) -> None:
    with store.transaction() as session:
        a_consent(session, case.case_id, case.victim_id, ConsentKind.APPROACH_PERPETRATOR)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _letters(store: Store) -> list[Contact]:
    with store.reading() as session:
        return list(session.exec(select(Contact).where(Contact.method == ContactMethod.LETTER)))


class TestTemplates:
    def test_the_six_letters_come_with_fieldcase(self) -> None:
        """Warning, interview, second invitation, ABC meeting, victim update and closure."""
        titles = {t.title for t in letter_templates().values()}
        assert titles == {
            "Warning letter",
            "Invitation to interview",
            "Second invitation to interview",
            "ABC meeting invitation",
            "Victim update",
            "Closure letter",
        }

    def test_the_organisations_own_file_replaces_the_packaged_one(self, tmp_path: Path) -> None:
        """A warning_letter.toml in the data folder is the warning letter from then on."""
        (tmp_path / "warning_letter.toml").write_text(
            'title = "Our warning"\nsubject = "About {property_address}"\n'
            'body = "Dear {recipient_name},\\n\\nStop, please."\n',
            encoding="utf-8",
        )
        templates = letter_templates(tmp_path)
        assert templates["warning_letter"].title == "Our warning"
        assert "closure_letter" in templates

    def test_a_broken_template_is_named(self) -> None:
        """A template without a body says which file and what is wrong."""
        with pytest.raises(TemplateError, match=r"ours\.toml: 'body' must be text"):
            parse_template("ours", 'title = "x"\nsubject = "y"\n', "ours.toml")

    def test_a_value_holding_braces_is_not_read_as_a_field(self) -> None:
        """A name typed as '{officer_name}' prints as typed."""
        template = parse_template("t", 'title = "T"\nsubject = "S"\nbody = "Dear {who},"')
        assert render(template, {"who": "{officer_name}"}).paragraphs == ["Dear {officer_name},"]


class TestWritingALetter:
    def test_the_pdf_holds_the_organisation_the_recipient_and_the_fields(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """The letter reads top to bottom: organisation, recipient, reference, subject, body."""
        _consent(store, case)
        path = _write(store, case, _warning(case, tmp_path / "out" / "warning.pdf"))
        text = _text(path)
        order = [
            "Northfield Homes",
            "1 Market Street",
            PERPETRATOR,
            f"Our reference: {case.reference}",
            "Date: 10 March 2026",
            "Warning about behaviour reported at 14 Larch Walk, ZZ1 1ZZ",
            f"Dear {PERPETRATOR},",
            "there has been shouting of abuse at a neighbour",
            "0161 496 0000",
            OFFICER,
        ]
        positions = [text.find(piece) for piece in order]
        assert -1 not in positions, text
        assert positions == sorted(positions)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_a_field_without_a_value_is_refused_by_name_and_nothing_is_written(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """No phone number and no organisation name: both named, no file, no contact."""
        _consent(store, case)
        path = tmp_path / "warning.pdf"
        with pytest.raises(ValidationError) as refused:
            _write(store, case, _warning(case, path, officer_phone=" "), Sender("", "", OFFICER))
        message = refused.value.errors[FIELDS]
        assert "Your telephone number" in message
        assert "organisation's name" in message
        assert not path.exists()
        assert _letters(store) == []

    def test_the_letter_is_logged_as_a_contact_and_audited(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """Letter, out, sent, to the perpetrator, saying which letter; the export is audited."""
        _consent(store, case)
        _write(store, case, _warning(case, tmp_path / "warning.pdf"))
        [contact] = _letters(store)
        assert (contact.direction, contact.outcome) == (Direction.OUT, ContactOutcome.SENT)
        assert contact.person_id == case.perpetrator_id
        assert contact.notes.startswith("Warning letter: ")
        with store.reading() as session:
            exports = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "export", AuditEvent.case_id == case.case_id
                )
            ).all()
        assert [json.loads(e.changes)["letter"] for e in exports] == ["warning_letter"]

    def test_without_consent_a_letter_to_the_perpetrator_needs_a_reason(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """Refused on the consent reason, nothing written; with the reason it goes, reason kept."""
        path = tmp_path / "warning.pdf"
        with pytest.raises(ValidationError) as refused:
            _write(store, case, _warning(case, path))
        assert set(refused.value.errors) == {CONSENT_OVERRIDE}
        assert not path.exists()
        assert _letters(store) == []

        reason = "Police asked for the warning to go before the victim could be reached."
        data = _warning(case, path)
        data.consent_override_reason = reason
        _write(store, case, data)
        assert path.exists()
        assert [c.consent_override_reason for c in _letters(store)] == [reason]

    def test_a_letter_to_the_victim_needs_no_consent(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """A victim update goes without any consent on record, addressed to the victim."""
        typed = {
            "progress": "We wrote to the neighbour.",
            "next_steps": "A visit.",
            "officer_phone": "1",
        }
        path = _write(
            store, case, LetterInput("victim_update", case.victim_id, tmp_path / "u.pdf", typed)
        )
        assert f"Dear {VICTIM}," in _text(path)

    def test_an_existing_file_is_never_overwritten(
        self, store: Store, case: BuiltCase, tmp_path: Path
    ) -> None:
        """A file already at the path stays as it was, and no contact is logged."""
        _consent(store, case)
        path = tmp_path / "warning.pdf"
        path.write_bytes(b"the officer's own file")
        with pytest.raises(ValidationError, match="already exists"):
            _write(store, case, _warning(case, path))
        assert path.read_bytes() == b"the officer's own file"
        assert _letters(store) == []
