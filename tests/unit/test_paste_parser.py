"""A bracketed paste reaches the app whole and as text, whatever it holds and however it is read."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from fieldcase.ui.terminal import PasteParser

START, END = "\x1b[200~", "\x1b[201~"


def what_arrives(messages: list[Message]) -> list[str]:
    """Keys by name and pastes by text, in the order the app receives them."""
    return [
        f"paste {m.text!r}" if isinstance(m, events.Paste) else f"key {m.key}"
        for m in messages
        if isinstance(m, events.Key | events.Paste)
    ]


def parsed(*reads: str) -> list[str]:
    parser = PasteParser()
    return what_arrives([message for data in reads for message in parser.feed(data)])


INPUT = [
    ("keys around a paste", f"ab{START}hello{END}c", ["key a", "key b", "paste 'hello'", "key c"]),
    ("escape, ctrl+S", f"{START}notes\x1b\x13{END}", ["paste 'notes\\x1b\\x13'"]),
    ("escape, ctrl+Q", f"{START}x\x1b\x11{END}", ["paste 'x\\x1b\\x11'"]),
    ("colour codes", f"{START}\x1b[31mred\x1b[0m{END}", ["paste '\\x1b[31mred\\x1b[0m'"]),
    ("half an end marker", f"{START}a\x1b[201b{END}", ["paste 'a\\x1b[201b'"]),
    ("control and bidi", f"{START}a\x01b\u202ec\x00{END}", ["paste 'a\\x01b\\u202ec\\x00'"]),
    ("escape key first", f"\x1b{START}p{END}", ["key escape", "paste 'p'"]),
    ("two pastes", f"{START}one{END}\t{START}two{END}", ["paste 'one'", "key tab", "paste 'two'"]),
]


@pytest.mark.parametrize(
    ("data", "arrives"), [case[1:] for case in INPUT], ids=[c[0] for c in INPUT]
)
def test_a_paste_arrives_whole_however_the_reads_split_it(data: str, arrives: list[str]) -> None:
    """In one read, split anywhere in two, or a character at a time: the same events."""
    assert parsed(data) == arrives
    for cut in range(1, len(data)):
        assert parsed(data[:cut], data[cut:]) == arrives, f"split at {cut}"
    assert parsed(*data) == arrives


def test_textuals_own_parser_turns_the_rest_of_such_a_paste_into_keys() -> None:
    """Why PasteParser exists: Textual 8.2.8 re-issues what follows ESC in a paste as key presses.

    When this fails, Textual has fixed it and PasteParser can go.
    """
    parser = XTermParser()
    arrived = what_arrives(list(parser.feed(f"{START}notes\x1b\x13{END}")))
    assert "key ctrl+s" in arrived
