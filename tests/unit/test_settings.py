"""Settings: read, written, and clear errors for a hand-edited file that is wrong."""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

from fieldcase.config import Settings, SettingsError, load_settings, save_settings
from fieldcase.domain.policy import Policy
from fieldcase.paths import locate


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    """First run: no file, default settings, nothing written."""
    path = tmp_path / "settings.toml"
    assert load_settings(path) == Settings()
    assert not path.exists()


def test_round_trip(tmp_path: Path) -> None:
    """Every setting and policy value saved is read back the same."""
    path = tmp_path / "nested" / "settings.toml"
    settings = Settings(
        officer_name="Sam Okafor",
        idle_lock_minutes=0,
        questionnaire_path="/srv/policy/risk.toml",
        policy=Policy(
            first_contact_hate_working_days=2,
            update_days_high=3,
            retention_years=7,
            nation="scotland",
            extra_closure_days=(date(2026, 12, 24), date(2026, 12, 31)),
        ),
    )
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


def test_saving_replaces_the_previous_settings(tmp_path: Path) -> None:
    """A second save overwrites the first."""
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(officer_name="First"))
    save_settings(path, Settings(officer_name="Second"))
    assert load_settings(path).officer_name == "Second"


def test_file_holds_no_case_data(tmp_path: Path) -> None:
    """The settings file (unencrypted) holds only preferences and policy."""
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(officer_name="Sam Okafor"))
    text = path.read_text(encoding="utf-8")
    names = {f.name for f in fields(Settings)} | {f.name for f in fields(Policy)}
    keys = {line.split("=")[0].strip() for line in text.splitlines() if "=" in line}
    assert keys <= names


def test_partial_file_keeps_defaults_for_the_rest(tmp_path: Path) -> None:
    """An organisation may set just the values it changes."""
    path = tmp_path / "settings.toml"
    path.write_text('officer_name = "Sam"\n[policy]\nupdate_days_high = 5\n', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.officer_name == "Sam"
    assert loaded.policy.update_days_high == 5
    assert loaded.policy.update_days_medium == Policy().update_days_medium
    assert loaded.idle_lock_minutes == Settings().idle_lock_minutes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("officer_name = \n", "not valid TOML"),
        ("officer_name = 'unterminated\n", "not valid TOML"),
        ("officer_name = 42\n", "officer_name must be text"),
        ("idle_lock_minutes = 'five'\n", "idle_lock_minutes must be a whole number"),
        ("idle_lock_minutes = -1\n", "idle_lock_minutes must be a whole number from 0 to 240"),
        ("idle_lock_minutes = true\n", "idle_lock_minutes must be a whole number"),
        ("idle_lock_minutes = 2.5\n", "idle_lock_minutes must be a whole number"),
        (
            "oficer_name = 'typo'\n",
            "unknown setting oficer_name (did you mean officer_name?)",
        ),
        ("policy = 3\n", "[policy] must be a table"),
        (
            "[policy]\nupdate_days_hihg = 3\n",
            "unknown setting policy.update_days_hihg (did you mean policy.update_days_high?)",
        ),
        ("[policy]\nupdate_days_high = -7\n", "policy.update_days_high must be a whole number"),
        ("[policy]\nretention_years = '6'\n", "policy.retention_years must be a whole number"),
        ("[policy]\nbank_holidays = '2026-12-25'\n", "policy.bank_holidays must be a list"),
        (
            "[policy]\nextra_closure_days = ['2026-12-24']\n",
            "policy.extra_closure_days must be a list of dates, like [2026-12-24]",
        ),
        (
            "[policy]\nnation = 'wales'\n",
            'policy.nation must be one of "england-and-wales", "scotland", "northern-ireland"',
        ),
        ("[policy]\nnation = 3\n", "policy.nation must be one of"),
        ("[policy]\nbank_holidays = ['2026-12-25']\n", "policy.bank_holidays must be a list"),
        (
            "[policy]\nbank_holidays = [2026-12-25T09:00:00]\n",
            "policy.bank_holidays must be a list of dates",
        ),
    ],
)
def test_bad_values_get_a_clear_message(tmp_path: Path, content: str, message: str) -> None:
    """A wrong value names the file and the setting and says what is expected."""
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_file_that_is_not_text(tmp_path: Path) -> None:
    """A binary file in place of the settings is reported, not crashed on."""
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)


def test_extra_closure_days_from_toml_dates(tmp_path: Path) -> None:
    """The organisation's own closure days are written as TOML dates."""
    path = tmp_path / "settings.toml"
    path.write_text("[policy]\nextra_closure_days = [2026-12-24]\n", encoding="utf-8")
    assert load_settings(path).policy.extra_closure_days == (date(2026, 12, 24),)


def test_old_bank_holidays_list_is_read_as_extra_closure_days(tmp_path: Path) -> None:
    """A settings file from before keeps working: its hand-typed list becomes closure days."""
    path = tmp_path / "settings.toml"
    path.write_text(
        "[policy]\nbank_holidays = [2026-12-28, 2026-12-25]\nextra_closure_days = [2026-12-24]\n",
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.policy.extra_closure_days == (
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 28),
    )
    save_settings(path, loaded)
    assert "bank_holidays" not in path.read_text(encoding="utf-8")
    assert load_settings(path) == loaded


@pytest.mark.parametrize("nation", ["england-and-wales", "scotland", "northern-ireland"])
def test_nation_from_settings(tmp_path: Path, nation: str) -> None:
    """Each UK nation with its own bank holidays can be chosen; England and Wales by default."""
    path = tmp_path / "settings.toml"
    path.write_text(f"[policy]\nnation = '{nation}'\n", encoding="utf-8")
    assert load_settings(path).policy.nation == nation
    assert Policy().nation == "england-and-wales"


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FIELDCASE_DATA_DIR moves the database and settings; --data-dir overrides it."""
    monkeypatch.setenv("FIELDCASE_DATA_DIR", str(tmp_path / "env"))
    assert locate().settings_file == tmp_path / "env" / "settings.toml"
    assert locate().database == tmp_path / "env" / "fieldcase.db"
    assert locate(tmp_path / "flag").data_dir == tmp_path / "flag"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """A file with several mistakes lists them all, so it can be fixed in one go."""
    path = tmp_path / "settings.toml"
    path.write_text(
        "oficer_name = 'Sam'\nidle_lock_minutes = 'five'\n"
        "[policy]\nretention_years = 0\nnation = 'wales'\nreview_days_hihg = 3\n",
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert caught.value.problems == [
        "unknown setting oficer_name (did you mean officer_name?)",
        "unknown setting policy.review_days_hihg (did you mean policy.review_days_high?)",
        "policy.retention_years must be a whole number from 1 to 100 "
        "(it is 0: that would make every closed case due for purging at once)",
        'policy.nation must be one of "england-and-wales", "scotland", "northern-ireland"',
        "idle_lock_minutes must be a whole number from 0 to 240",
    ]
    assert str(caught.value).startswith(f"{path} has 5 problems:\n  - unknown setting")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("policy.retention_years", 0),
        ("policy.retention_years", 101),
        ("policy.update_days_high", 0),
        ("policy.abc_review_weeks", 0),
        ("policy.abc_length_months", 120),
        ("idle_lock_minutes", 100000),
    ],
)
def test_numbers_outside_a_sensible_range_are_refused(
    tmp_path: Path, setting: str, value: int
) -> None:
    """A number that would do harm (no retention at all, a review every 0 days) is refused."""
    path = tmp_path / "settings.toml"
    table, _, name = setting.rpartition(".")
    path.write_text((f"[{table}]\n" if table else "") + f"{name} = {value}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=f"{setting} must be a whole number from"):
        load_settings(path)


def test_defaults_are_not_written_into_the_officers_file(tmp_path: Path) -> None:
    """Only what was chosen is written, so a better default reaches this laptop later."""
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(officer_name="Sam Okafor"))
    assert path.read_text(encoding="utf-8") == 'officer_name = "Sam Okafor"\n'


def test_a_value_the_organisation_wrote_stays_even_when_it_is_the_default(
    tmp_path: Path,
) -> None:
    """A value written on purpose is kept when fieldcase saves the file (e.g. the name)."""
    path = tmp_path / "settings.toml"
    path.write_text("idle_lock_minutes = 5\n[policy]\nretention_years = 6\n", encoding="utf-8")
    save_settings(path, replace(load_settings(path), officer_name="Sam Okafor"))
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "officer_name": "Sam Okafor",
        "idle_lock_minutes": 5,
        "policy": {"retention_years": 6},
    }
