"""A slow link between the app and the team server: a TCP proxy that delays every packet.

The proxy listens on a local TCP port and passes everything to the test
server's socket, each chunk ``delay`` seconds after it arrived, in either
direction, as a slow mobile link would. It runs its own event loop in a thread
of its own, so the app under test and plain test code can both use it.

Tests control it without a clock: ``hold`` keeps everything back (a query is
then running for as long as the test likes) until ``release``, ``waiting``
says something is held, and ``lose_commit_reply`` lets the server commit but
drops the link before its answer comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from fieldcase.db.postgres import ServerAddress
from tests.pg.team import TeamServer

DELAY = 0.05
"""Seconds added to every chunk, each way."""
COMMIT = b"COMMIT\x00"
"""How psycopg's commit reads on the wire (a simple query)."""


@dataclass
class _Link:
    """One connection through the proxy."""

    to_client: asyncio.StreamWriter
    to_server: asyncio.StreamWriter
    marked: bool = False
    """The marker of ``lose_commit_reply`` went through on this connection."""
    cut: bool = False
    """The client side was closed after a commit: answers from the server are dropped."""


@dataclass
class SlowLink:
    """The proxy: ``port`` on 127.0.0.1 leads to the server's socket ``target``."""

    target: str
    delay: float = DELAY
    port: int = 0
    waiting: threading.Event = field(default_factory=threading.Event)
    """Set while a chunk is held back by ``hold``."""
    reply_lost: threading.Event = field(default_factory=threading.Event)
    """Set once ``lose_commit_reply`` has cut a connection."""
    _loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    _open: asyncio.Event | None = None
    _stop: asyncio.Event | None = None
    _lose_after: bytes | None = None

    def address(self, team: TeamServer, name: str) -> ServerAddress:
        """Where an officer (by cast name) connects through the link."""
        return ServerAddress.parse(
            f"host=127.0.0.1 port={self.port} dbname={team.database} "
            f"user={team.login(name)} sslmode=disable"
        )

    def hold(self) -> None:
        """From now on, keep every chunk back until ``release``."""
        self.waiting.clear()
        self._loop.call_soon_threadsafe(self._gate().clear)

    def release(self) -> None:
        """Let everything held through (still each ``delay`` late)."""
        self._loop.call_soon_threadsafe(self._gate().set)

    def lose_commit_reply(self, marker: bytes) -> None:
        """On the connection that next sends ``marker`` (e.g. ``INSERT INTO contact``), pass
        its COMMIT to the server, then drop the link: the server commits, the app never hears."""
        self.reply_lost.clear()
        self._lose_after = marker

    def _gate(self) -> asyncio.Event:
        assert self._open is not None
        return self._open

    async def _serve(self, started: threading.Event) -> None:
        self._open = asyncio.Event()
        self._open.set()
        server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self._stop = asyncio.Event()
        async with server:
            await self._stop.wait()
        others = asyncio.all_tasks() - {asyncio.current_task()}
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_unix_connection(self.target)
        link = _Link(to_client=writer, to_server=up_writer)
        await asyncio.gather(
            self._pump(reader, link, upstream=True),
            self._pump(up_reader, link, upstream=False),
            return_exceptions=True,
        )
        for side in (writer, up_writer):
            side.close()

    async def _pump(self, reader: asyncio.StreamReader, link: _Link, *, upstream: bool) -> None:
        """Pass one direction's chunks on, each ``delay`` after it arrived, in order."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        sender = asyncio.create_task(self._send(queue, link, upstream=upstream))
        try:
            while chunk := await reader.read(65536):
                queue.put_nowait((self._loop.time() + self.delay, chunk))
        finally:
            queue.put_nowait((0.0, b""))
            await sender

    async def _send(
        self, queue: asyncio.Queue[tuple[float, bytes]], link: _Link, *, upstream: bool
    ) -> None:
        writer = link.to_server if upstream else link.to_client
        while True:
            due, chunk = await queue.get()
            if not chunk:
                writer.close()
                return
            await asyncio.sleep(max(0.0, due - self._loop.time()))
            if not self._gate().is_set():
                self.waiting.set()
                await self._gate().wait()
            if not upstream and link.cut:
                link.to_server.close()  # the server's answer came, and goes nowhere
                return
            writer.write(chunk)
            with contextlib.suppress(ConnectionError):
                await writer.drain()
            if upstream:
                self._watch_for_commit(link, chunk)

    def _watch_for_commit(self, link: _Link, chunk: bytes) -> None:
        if self._lose_after is not None and self._lose_after in chunk:
            link.marked = True
        elif link.marked and COMMIT in chunk:
            self._lose_after, link.marked, link.cut = None, False, True
            link.to_client.close()
            self.reply_lost.set()


@contextlib.contextmanager
def slow_link(team: TeamServer, delay: float = DELAY) -> Iterator[SlowLink]:
    """A slow link to the team server's PostgreSQL, for the length of the block."""
    target = str(team.server.socket_dir / f".s.PGSQL.{team.server.port}")
    link = SlowLink(target, delay)
    started = threading.Event()
    thread = threading.Thread(
        target=link._loop.run_until_complete, args=(link._serve(started),), daemon=True
    )
    thread.start()
    assert started.wait(10), "the slow link did not start"
    try:
        yield link
    finally:
        link.release()
        assert link._stop is not None
        link._loop.call_soon_threadsafe(link._stop.set)
        thread.join(10)
        link._loop.close()
