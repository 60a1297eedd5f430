"""Reading the terminal: Textual's driver, except that a bracketed paste stays whole.

Textual's input parser (``textual._xterm_parser`` in 8.2.8) collects a
bracketed paste one character at a time, but treats an ESC inside it as the
start of an escape sequence: the characters after it are re-issued as key
presses (ESC itself as ``^``) and only the rest arrives as the paste. A paste
copied from a terminal or an e-mail then types into the wrong place, out of
order, and can press keys: ESC ctrl+S saves the open form, ESC ctrl+Q quits.

``PasteParser`` cuts the paste out of the input before Textual's parser sees
it and hands it over as one ``Paste`` event, whatever it holds. The markers
around it still go through Textual's parser, so a pending Escape key before the
paste is settled in order and the parser's own idea of "inside a paste" stays
in step.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Generator, Iterable, Iterator

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message


class PasteParser(XTermParser):
    """Textual's terminal input parser, with each bracketed paste delivered whole."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._paste: list[str] = []
        self._tail = ""
        """The last few characters read, where a marker split between two reads begins."""

    def feed(self, data: str) -> Iterable[Message]:
        """Parse what the terminal sent; an empty string means the input has ended."""
        if not data:
            return super().feed(data)
        return list(self._split(data))

    def _split(self, data: str) -> Iterator[Message]:
        while data:
            data = yield from (self._in_paste(data) if self._pasting else self._outside(data))

    def _outside(self, data: str) -> Generator[Message, None, str]:
        """Keys and other input up to the start of a paste; returns what follows the start."""
        window = self._tail + data
        found = window.find(BRACKETED_PASTE_START)
        if found < 0:
            yield from super().feed(data)
            self._tail = window[-(len(BRACKETED_PASTE_START) - 1) :]
            return ""
        end = found + len(BRACKETED_PASTE_START) - len(self._tail)
        yield from super().feed(data[:end])
        self._pasting, self._paste, self._tail = True, [], ""
        return data[end:]

    def _in_paste(self, data: str) -> Generator[Message, None, str]:
        """Collect the paste up to its end marker; returns what follows the marker."""
        window = self._tail + data
        found = window.find(BRACKETED_PASTE_END)
        if found < 0:
            self._paste.append(data)
            self._tail = window[-(len(BRACKETED_PASTE_END) - 1) :]
            return ""
        text = "".join(self._paste) + data
        text = text[: len(text) - len(window) + found]
        rest = data[found + len(BRACKETED_PASTE_END) - len(self._tail) :]
        self._pasting, self._paste, self._tail = False, [], ""
        # The end marker closes the parser's own (empty) paste; what it makes of it is dropped.
        for _ in super().feed(BRACKETED_PASTE_END):
            pass
        yield events.Paste(text)
        return rest


class FieldcaseDriver(LinuxDriver):
    """The Linux and macOS terminal driver, reading input with ``PasteParser``."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual 8.2.8's loop, with ``PasteParser``)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = PasteParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_, mask) in loop_last(ready):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(self.fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _ in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
