"""F1 help: what the current screen is for and every key it answers to."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from fieldcase.ui.base import FieldcaseModal


class HelpScreen(FieldcaseModal[None]):
    """Lists the keys of the screen it was opened from."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="close-help", tooltip="Close the help"),
    ]

    def __init__(self, about: Screen[object]) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        help_text = getattr(self.about, "HELP", "") or ""
        lines: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for active in self.about.active_bindings.values():
            b = active.binding
            if not b.description or not isinstance(active.node, Screen | App):
                continue
            shown = b.key_display or self.app.get_key_display(b)
            item = (shown, b.description)
            if item in seen:
                continue
            seen.add(item)
            lines.append(item)
        lines.append(("ctrl+p", "Command palette: every action by name"))
        lines.append(("tab", "Next field or table (shift+tab goes back)"))
        lines.append(("enter", "Open or edit the highlighted row; open a drop-down"))
        lines.append(("space", "Tick or untick a checklist item"))
        with VerticalScroll(id="help"):
            yield Static(Content(type(self.about).__doc__ or "Help"), classes="help-title")
            if help_text:
                yield Static(Content(help_text), classes="help-text")
            width = max(len(k) for k, _ in lines)
            body = "\n".join(f"{k.rjust(width)}  {d}" for k, d in lines)
            yield Static(Content(body), id="help-keys")
            yield Static(Content("Esc closes this help."), classes="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
