"""A footer that redraws its keys only when the keys it shows have changed.

Textual's footer rebuilds every key widget each time the screen's bindings
might have changed: each focus move, each refresh of the bindings, several
times while a screen opens. Rebuilding a footer of a dozen keys costs tens of
milliseconds; on the case file it was most of the time to open a case.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

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
