"""Reaching a team server: the address, passwords kept out of it, TLS, and the optional driver."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fieldcase.__main__ import main
from fieldcase.db.engine import StoreError
from fieldcase.db.postgres import (
    ServerAddress,
    ServerDriverMissing,
    link_warning,
    require_driver,
)

INSTALL = "pip install 'fieldcase[server]'"


class TestTheAddress:
    @pytest.mark.parametrize(
        "address",
        [
            "postgresql://alice:hunter2hunter2@db.example.org/fieldcase",
            "host=db.example.org dbname=fieldcase user=alice password=hunter2hunter2",
        ],
    )
    def test_a_password_in_the_address_is_refused(self, address: str) -> None:
        """Written either way, an address holding a password is refused, without repeating it."""
        with pytest.raises(StoreError, match="holds a password") as caught:
            ServerAddress.parse(address)
        assert "hunter2" not in str(caught.value)

    def test_sqlalchemys_spelling_is_accepted(self) -> None:
        """postgresql+psycopg:// (as in older settings) means the same as postgresql://."""
        parsed = ServerAddress.parse("postgresql+psycopg://db.example.org/fieldcase")
        assert parsed.conninfo == "postgresql://db.example.org/fieldcase"

    @pytest.mark.parametrize(
        ("address", "shown"),
        [
            ("postgresql://db.example.org/fieldcase", "fieldcase on db.example.org"),
            ("service=fieldcase", "the team server (service fieldcase)"),
            ("host=/run/postgresql dbname=cases", "cases on this computer"),
        ],
    )
    def test_messages_name_the_server_in_a_few_words(self, address: str, shown: str) -> None:
        """What a message calls the server, without the whole connection string."""
        assert ServerAddress.parse(address).shown() == shown

    def test_an_unreadable_address_says_how_to_write_one(self) -> None:
        """A typo gets an example, not a driver traceback."""
        with pytest.raises(StoreError, match="sslmode=verify-full or service=NAME"):
            ServerAddress.parse("host=db.example.org dbname")


class TestTheLink:
    @pytest.mark.parametrize(
        ("settings", "warned"),
        [
            ({"host": "db.example.org", "sslmode": "prefer"}, True),
            ({"host": "db.example.org", "sslmode": "require"}, True),
            ({"host": "db.example.org", "sslmode": "verify-ca"}, True),
            ({"host": "db.example.org", "sslmode": "verify-full"}, False),
            ({"host": "/var/run/postgresql", "sslmode": "prefer"}, False),
            ({"host": "localhost", "sslmode": "disable"}, False),
        ],
    )
    def test_a_server_elsewhere_must_be_checked_by_certificate(
        self, settings: dict[str, str | None], warned: bool
    ) -> None:
        """Anything short of sslmode=verify-full to another machine is warned about."""
        warning = link_warning(settings)
        assert (warning is not None) == warned
        if warning:
            assert "sslmode=verify-full" in warning


class TestWithoutTheDriver:
    @pytest.fixture
    def no_psycopg(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A laptop installed without the server extra: psycopg cannot be imported."""
        for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, "psycopg", None)

    @pytest.mark.usefixtures("no_psycopg")
    def test_the_message_says_what_to_install(self) -> None:
        """Asking for a server without psycopg names the package extra to install."""
        with pytest.raises(ServerDriverMissing, match=INSTALL.replace("[", r"\[")):
            require_driver()

    @pytest.mark.usefixtures("no_psycopg")
    def test_server_on_the_command_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """fieldcase --server says what to install and stops."""
        assert main(["--server", "postgresql://db.example.org/fieldcase"]) == 2
        assert INSTALL in capsys.readouterr().err

    @pytest.mark.usefixtures("no_psycopg")
    def test_server_url_in_settings(
        self, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A server in settings.toml is used like --server, with the same message."""
        isolated_data_dir.mkdir(parents=True, exist_ok=True)
        (isolated_data_dir / "settings.toml").write_text(
            'server_url = "postgresql://db.example.org/fieldcase?sslmode=verify-full"\n'
        )
        assert main([]) == 2
        assert INSTALL in capsys.readouterr().err

    @pytest.mark.usefixtures("no_psycopg")
    def test_server_commands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """fieldcase server … says the same."""
        assert main(["server", "officers", "--server", "service=fieldcase"]) == 3
        assert INSTALL in capsys.readouterr().err


def test_a_laptop_runs_without_the_driver(tmp_path: Path) -> None:
    """In a fresh interpreter that cannot import psycopg, every module below the interface and
    the app itself import, and a laptop database is created, saved to and read back."""
    script = textwrap.dedent(
        f"""
        import importlib, sys
        sys.modules["psycopg"] = None
        from tests.unit.test_architecture import core_modules
        for name in core_modules() + ["fieldcase.__main__", "fieldcase.ui.app"]:
            importlib.import_module(name)
        from pathlib import Path
        from fieldcase.db.store import open_store
        from tests.builders import a_case
        store = open_store(Path({str(tmp_path / "laptop.db")!r}), "plum orchard lantern 42",
                           create=True, actor="Officer Test")
        with store.transaction() as session:
            built = a_case(session)
        print(built.reference)
        store.close()
        from fieldcase.__main__ import main
        sys.exit(main(["--server", "postgresql://db.example.org/fieldcase"]))
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        timeout=120,
    )
    assert result.stdout.strip() == "FC-2026-0001", result.stderr
    assert result.returncode == 2 and INSTALL in result.stderr
