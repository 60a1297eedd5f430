"""Start-up: what the first screen does not need is not imported before it is drawn."""

from __future__ import annotations

import json
import subprocess
import sys

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
