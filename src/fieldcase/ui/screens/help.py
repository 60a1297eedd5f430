"""F1 help: what the current screen or dialog is for and every key it answers to."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from fieldcase.ui.base import SCREEN_KEYS, FieldcaseModal
from fieldcase.ui.keys import TEXTUAL_SCREEN_ACTIONS


def key_lines(about: Screen[object]) -> list[tuple[str, str]]:
    """Every key ``about`` answers to, with what it does, each once.

    A dialog stops the app's own keys except those that work everywhere (quit,
    hide, the check-in), so for a dialog those are listed from the app.
    """
    app = about.app
    lines: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(binding: Binding) -> None:
        shown = binding.key_display or app.get_key_display(binding)
        if shown.startswith("^"):
            shown = "ctrl+" + shown[1:]
        item = (shown, binding.description)
        if (
            binding.description
            and item not in seen
            and binding.action not in TEXTUAL_SCREEN_ACTIONS
        ):
            seen.add(item)
            lines.append(item)

    for active in about.active_bindings.values():
        if isinstance(active.node, Screen | App):
            add(active.binding)
    if about.is_modal:
        for binding in app.BINDINGS:
            if isinstance(binding, Binding) and binding.priority:
                add(binding)
    lines.append(("ctrl+p", "Command palette: every action here by name"))
    lines.extend(getattr(about, "HELP_KEYS", SCREEN_KEYS))
    return lines


class HelpScreen(FieldcaseModal[None]):
    """Lists the keys of the screen or dialog it was opened from."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="close-help", tooltip="Close the help"),
        Binding("q", "close", "Close", id="close-help-q", tooltip="Close the help", show=False),
        Binding("f1", "close", "Close", id="close-help-f1", tooltip="Close the help", show=False),
    ]

    def __init__(self, about: Screen[object]) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        help_text = getattr(self.about, "HELP", "") or ""
        lines = key_lines(self.about)
        title = (type(self.about).__doc__ or "Help").strip().splitlines()[0]
        with VerticalScroll(id="help"):
            yield Static(Content(title), classes="help-title")
            if help_text:
                yield Static(Content(help_text), classes="help-text")
            width = max(len(k) for k, _ in lines)
            body = "\n".join(f"{k.ljust(width)}  {d}" for k, d in lines)
            yield Static(Content(body), id="help-keys")
            yield Static(Content("Esc closes this help."), classes="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
