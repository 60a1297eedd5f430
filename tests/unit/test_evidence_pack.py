"""The evidence pack as a real PDF: contents that match the pages, "Page n of m", the numbered
chronology, redaction, exhibits with their SHA-256, never over a file, 0600, audited, and the
command."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from fieldcase.__main__ import main
from fieldcase.db.models import AuditEvent
from fieldcase.db.store import Store, open_store
from fieldcase.domain.policy import Policy
from fieldcase.services.attachments import AttachmentInput, add_attachment
from fieldcase.services.errors import ValidationError
from fieldcase.services.evidence_pack import EvidencePackInput, export_evidence_pack
from tests.builders import ADDRESS, POSTCODE
from tests.chronology_data import NOW, SAFE_NUMBER, StoryCase, story_case
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE

PHOTO = b"\xff\xd8\xff\xe0 the scratched car door, photographed on 2 March " * 40
SECTIONS = [
    "Case summary",
    "Chronology",
    "Incident accounts",
    "Letters, calls and visits",
    "ABCs and their breaches",
    "Enforcement steps",
    "Exhibits",
]


def attach_photo(store: Store, story: StoryCase, folder: Path) -> None:
    """One photo, described by the witness's name."""
    photo = folder / "car-door.jpg"
    photo.write_bytes(PHOTO)
    data = AttachmentInput(photo, "Taken by Peter Quill from his window")
    store.run(add_attachment, story.case_id, data, added_by="Officer Test", policy=Policy())


def build_story(store: Store, folder: Path) -> StoryCase:
    """The story case with a photo attached."""
    with store.transaction() as session:
        built = story_case(session)
    attach_photo(store, built, folder)
    return built


@pytest.fixture
def story(store: Store, tmp_path: Path) -> StoryCase:
    return build_story(store, tmp_path)


def write_pack(store: Store, story: StoryCase, path: Path, redact: bool = False) -> list[str]:
    """Write the pack; returns the text of each page."""
    data = EvidencePackInput(path, redact=redact)
    store.run(export_evidence_pack, story.case_id, data, produced_by="Officer Test", now=NOW)
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def packs(
    tmp_path_factory: pytest.TempPathFactory, empty_databases: Callable[[], Path]
) -> Iterator[dict[bool, list[str]]]:
    """The story case's pack as pages of text, unredacted (False) and redacted (True), written
    once for the tests that only read them."""
    folder = tmp_path_factory.mktemp("packs")
    shutil.copyfile(empty_databases(), folder / "fieldcase.db")
    store = open_store(folder / "fieldcase.db", TEST_PASSPHRASE, actor=TEST_OFFICER)
    try:
        story = build_story(store, folder)
        yield {
            r: write_pack(store, story, folder / f"pack-{r}.pdf", redact=r) for r in (False, True)
        }
    finally:
        store.close()


@pytest.fixture
def pages(packs: dict[bool, list[str]]) -> list[str]:
    return packs[False]


class TestLayout:
    """A pack a court can find its way around."""

    def test_contents_list_every_section_at_the_page_it_starts(self, pages: list[str]) -> None:
        listed = re.findall(r"^(\d)\. (.+?) page (\d+)$", pages[0], re.MULTILINE)
        assert [(int(n), title) for n, title, _ in listed] == list(enumerate(SECTIONS, start=1))
        for _, title, page in listed:
            assert pages[int(page) - 1].lstrip().startswith(title), title

    def test_every_page_says_page_n_of_m(self, pages: list[str]) -> None:
        assert len(pages) > len(SECTIONS)
        for n, text in enumerate(pages, start=1):
            assert f"Page {n} of {len(pages)}" in text

    def test_the_chronology_is_numbered_in_order_and_sections_keep_its_numbers(
        self, pages: list[str]
    ) -> None:
        text = "\n".join(pages)
        starts = [text.index(f"\n{title}\n") for title in SECTIONS[1:3]]
        chron = text[starts[0] : starts[1]]
        numbers = [int(n) for n in re.findall(r"^(\d+)\.  \w{3} \d", chron, re.MULTILINE)]
        assert numbers == list(range(1, 13))
        engage = text[text.index("\nLetters, calls and visits\n") :]
        assert "5.  Wed 4 Mar 2026 09:00  ·  Contact\nLetter to Gary Stroud: sent" in engage
        assert "Leanne Voss Attempting. Contacts: 1 visit; 1 reached no one." in engage
        breaches = text[text.index("\nABCs and their breaches\n") :]
        assert "12.  Mon 16 Mar 2026  ·  ABC breach" in breaches

    def test_header_summary_and_warning(self, pages: list[str]) -> None:
        first, summary = pages[0], pages[1]
        assert "Evidence pack: FC-" in first
        assert "Produced on 20 March 2026 12:00 by Officer Test" in first
        assert "it leaves fieldcase's encrypted store" in first
        assert "Risk level High" in summary
        assert "Alleged perpetrator Gary Stroud" in summary
        assert f"Property {ADDRESS}, {POSTCODE}" in summary


class TestExhibitsAndRedaction:
    def test_exhibits_listed_with_size_type_and_sha256(self, pages: list[str]) -> None:
        exhibits = pages[-1]
        assert "Exhibit 1: car-door.jpg" in exhibits
        assert "Type image/jpeg" in exhibits
        assert f"{len(PHOTO):,} bytes" in exhibits
        assert f"SHA-256 {hashlib.sha256(PHOTO).hexdigest()}" in exhibits

    def test_redacted_pack_names_no_third_party(self, packs: dict[bool, list[str]]) -> None:
        text = "\n".join(packs[True])
        for secret in ("Zofia", "Peter Quill", SAFE_NUMBER, "Reported by"):
            assert secret not in text
        assert "Household member [Household member A]" in text
        assert "Taken by [Witness B] from his window" in text
        assert "Gary Stroud" in text and "Marta Nowicka" in text and "PC Jo Marsh" in text
        assert "Third parties redacted" in text
        # The address the case is about is no third party's: a redacted pack keeps it.
        assert f"Property {ADDRESS}, {POSTCODE}" in packs[True][1]

    def test_unredacted_pack_names_everyone(self, pages: list[str]) -> None:
        text = "\n".join(pages)
        assert "Peter Quill" in text and "Zofia Nowicka" in text


class TestWriting:
    """Written only where asked, to a new file the officer alone can read; audited."""

    def test_new_file_readable_by_the_officer_alone_and_audited(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        path = tmp_path / "court" / "pack.pdf"
        write_pack(store, story, path, redact=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with store.reading() as session:
            (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert (event.entity, event.case_id, event.actor) == (
            "evidence_pack",
            story.case_id,
            "Officer Test",
        )
        assert json.loads(event.changes) == {
            "format": "pdf",
            "redacted": True,
            "entries": 12,
            "exhibits": 1,
            "file": str(path),
        }

    def test_never_over_an_existing_file(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        """The file there is untouched, the officer is told next to the path, nothing audited."""
        path = tmp_path / "pack.pdf"
        path.write_text("keep me")
        with pytest.raises(ValidationError) as raised:
            write_pack(store, story, path)
        assert "already exists" in raised.value.errors["path"]
        assert path.read_text() == "keep me"
        with store.reading() as session:
            assert session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all() == []


def run_command(store: Store, monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """Run ``fieldcase evidence-pack …`` on the test database, as a script would."""
    store.close()
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
    return main(["evidence-pack", *argv])


class TestCommand:
    """fieldcase evidence-pack REF --to FILE [--redact]."""

    def test_writes_the_redacted_pack(
        self,
        store: Store,
        story: StoryCase,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        out = tmp_path / "pack.pdf"
        code = run_command(
            store, monkeypatch, story.reference.lower(), "--to", str(out), "--redact"
        )
        assert code == 0
        said = capsys.readouterr().out
        # Run today, long after March 2026: the visit planned for 25 March is now in it.
        assert f"the evidence pack of {story.reference}, 13 entries, 1 exhibit, " in said
        assert "third parties redacted" in said and "not encrypted" in said
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
        assert "[Witness B] heard it" in text

    def test_refuses_to_overwrite(
        self,
        store: Store,
        story: StoryCase,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        out = tmp_path / "pack.pdf"
        out.write_text("mine")
        assert run_command(store, monkeypatch, story.reference, "--to", str(out)) == 1
        assert "already exists" in capsys.readouterr().err
        assert out.read_text() == "mine"
