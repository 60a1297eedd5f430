"""Start-up: what the first screen does not need is not imported before it is drawn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcase.db import migrate
from fieldcase.db.store import open_store

PASSPHRASE = "correct horse battery staple"

UNLOCK_PATH = (
    "fieldcase.__main__",
    "fieldcase.ui.app",
    "fieldcase.ui.screens.unlock",
    "fieldcase.ui.screens.setup",
)


def test_the_unlock_path_does_not_import_alembic() -> None:
    """Migrations are loaded when a database is opened, after the unlock screen is shown."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {UNLOCK_PATH!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


DATABASE_STACK = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "sqlcipher3",
    "psycopg",
    "fpdf",
    "icalendar",
    "holidays",
    "zxcvbn",
    "fieldcase.db.engine",
    "fieldcase.db.store",
    "fieldcase.db.models",
    "fieldcase.services.security",
    "fieldcase.ui.screens.dashboard",
)


def test_the_unlock_screen_needs_nothing_of_the_database_stack() -> None:
    """Up to the unlock screen only Textual and small modules load; the rest comes after."""
    script = (
        "import json, sys\n"
        "import fieldcase.__main__ as command_line\n"
        "command_line.build_parser().parse_args(['--database', 'cases.db'])\n"
        "from fieldcase.ui.app import FieldcaseApp\n"
        "from fieldcase.ui.screens.unlock import UnlockScreen\n"
        f"stack = {DATABASE_STACK!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in stack)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.real_kdf  # the child process keys the file as fieldcase does
def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    """Alembic is needed to migrate a database, not to open one already at this version."""
    database = tmp_path / "cases.db"
    open_store(database, PASSPHRASE, create=True, actor="Officer Test").close()
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from fieldcase.db.store import open_store\n"
        f"open_store(Path({str(database)!r}), {PASSPHRASE!r}).close()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_migrations_read_from_their_files_are_alembics() -> None:
    """The head and known revisions read without Alembic are the ones Alembic finds."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in script.walk_revisions()}
