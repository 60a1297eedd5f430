"""The key bar at the bottom of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """Textual's footer, each key made in the style it ends with.

    Textual makes every key compact and, once it is mounted, sets it back to the
    footer's own style: two restylings per key each time the footer is redrawn,
    which is at every change of focus. Here each key starts as it ends (bound keys
    in the footer's style, the command palette's key compact), so what is drawn
    is the same, for less work at every key press.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                bound = "compact" in (widget._reactive_connect or {})
                compact = self.compact if bound else widget.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
