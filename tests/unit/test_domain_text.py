"""Stored text made safe to show: control characters become visible, nothing else changes."""

from __future__ import annotations

import pytest

from fieldcase.domain.text import one_line, visible


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
    ],
)
def test_visible(stored: str, shown: str) -> None:
    """Control characters other than newline and tab are shown as escapes."""
    assert visible(stored) == shown


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
