"""Whether the team server answers: offline is said once, and so is being back.

Every action reaches the server through ``FieldcaseApp.run_service``, which
tells this watch how it went. When the server has stopped or the network has
dropped, the header says OFFLINE and a notice says what that means; the form
being saved keeps what was typed and says so next to its Save (the notice,
which would cover it on a small terminal, is then left out). The pool
reconnects on the next action, so pressing Save again (or any action) is the
retry, and the first one that works says the server is back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

OFFLINE_MARK = " · OFFLINE"
"""Added to the header's subtitle while the team server cannot be reached."""
OFFLINE_NOTICE = (
    "fieldcase cannot reach the team server: it has stopped, or the network dropped. "
    "Nothing typed is lost. Saving again, or any other action, tries again."
)
BACK_NOTICE = "The team server answers again."


class ServerLink:
    """Tracks whether the last action reached the team server, and says when that changes."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.offline = False
        """True from an action the server did not answer until one it did."""
        self._noticed = False

    def lost(self, *, notice: bool = True) -> None:
        """An action could not reach the server: mark the header, and give the notice once
        for this outage (not for a form, which says it next to its Save)."""
        if not self.offline:
            self.offline = True
            self.app.sub_title = self.app.sub_title + OFFLINE_MARK
        if notice and not self._noticed:
            self._noticed = True
            self.app.notify(OFFLINE_NOTICE, title="Offline", severity="error", timeout=15)

    def answered(self) -> None:
        """An action reached the server: if it was offline, say it is back."""
        if not self.offline:
            return
        self.offline = self._noticed = False
        self.app.sub_title = self.app.sub_title.removesuffix(OFFLINE_MARK)
        self.app.notify(BACK_NOTICE, title="Team server")
