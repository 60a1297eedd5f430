"""The printable agreement: Markdown and PDF list the conditions and signature lines."""

from __future__ import annotations

import io
import stat
import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldcase.db.store import Store
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import PartyRole
from fieldcase.services import abc_agreements, abc_views
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.agreement import (
    agreement_markdown,
    agreement_pdf,
    export_agreement,
    md_text,
)
from fieldcase.services.case_records import PersonInput
from fieldcase.services.intake import NewCaseInput, create_case

PRINTED = date(2026, 3, 10)
HOSTILE = "[@click=app.quit]x[/] *bold* <b>"


def draft_view(store: Store, name: str = "Zofia Wiśniewska") -> abc_views.AbcView:
    """A draft ABC, unsigned, with a perpetrator whose name needs Unicode."""
    with store.transaction() as session:
        case = create_case(
            session,
            NewCaseInput(
                category="hate_crime",
                strands=["race"],
                address="14 Larch Close",
                people=[
                    PersonInput("Ayşe Demir", PartyRole.VICTIM),
                    PersonInput(name, PartyRole.PERPETRATOR),
                ],
            ),
            officer_name="Officer Test",
            policy=Policy(),
            today=date(2026, 2, 2),
        )
        person = abc_views.perpetrators(session, case.id)[0].person_id
        abc = abc_agreements.create_abc(
            session,
            case.id,
            AbcInput(
                person_id=person,
                start_on=date(2026, 3, 12),
                conditions=[
                    ConditionInput("I will engage with Brightway Youth Service.", "requirement"),
                    ConditionInput("I will not verbally abuse the residents of 14 Larch Close."),
                    ConditionInput("I will not enter Larch Close after 10pm."),
                ],
                signatories=[
                    SignatoryInput("perpetrator", name),
                    SignatoryInput("housing_officer", "Officer Test"),
                    SignatoryInput("police_officer", "PC Amira Łowe", collar_number="4521"),
                ],
            ),
            policy=Policy(),
            today=PRINTED,
        )
        abc_id: uuid.UUID = abc.id
    with store.reading() as session:
        return abc_views.load_abc(session, abc_id)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_markdown_lists_conditions_and_signature_lines(store: Store) -> None:
    """Prohibitions and requirements are numbered straight through; each signatory has a row."""
    md = agreement_markdown(draft_view(store), printed_on=PRINTED)
    assert "# Acceptable Behaviour Contract" in md
    assert "made with **Zofia Wiśniewska**" in md
    assert "starts on **12 March 2026** and ends on **12 September 2026**" in md
    prohibitions = md.index("## What I agree not to do")
    requirements = md.index("## What I agree to do")
    assert prohibitions < md.index("1. I will not verbally abuse") < requirements
    assert requirements < md.index("3. I will engage with Brightway Youth Service.")
    assert "| Police officer | PC Amira Łowe (collar number 4521) |  |  |" in md


def test_pdf_contains_the_conditions_and_unicode_names(store: Store) -> None:
    """The PDF's extracted text holds every condition and names outside Latin-1."""
    text = pdf_text(agreement_pdf(draft_view(store), printed_on=PRINTED))
    flat = " ".join(text.split())
    assert "Zofia Wiśniewska" in flat
    assert "PC Amira Łowe" in flat
    assert "I will not verbally abuse the residents of 14 Larch Close." in flat
    assert "I will not enter Larch Close after 10pm." in flat
    assert "I will engage with Brightway Youth Service." in flat
    assert flat.count("Signature:") == 3


def test_stored_text_is_literal_in_markdown(store: Store) -> None:
    """A name full of markup is escaped, so a Markdown viewer shows it as typed."""
    md = agreement_markdown(draft_view(store, HOSTILE), printed_on=PRINTED)
    assert "made with **\\[@click=app.quit\\]x\\[/\\] \\*bold\\* \\<b\\>**" in md


@pytest.mark.parametrize(
    ("stored", "markdown"),
    [
        ("a\x1b]0;t\x07b", "a\\\\x1b\\]0;t\\\\x07b"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("&lt;script&gt;", "\\&lt;script\\&gt;"),
        ("line one\nline two", "line one ⏎ line two"),
        ("Smith & Sons (Ltd)", "Smith & Sons (Ltd)"),
    ],
)
def test_stored_text_cannot_shape_the_markdown(stored: str, markdown: str) -> None:
    """Control characters are visible; list markers and line breaks cannot restructure it."""
    assert md_text(stored) == markdown


def test_pdf_prints_markup_literally(store: Store) -> None:
    """In the PDF the hostile name appears exactly as typed."""
    flat = " ".join(pdf_text(agreement_pdf(draft_view(store, HOSTILE), printed_on=PRINTED)).split())
    assert HOSTILE in flat


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_export_writes_a_private_file_named_by_case(store: Store, tmp_path: Path, fmt: str) -> None:
    """The export lands in the folder, named by case reference, readable by the officer only."""
    view = draft_view(store)
    path = export_agreement(view, tmp_path / "exports", fmt, printed_on=PRINTED)  # type: ignore[arg-type]
    assert path.parent == tmp_path / "exports"
    assert path.name.startswith("abc-FC-2026-0001-") and path.suffix == f".{fmt}"
    assert "Wi" not in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"# Acceptable")
