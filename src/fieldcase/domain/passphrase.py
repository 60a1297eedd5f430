"""What makes a passphrase strong enough to protect case data."""

from __future__ import annotations

MIN_LENGTH = 12


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is not acceptable, or None when it is."""
    if len(passphrase) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (a few unrelated words work well)."
    if len(set(passphrase)) < 5:
        return "That passphrase repeats too few characters. Mix in more different ones."
    return None
