"""Dependencies point one way: ui -> services -> db/domain. Nothing below ui uses Textual."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import fieldcase

PACKAGE_DIR = Path(fieldcase.__file__).parent
CORE_PACKAGES = ("fieldcase.db", "fieldcase.services", "fieldcase.domain", "fieldcase.demo")
CORE_MODULES = ("fieldcase", "fieldcase.config", "fieldcase.paths")
NOT_IMPORTABLE = {"fieldcase.db.migrations.env"}
"""Alembic's environment script runs only inside a migration."""


def core_modules() -> list[str]:
    """Every module of the layers below the interface."""
    names = list(CORE_MODULES)
    for package in CORE_PACKAGES:
        path = PACKAGE_DIR.joinpath(*package.split(".")[1:])
        names.append(package)
        names += [
            info.name
            for info in pkgutil.walk_packages([str(path)], prefix=package + ".")
            if info.name not in NOT_IMPORTABLE
        ]
    return names


def test_core_layers_run_without_textual() -> None:
    """Importing every module below ui, in a fresh interpreter, loads no Textual module."""
    modules = core_modules()
    assert "fieldcase.services.case_file" in modules and "fieldcase.db.store" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'textual' or m.startswith('fieldcase.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_source_file_outside_ui_imports_textual_or_the_ui() -> None:
    """No file outside ui/ names Textual or fieldcase.ui in an import, even a deferred one.

    The exceptions run the interface: __main__.py, and the tools that drive it
    (the benchmark, the screenshot generator).
    """
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if relative.parts[0] in ("ui", "tools") or relative.name == "__main__.py":
            continue
        for name in _imports(path):
            if name.split(".")[0] == "textual" or name.startswith("fieldcase.ui"):
                offenders.append(f"{relative}: {name}")
    assert offenders == []


def test_domain_knows_nothing_of_storage_or_services() -> None:
    """Domain rules are pure: no database, no services."""
    offenders = []
    for path in sorted((PACKAGE_DIR / "domain").rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ("sqlalchemy", "sqlmodel", "alembic", "sqlcipher3", "psycopg") or (
                name.startswith(("fieldcase.db", "fieldcase.services"))
            ):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


DATABASE_CALLS = {"transaction", "reading", "run", "exec", "execute", "get", "scalar", "scalars"}
"""Calls that reach the database when made on a store or a session."""


def _database_calls(path: Path) -> list[str]:
    """Places in one file that open a session, query a table or call the store directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = (
                owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            )
            if owner_name in ("store", "session", "_store") and node.func.attr in DATABASE_CALLS:
                found.append(f"line {node.lineno}: {owner_name}.{node.func.attr}()")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("select", "Session")
        ):
            found.append(f"line {node.lineno}: {node.func.id}()")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "sqlmodel",
            "sqlalchemy",
        ):
            names = {alias.name for alias in node.names}
            if names & {"select", "Session", "col", "func", "text"}:
                found.append(f"line {node.lineno}: from {node.module} import {names}")
    return found


def test_screens_and_dialogs_never_touch_the_database() -> None:
    """The interface calls services through the app, off its thread; it never opens a session.

    ``FieldcaseApp.run_service`` is the one door: it runs one service function
    in its own transaction on a worker thread. Screens, dialogs and widgets do
    not open sessions, query tables or call the store themselves.
    """
    offenders = []
    for path in sorted((PACKAGE_DIR / "ui").rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if relative.name == "app.py":
            continue  # the app owns the store and is the one door to it
        offenders += [f"{relative} {place}" for place in _database_calls(path)]
    assert offenders == []


def test_the_database_check_sees_a_screen_that_opens_a_session(tmp_path: Path) -> None:
    """The check above finds each way a screen could reach the database itself."""
    screen = tmp_path / "screen.py"
    screen.write_text(
        "from sqlmodel import select\n"
        "def load(self):\n"
        "    with self.app.store.reading() as session:\n"
        "        return session.get(Case, 1), session.exec(select(Case))\n",
        encoding="utf-8",
    )
    found = " ".join(_database_calls(screen))
    for expected in ("import", "store.reading()", "session.get()", "session.exec()", "select()"):
        assert expected in found
