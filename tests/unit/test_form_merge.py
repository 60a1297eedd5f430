"""Loading the latest version into a form: which fields the officer changed, which clash."""

from __future__ import annotations

from fieldcase.ui.widgets.form_merge import both_changed, changed_since, shown

OPENED = {"who": "", "location": "", "kinds": ["verbal_abuse", "threats"], "crime": ""}


def test_ticks_in_another_order_are_not_a_change() -> None:
    """Only the fields typed in count as the officer's."""
    now = {**OPENED, "kinds": ["threats", "verbal_abuse"], "location": "Car park"}
    assert changed_since(OPENED, now) == {"location": "Car park"}


def test_a_clash_is_a_field_both_changed_to_different_values() -> None:
    """The other officer's value is given for a clash; the same value typed by both is none."""
    typed = {"who": "Two men", "location": "Car park"}
    saved_now = {**OPENED, "who": "Dean", "location": "Car park", "crime": "CR/1/26"}
    assert both_changed(OPENED, typed, saved_now) == {"who": "Dean"}


def test_a_long_value_is_shown_on_one_short_line() -> None:
    """Line breaks go, and the end is cut with an ellipsis."""
    assert shown("line one\nline two") == "line one line two"
    assert len(shown("x" * 200)) == 60 and shown("x" * 200).endswith("…")
