"""In a real terminal, keys typed ahead land where the officer means them, and a paste is text."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from fieldcase.config import Settings, load_settings, save_settings
from fieldcase.db.models import Action, Contact
from fieldcase.db.store import Store, open_store
from fieldcase.domain.dates import to_local
from tests.builders import a_case
from tests.conftest import TEST_OFFICER, TEST_PASSPHRASE
from tests.terminal.tmux import Tmux, wait_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

PASSPHRASE = "quiet-marsh-lantern-oboe-47"
"""An invented passphrase strong enough for a new database."""


@pytest.fixture
def terminal_at(isolated_data_dir: Path) -> Iterator[Callable[..., Tmux]]:
    """Start fieldcase in tmux on the test's data folder; closed after the test."""
    started: list[Tmux] = []

    def start(**env: str) -> Tmux:
        started.append(Tmux(isolated_data_dir, env=env))
        return started[-1]

    yield start
    for terminal in started:
        terminal.close()


def test_a_password_manager_fills_the_first_run_screen(
    terminal_at: Callable[..., Tmux], isolated_data_dir: Path
) -> None:
    """``name<Tab>passphrase<Tab>passphrase<Enter>`` at once: the database for that name."""
    terminal = terminal_at()
    terminal.wait_for("Your name")
    terminal.type(f"Jo Invented\t{PASSPHRASE}\t{PASSPHRASE}\r")
    terminal.wait_for("No open cases")
    assert load_settings(isolated_data_dir / "settings.toml").officer_name == "Jo Invented"
    open_store(isolated_data_dir / "fieldcase.db", PASSPHRASE).close()


def test_keys_typed_as_the_caseload_opens_act_on_it(
    terminal_at: Callable[..., Tmux], store: Store, isolated_data_dir: Path
) -> None:
    """``o`` typed straight after the passphrase's Enter, ``x`` the instant the caseload shows."""
    with store.transaction() as session:
        case = a_case(session, officer_name=TEST_OFFICER)
    store.close()
    save_settings(isolated_data_dir / "settings.toml", Settings(officer_name=TEST_OFFICER))
    terminal = terminal_at()
    terminal.wait_for("Enter your passphrase")
    terminal.type(f"{TEST_PASSPHRASE}\ro")
    terminal.wait_for(case.reference)
    terminal.type("x")
    terminal.wait_for("all officers' cases, closed included")


def test_tabs_and_a_time_typed_at_once_land_in_when(
    terminal_at: Callable[..., Tmux], store: Store, isolated_data_dir: Path
) -> None:
    """On a new contact, ``<Tab><Tab>yesterday 21:37`` in one write goes past How and With."""
    with store.transaction() as session:
        case = a_case(session, officer_name=TEST_OFFICER)
    store.close()
    save_settings(isolated_data_dir / "settings.toml", Settings(officer_name=TEST_OFFICER))
    terminal = terminal_at(FIELDCASE_PASSPHRASE=TEST_PASSPHRASE)
    terminal.wait_for(case.reference)
    terminal.type("\r")
    terminal.wait_for("Log contact")
    terminal.type("l")
    terminal.wait_for("When (e.g. now")
    terminal.type("\t\tyesterday 21:37")
    terminal.wait_for("yesterday 21:37")
    terminal.type("\x13")  # ctrl+S
    wait_until(lambda: saved_contacts(isolated_data_dir) != [])
    [at] = saved_contacts(isolated_data_dir)
    assert (at.hour, at.minute) == (21, 37)


def saved_contacts(data_dir: Path) -> list[datetime]:
    """When each contact logged happened, in local time, read from the database file."""
    check = open_store(data_dir / "fieldcase.db", TEST_PASSPHRASE)
    try:
        with check.reading() as session:
            return [to_local(contact.at) for contact in session.exec(select(Contact)).all()]
    finally:
        check.close()


def test_a_paste_is_text_and_presses_no_keys(
    terminal_at: Callable[..., Tmux], store: Store, isolated_data_dir: Path
) -> None:
    """Pastes ending in ESC ctrl+S and ESC ctrl+Q arrive visibly; nothing saves or quits."""
    with store.transaction() as session:
        case = a_case(session, officer_name=TEST_OFFICER)
    store.close()
    save_settings(isolated_data_dir / "settings.toml", Settings(officer_name=TEST_OFFICER))
    terminal = terminal_at(FIELDCASE_PASSPHRASE=TEST_PASSPHRASE)
    terminal.wait_for(case.reference)
    terminal.type("\rt")  # open the case, add to its action plan
    terminal.wait_for("What is to be done")
    terminal.paste("Bins\x1b[31m set\x01 alight\u202e\x1b\x13")
    terminal.type("!")
    terminal.wait_for("Bins\\x1b[31m set\\x01 alight\\u202e\\x1b\\x13!")
    terminal.paste("\x1b\x11")
    terminal.type("?")
    # The keys typed after each paste went on into the same field: no key in
    # the pastes saved the form or quit, and nothing has been stored.
    terminal.wait_for("Bins\\x1b[31m set\\x01 alight\\u202e\\x1b\\x13!\\x1b\\x11?")
    assert saved_actions(isolated_data_dir) == []

    terminal.type("\x13")  # ctrl+S, typed
    wait_until(lambda: saved_actions(isolated_data_dir) != [])
    assert saved_actions(isolated_data_dir) == [
        "Bins\\x1b[31m set\\x01 alight\\u202e\\x1b\\x13!\\x1b\\x11?"
    ], "what is stored is what the field showed"


def saved_actions(data_dir: Path) -> list[str]:
    """What the action plan holds, read from the database file."""
    check = open_store(data_dir / "fieldcase.db", TEST_PASSPHRASE)
    try:
        with check.reading() as session:
            return [action.what for action in session.exec(select(Action)).all()]
    finally:
        check.close()
