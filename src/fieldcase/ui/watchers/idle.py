"""Noticing that nobody has touched the keyboard for a while."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

CHECK_EVERY_SECONDS = 5.0
"""How often the idle time is checked; the lock comes at most this late."""


class IdleWatch:
    """Calls ``on_idle`` once no key has been pressed for ``minutes`` (0 never does).

    The app calls ``touch()`` on every key press and click; ``check()`` runs on a
    timer. Time is measured with a monotonic clock, so changing the system
    clock neither locks early nor keeps the screen open.
    """

    def __init__(
        self,
        minutes: int,
        on_idle: Callable[[], object],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.minutes = minutes
        """Idle minutes before ``on_idle`` is called; 0 turns the watch off."""
        self.on_idle = on_idle
        self.clock = clock
        self.last_activity = clock()
        """When a key was last pressed (``clock`` seconds)."""
        self._timer: Timer | None = None

    def start(self, owner: MessagePump, every: float = CHECK_EVERY_SECONDS) -> None:
        """Check periodically on ``owner``'s timer (normally the app)."""
        self.touch()
        if self._timer is None:
            self._timer = owner.set_interval(every, self.check, name="idle-lock")

    def touch(self) -> None:
        """Someone is here: start the idle time again."""
        self.last_activity = self.clock()

    @property
    def idle_seconds(self) -> float:
        """Seconds since the last key press."""
        return self.clock() - self.last_activity

    def check(self) -> bool:
        """Call ``on_idle`` if the idle time has run out; True when it did."""
        if self.minutes <= 0 or self.idle_seconds < self.minutes * 60:
            return False
        self.touch()
        self.on_idle()
        return True
