"""The typed door from screens and dialogs to the app (and through it, to the services)."""

from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.screen import ModalScreen, Screen

from fieldcase.ui.app import FieldcaseApp

ResultT = TypeVar("ResultT")


class FieldcaseScreen(Screen[ResultT]):
    """A full screen of fieldcase; ``self.app`` is typed as the fieldcase app."""

    app = getters.app(FieldcaseApp)


class FieldcaseModal(ModalScreen[ResultT]):
    """A dialog of fieldcase; ``self.app`` is typed as the fieldcase app."""

    app = getters.app(FieldcaseApp)
