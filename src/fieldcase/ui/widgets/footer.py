"""The key bar at the bottom of every screen.

``Footer`` makes each key in the style it ends with; ``SteadyFooter`` also
redraws its keys only when the keys it shows have changed. Textual's footer
rebuilds every key widget each time the screen's bindings might have changed:
each focus move, each refresh of the bindings, several times while a screen
opens. Rebuilding a footer of a dozen keys costs tens of milliseconds; on the
case file it was most of the time to open a case.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
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


Shown = tuple[tuple[str, str, str, bool, str], ...]
"""Each key shown: key, label, action, whether it is enabled, tooltip."""


class SteadyFooter(Footer):
    """The footer, rebuilt once per change of the keys it shows rather than per signal."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None
        self._due = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Check the keys once the screen has settled; many signals make one check."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._due:
            self._due = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._due = False
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys(self) -> Shown:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
