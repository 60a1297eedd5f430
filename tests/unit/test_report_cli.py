"""`fieldcase report`: the reports screen's figures for a period, as text or CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from fieldcase.__main__ import main
from fieldcase.db.store import Store
from fieldcase.domain.vocab import Category
from tests.builders import a_case
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def database(store: Store, db_path: Path) -> Path:
    """Two cases opened in April 2026 (one hate, one nuisance) for an organisation of 500 homes."""
    with store.transaction() as session:
        a_case(session, opened_on=date(2026, 4, 2))
        a_case(session, category=Category.NUISANCE_ASB, strands=[], opened_on=date(2026, 4, 9))
    store.close()
    (db_path.parent / "settings.toml").write_text("[policy]\nhomes = 500\n", encoding="utf-8")
    return db_path


def test_csv_holds_nm01_per_1000_homes(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two cases, one involving hate, in 500 homes: 4.00 and 2.00 per 1,000."""
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["report", "--from", "2026-04-01", "--to", "2026-06-30", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["section", "figure", "value"]
    assert rows[1:5] == [
        ["NM01", "ASB cases opened", "2"],
        ["NM01", "per 1,000 homes", "4.00"],
        ["NM01", "ASB cases involving hate incidents", "1"],
        ["NM01", "per 1,000 homes", "2.00"],
    ]


def test_text_names_the_period_and_a_period_backwards_is_refused(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text report says its period; --to before --from is a usage error, said plainly."""
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["report", "--from", "2026-04-01", "--to", "2026-06-30"]) == 0
    assert capsys.readouterr().out.startswith("Figures for 01 April 2026 to 30 June 2026\n")
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["report", "--from", "2026-06-30", "--to", "2026-04-01"]) == 2
    assert "The period ends before it starts." in capsys.readouterr().err


def test_csv_ends_with_each_month_of_the_period(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """April to June: April's two cases opened, and no month without answers shown as 0%."""
    monkeypatch.setenv("FIELDCASE_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["report", "--from", "2026-04-01", "--to", "2026-06-30", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    monthly = [r[1:] for r in rows if r[0] == "By month"]
    assert monthly == [
        ["April 2026: ASB cases opened", "2"],
        ["April 2026: satisfied (4 or 5 of 5)", "no answers"],
        ["May 2026: ASB cases opened", "0"],
        ["May 2026: satisfied (4 or 5 of 5)", "no answers"],
        ["June 2026: ASB cases opened", "0"],
        ["June 2026: satisfied (4 or 5 of 5)", "no answers"],
    ]
