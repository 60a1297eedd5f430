"""The command palette: the current screen's actions, then the app's own commands.

Inside a dialog the palette offers the dialog's actions (save, cancel, its
own) and nothing that would leave it, so nothing typed is thrown away. The
keys of the focused field (move the cursor, delete a word) are not offered:
they are typing, not actions. An app command the screen already offers under
the same name is listed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen

from fieldcase.ui.keys import TEXTUAL_SCREEN_ACTIONS

if TYPE_CHECKING:
    from fieldcase.ui.app import FieldcaseApp


def palette_commands(app: FieldcaseApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    """Every action of ``screen`` (a screen or a dialog), plus the app's own commands."""
    seen: set[str] = set()
    titles: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if (
            not binding.description
            or binding.action in seen
            or binding.action in ("quit", "app.quit", "help")
            or binding.action in TEXTUAL_SCREEN_ACTIONS
            or not isinstance(active.node, Screen | App)
        ):
            continue
        seen.add(binding.action)
        titles.add(binding.description)
        yield SystemCommand(
            binding.description,
            binding.tooltip or binding.description,
            _runner(app, active.node, binding.action),
        )
    for command in _app_commands(app, screen):
        if command.title not in titles:
            yield command


def _app_commands(app: FieldcaseApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    yield SystemCommand("Help", "Show the keys for this screen", app.action_help)
    if app.is_unlocked and not screen.is_modal:
        yield SystemCommand("Dashboard", "Go to my caseload", app.show_dashboard)
        yield SystemCommand("Agenda", "Visits today and the next 7 days", app.show_agenda)
        yield SystemCommand(
            "Safety board",
            "Today's visits of the team and where each check-in stands",
            app.show_safety_board,
        )
        yield SystemCommand(
            "ABC monitoring",
            "Reviews due, ABCs ending soon and recent breaches, across all cases",
            app.show_abc_monitor,
        )
        yield SystemCommand(
            "Reports",
            "NM01, satisfaction, risk, overdue work and hate strands for a period",
            app.show_reports,
        )
        yield SystemCommand(
            "Duplicates",
            "People and addresses that may be recorded twice, to merge",
            app.show_duplicates,
        )
        if not app.demo and app.store.path is not None:
            yield SystemCommand(
                "Change passphrase",
                "Re-encrypt the database with a new passphrase",
                app.action_change_passphrase,
            )
    yield SystemCommand("Quit", "Quit fieldcase", app.action_quit)


def _runner(app: FieldcaseApp, node: DOMNode, action: str) -> Callable[[], object]:
    async def run() -> None:
        await app.run_action(action, node)

    return run
