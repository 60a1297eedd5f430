"""Type-ahead: each key lands where it would have landed at human speed.

Textual hands a key to the widget that is focused when the key *arrives*. A key
that moves the focus (Tab), opens a screen (Enter) or shows a field (Space on a
checkbox) does so only after it has gone through the focused widget's message
queue, bubbled up to the screen and run its binding, and after the messages that
started have reached their containers. Keys that arrive meanwhile, as they do
from a password manager or a fast typist, have already been handed to the old
widget: ``name<Tab>passphrase`` ends up in one field, the first letter after Tab
lands in the field before, ``x`` typed while the caseload opens is lost.

``TypeAhead`` puts keys and pastes in a line and lets the next one go only when
the app is quiet: every message queue empty and no handler running, every new
widget mounted, no work running that keys must wait for (``hold_for``:
unlocking, saving) and, before a key that may move the focus, the screen laid
out (focus order follows the layout: a field just shown has no place in it
until then). Work that only loads what a screen shows does not hold keys: Esc
still leaves a screen that is slow to load. A paste is handed on as the text
``domain.text.pasted`` makes of it.

Quiet is read from Textual 8.2.8's internals (the app's registry of widgets,
their message queues, the screen's pending layout); the limits below stop a
key from waiting for ever if Textual changes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual._queue import Queue
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from fieldcase.domain.text import pasted

QUIET_LIMIT = 2.0
"""Longest a key waits for the app to finish with the previous one (normally milliseconds)."""
HOLD_LIMIT = 30.0
"""Longest keys wait for held work (an unlock, a save) before they go to the screen as it is."""

QUICK_LOOKS = 20
"""How often to look again at once at a busy handler before looking every ``LOOK_INTERVAL``."""
LOOK_INTERVAL = 0.002

Typed = events.Key | events.Paste


class TypeAhead:
    """Delivers keys and pastes to the app one at a time, in order, once it is quiet."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._waiting: deque[Typed] = deque()
        self._released: set[int] = set()
        """Ids of events handed back to the app to be handled now."""
        self._holds: list[tuple[Worker[Any], Screen[Any]]] = []
        self._task: asyncio.Task[None] | None = None
        self._done = asyncio.Event()
        """Set while nothing waits its turn and the last key's effects are done."""
        self._done.set()
        self._looks = 0
        """How often a busy handler has been looked at while this key waits."""

    @property
    def pending(self) -> bool:
        """True while keys or pastes wait their turn, or the last one is being handled."""
        return self._task is not None

    async def wait_until_handled(self) -> None:
        """Wait until every key and paste taken so far has been handled (for tests)."""
        await self._done.wait()

    def take(self, event: Typed) -> bool:
        """Put a key or paste from the terminal in line.

        Returns:
            True if it waits its turn; False if its turn has come and the app
            should handle it now.
        """
        if id(event) in self._released:
            self._released.discard(id(event))
            return False
        self._waiting.append(event)
        if self._task is None:
            self._done.clear()
            self._task = asyncio.create_task(self._deliver(), name="fieldcase type-ahead")
        return True

    def hold_for(self, worker: Worker[Any]) -> None:
        """Keys typed while ``worker`` runs wait for it, unless another screen opens first.

        For work after which the screen changes (an unlock, a save that closes a
        form): keys typed ahead go to what the officer would see next. A question
        asked by the work (a dialog) opens another screen and so takes the keys.
        """
        screen = self._screen()
        if screen is not None:
            self._holds.append((worker, screen))

    async def _deliver(self) -> None:
        try:
            while True:
                await self._until_ready(self._waiting[0] if self._waiting else None)
                if not self._waiting or self._closing:
                    return
                self._release(self._waiting.popleft())
        finally:
            self._task = None
            self._done.set()

    def _release(self, event: Typed) -> None:
        if isinstance(event, events.Paste):
            text = pasted(event.text)
            if isinstance(self._app.focused, Input):
                # A one-line field would keep only the first line of the paste.
                text = text.replace("\n", " ")
            event = events.Paste(text)
        self._released.add(id(event))
        if not self._app.post_message(event):
            self._released.discard(id(event))

    async def _until_ready(self, event: Typed | None) -> None:
        self._looks = 0
        # Focus order follows the layout, so a key that may move the focus (Tab,
        # Enter, an arrow) waits until fields just shown or added are laid out.
        # Text does not, so a password manager's burst is not slowed to the frame rate.
        steers = isinstance(event, events.Key) and not event.is_printable
        loop = asyncio.get_running_loop()
        held_by = loop.time() + HOLD_LIMIT
        while True:
            await _wait_while(lambda: self._busy(steers), loop.time() + QUIET_LIMIT)
            if not await _wait_while(self._held, held_by):
                return
            # The held work has ended: wait for what it set going (a new screen).

    def _held(self) -> Awaitable[Any] | None:
        """Something to wait on while held work runs on the screen that started it."""
        screen = self._screen()
        self._holds = [
            (worker, started_on)
            for worker, started_on in self._holds
            if not worker.is_finished and started_on is screen
        ]
        return asyncio.sleep(0.01) if self._holds else None

    @property
    def _closing(self) -> bool:
        return self._app._closing or self._app._closed

    def _busy(self, layout: bool) -> Awaitable[Any] | None:
        """Something to wait on while the app (and, if asked, the layout) is not yet settled."""
        app = self._app
        if self._closing:
            return None
        for node in [app, *list(app._registry)]:
            if node is not app:
                if node._closing or node._closed or node._task is None:
                    continue
                if not node._is_mounted:
                    return node._mounted_event.wait()
            if not _waiting_for_messages(node):
                return self._until_idle(node)
        screen = self._screen()
        if screen is not None and (screen._callbacks or (layout and screen._layout_required)):
            return screen.wait_for_refresh()
        return None

    async def _until_idle(self, node: MessagePump) -> None:
        """Wait for one busy node (a handler running, messages queued) to wait for messages.

        Only this node is looked at meanwhile, so the wait costs little however
        many widgets the screen has; the others are looked at again after it.
        """
        while not (_waiting_for_messages(node) or node._closing or node._closed):
            self._looks += 1
            await asyncio.sleep(0 if self._looks < QUICK_LOOKS else LOOK_INTERVAL)

    def _screen(self) -> Screen[Any] | None:
        try:
            return self._app.screen
        except ScreenStackError:
            return None


async def _wait_while(find: Callable[[], Awaitable[Any] | None], by: float) -> bool:
    """Wait on what ``find`` returns until it returns None or time is up; True if it waited."""
    loop = asyncio.get_running_loop()
    waited = False
    while loop.time() < by and (awaitable := find()) is not None:
        waited = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(awaitable, by - loop.time())
    if waited:
        # One more turn of the event loop: a handler that has just ended may post more.
        await asyncio.sleep(0)
    return waited


def _waiting_for_messages(node: MessagePump) -> bool:
    """True when a node has nothing queued and its task waits for the next message.

    A node in the middle of a handler, or with messages queued, is busy. Textual's
    queue has no count of unfinished messages, but a node's task waits on the
    queue's ready event exactly when the node has nothing to do.
    """
    queue: Queue[Message | None] = node._message_queue
    return not queue.values and bool(queue.ready_event._waiters)
