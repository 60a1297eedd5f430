"""Stored text made safe to show: control characters become visible, nothing else changes."""

from __future__ import annotations

import pytest

from fieldcase.domain.text import one_line, pasted, visible


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Marta Nowicka", "Marta Nowicka"),
        ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup-like text is just text
        ("\x1b]0;pwned\x1b\\", "\\x1b]0;pwned\\x1b\\"),  # terminal title escape
        ("\x1b[2J", "\\x1b[2J"),  # clear screen
        ("bell\x07", "bell\\x07"),
        ("a\x9bb", "a\\x9bb"),  # 8-bit CSI
        ("line one\nline two\tend", "line one\nline two\tend"),  # newline and tab kept
        ("Zofia 👧 Łódź", "Zofia 👧 Łódź"),
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe"),  # right-to-left override
        ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),  # isolates
        (
            "\u05e9\u05dc\u05d5\u05dd\u200f Rivka",
            "\u05e9\u05dc\u05d5\u05dd\u200f Rivka",
        ),  # RLM kept
    ],
)
def test_visible(stored: str, shown: str) -> None:
    """Control characters other than newline and tab, and bidi overrides, are shown as escapes."""
    assert visible(stored) == shown


@pytest.mark.parametrize(
    ("paste", "arrives"),
    [
        ("14 Larch Walk\r\nEastbridge\rZZ1 1ZZ", "14 Larch Walk\nEastbridge\nZZ1 1ZZ"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("notes\x1b\x13", "notes\\x1b\\x13"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_pasted(paste: str, arrives: str) -> None:
    """A paste arrives as the text ``visible`` shows; its line breaks become newlines."""
    assert pasted(paste) == arrives


@pytest.mark.parametrize(
    ("stored", "limit", "shown"),
    [
        ("one\ntwo", 0, "one ⏎ two"),
        ("tab\there", 0, "tab here"),
        ("abcdefghij", 5, "abcd…"),
        ("abcde", 5, "abcde"),
        ("\x1b[31mred", 0, "\\x1b[31mred"),
    ],
)
def test_one_line(stored: str, limit: int, shown: str) -> None:
    """one_line folds text onto a line and shortens it with an ellipsis."""
    assert one_line(stored, limit) == shown
