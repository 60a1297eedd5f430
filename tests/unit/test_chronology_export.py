"""Chronology exports as real files: PDF text in order, CSV a spreadsheet cannot run, Markdown,
redaction, never over a file, readable by the officer alone, audited, and the command."""

from __future__ import annotations

import csv
import json
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from fieldcase.__main__ import main
from fieldcase.db.models import AuditEvent
from fieldcase.db.store import Store
from fieldcase.domain.chronology import EntryKind
from fieldcase.services.chronology_export import (
    ChronologyExportInput,
    ExportFormat,
    export_chronology,
)
from fieldcase.services.errors import ValidationError
from tests.builders import a_contact
from tests.chronology_data import NOW, StoryCase, story_case
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def story(store: Store) -> StoryCase:
    with store.transaction() as session:
        return story_case(session)


def export(store: Store, story: StoryCase, path: Path, fmt: str, **options: object) -> Path:
    data = ChronologyExportInput(path, fmt, **options)  # type: ignore[arg-type]
    store.run(export_chronology, story.case_id, data, produced_by="Officer Test", now=NOW)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


class TestPdf:
    """The PDF an officer would hand to a court."""

    def test_header_then_entries_numbered_in_order_with_page_numbers(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        text = pdf_text(export(store, story, tmp_path / "chronology.pdf", ExportFormat.PDF))
        assert "Chronology: " + story.reference in text
        assert "Case officer Officer Test" in text
        assert "Produced on 20 March 2026 12:00 by Officer Test" in text
        assert "Period covered 1 March 2026 to 16 March 2026" in text
        assert "it leaves fieldcase's encrypted store" in text
        numbers = [int(n) for n in re.findall(r"^(\d+)\.  \w{3} \d", text, re.MULTILINE)]
        assert numbers == list(range(1, 13))
        assert text.index("Letter to Gary Stroud: sent") < text.index("ABC signed with Gary")
        assert re.search(r"page 1 of \d", text)

    def test_names_in_any_script_print_and_the_undrawable_are_named(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        """Polish, Greek and Cyrillic print as written; a character DejaVu lacks shows its code."""
        with store.transaction() as session:
            a_contact(
                session,
                story.case_id,
                person_id=story.victim_id,
                notes="Spoke with Zofia Wiśniewska, Γιώργος and Ольга; neighbour 王 moved in.",
                now=NOW,
            )
        text = pdf_text(export(store, story, tmp_path / "c.pdf", ExportFormat.PDF))
        assert "Zofia Wiśniewska, Γιώργος and Ольга; neighbour [U+738B] moved in." in text
        assert "shown by their Unicode code point" in text

    def test_redacted_pdf_names_no_third_party(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        text = pdf_text(export(store, story, tmp_path / "r.pdf", ExportFormat.PDF, redact=True))
        for name in ("Zofia", "Peter Quill", "07700 900222"):
            assert name not in text
        assert "[Household member A] was in the garden. [Witness B] heard it." in text
        assert "Reported by" not in text
        assert "Gary Stroud" in text and "Marta Nowicka" in text and "PC Jo Marsh" in text
        assert "Third parties redacted" in text


class TestCsv:
    """A CSV a spreadsheet opens as text, never as formulas."""

    def test_cells_that_could_start_a_formula_are_neutralised(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        dangers = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
        with store.transaction() as session:
            for notes in dangers:
                a_contact(session, story.case_id, person_id=story.victim_id, notes=notes, now=NOW)
        rows = read_csv(export(store, story, tmp_path / "c.csv", ExportFormat.CSV))
        notes = [row[5] for row in rows if len(row) == 7 and row[3] == "Contact"]
        assert {
            '\'=HYPERLINK("http://x")',
            "'+1+2",
            "'-2+3",
            "'@SUM(A1)",
            "'\t=1",
            "\\x0d=1",  # a carriage return is made visible, so nothing can follow it
        } <= set(notes)
        every_cell = [cell for row in rows for cell in row]
        assert not [c for c in every_cell if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    def test_header_then_one_row_per_entry(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        rows = read_csv(export(store, story, tmp_path / "c.csv", ExportFormat.CSV))
        assert rows[0] == ["Chronology", story.reference]
        assert ["Period covered", "1 March 2026 to 16 March 2026"] in rows
        table = rows[rows.index(["No.", "Date", "Time", "Kind", "What", "Notes", "By"]) + 1 :]
        assert [r[0] for r in table] == [str(n) for n in range(1, 13)]
        assert table[4][1:5] == ["2026-03-04", "09:00", "Contact", "Letter to Gary Stroud: sent"]


class TestMarkdownAndFilters:
    def test_filtered_export_keeps_the_numbers_and_says_so(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        path = export(
            store, story, tmp_path / "c.md", ExportFormat.MARKDOWN, kind=EntryKind.CONTACT
        )
        text = path.read_text("utf-8")
        assert re.findall(r"^## (\d+)\.", text, re.MULTILINE) == ["5", "6"]
        assert "| Entries | 2 of 12 (Contact entries only; numbered as in the whole" in text

    def test_stored_text_cannot_change_the_document(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        with store.transaction() as session:
            a_contact(session, story.case_id, notes="# [click](http://x) *bold*\x1b]0;t", now=NOW)
        text = export(store, story, tmp_path / "c.md", ExportFormat.MARKDOWN).read_text()
        assert "\\# \\[click\\](http://x) \\*bold\\*\\\\x1b\\]0;t" in text


class TestWriting:
    """Written only where asked, to a new file the officer alone can read; audited."""

    def test_new_file_readable_by_the_officer_alone_and_audited(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        path = export(store, story, tmp_path / "out" / "c.md", ExportFormat.MARKDOWN, redact=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with store.reading() as session:
            (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert (event.entity, event.case_id, event.actor) == (
            "chronology",
            story.case_id,
            "Officer Test",
        )
        assert json.loads(event.changes) == {
            "format": "md",
            "redacted": True,
            "entries": 12,
            "file": str(path),
        }

    def test_never_over_an_existing_file(
        self, store: Store, story: StoryCase, tmp_path: Path
    ) -> None:
        """The file there is untouched, the officer is told next to the path, nothing audited."""
        path = tmp_path / "c.pdf"
        path.write_text("keep me")
        with pytest.raises(ValidationError) as raised:
            export(store, story, path, ExportFormat.PDF)
        assert "already exists" in raised.value.errors["path"]
        assert path.read_text() == "keep me"
        with store.reading() as session:
            assert session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all() == []


class TestCommand:
    """fieldcase chronology REF --format … --out FILE [--redact]."""

    def test_writes_the_redacted_chronology(
        self,
        store: Store,
        story: StoryCase,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        store.close()
        monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
        out = tmp_path / "story.md"
        code = main(
            ["chronology", story.reference.lower(), "--format", "md", "--out", str(out), "--redact"]
        )
        assert code == 0
        said = capsys.readouterr().out
        # Run today, long after March 2026: the visit planned for 25 March is now in it.
        assert f"the chronology of {story.reference}, 13 entries, third parties redacted" in said
        assert "not encrypted" in said
        assert "\\[Witness B\\] heard it" in out.read_text()

    def test_refuses_to_overwrite(
        self,
        store: Store,
        story: StoryCase,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        store.close()
        monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
        out = tmp_path / "c.csv"
        out.write_text("mine")
        code = main(["chronology", story.reference, "--format", "csv", "--out", str(out)])
        assert code == 1
        assert "already exists" in capsys.readouterr().err
        assert out.read_text() == "mine"
