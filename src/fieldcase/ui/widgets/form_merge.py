"""Loading the latest version of a record into a form without losing the officer's typing.

Values are a form's fields by id (``form_values``): what the form opened with,
what it holds now, and what the record holds as saved now.
"""

from __future__ import annotations

from typing import Any

Values = dict[str, Any]


def same(one: Any, other: Any) -> bool:
    """Two values of a field are the same (ticks in any order)."""
    if isinstance(one, list) and isinstance(other, list):
        return sorted(one) == sorted(other)
    return bool(one == other)


def changed_since(opened: Values, now: Values) -> Values:
    """The fields the officer changed since the form opened, with what they hold now."""
    return {k: v for k, v in now.items() if not same(opened.get(k), v)}


def both_changed(opened: Values, typed: Values, saved_now: Values) -> Values:
    """Fields the officer typed in that the other save changed too, differently: theirs."""
    return {
        k: saved_now[k]
        for k in typed
        if k in saved_now
        and not same(saved_now[k], opened.get(k))
        and not same(saved_now[k], typed[k])
    }


def shown(value: Any) -> str:
    """A field's value in a message, on one line and not too long."""
    text = ", ".join(value) if isinstance(value, list) else str(value or "")
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"
