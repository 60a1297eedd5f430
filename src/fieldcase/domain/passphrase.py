"""Passphrase rules: how strong a new passphrase must be, and how unlocking slows down.

The passphrase is the only thing between a lost laptop and the case files:
SQLCipher derives the database key from it, and there is no way to recover
it. These rules refuse passphrases that a guesser would try first, and
explain each refusal in words an officer can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

MIN_LENGTH = 12
"""Fewest characters a new passphrase may have."""
MIN_DISTINCT = 5
"""Fewest different characters a new passphrase may use."""
MIN_ESTIMATE = 3
"""Lowest score (0 to 4) the zxcvbn strength estimate must give a new passphrase."""
ESTIMATE_LENGTH = 72
"""Characters of a passphrase the estimate looks at (zxcvbn refuses longer input)."""
KNOWN_WORDS = ("fieldcase", "housing", "safer", "neighbourhood", "officer", "tenant", "police")
"""Words a guesser would try against any fieldcase database, besides the officer's name."""
BACKOFF_FREE_FAILURES = 1
"""Wrong passphrases allowed with no wait (a slip of the finger)."""
BACKOFF_CAP_SECONDS = 30
"""The longest wait between attempts, however many have failed."""

RULES_TEXT = (
    f"Use at least {MIN_LENGTH} characters; a few unrelated words are easy to remember "
    "and hard to guess. Avoid repeated characters, sequences like 1234 or qwerty, "
    "common passwords and your own name."
)
"""One sentence describing the rules, for the setup and change-passphrase forms."""

NO_RECOVERY_TEXT = (
    "The passphrase cannot be recovered or reset: without it the case files cannot "
    "be opened by anyone, including you. Keep it somewhere safe and separate from the laptop."
)
"""The warning shown wherever a passphrase is chosen."""

_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)

_COMMON = frozenset(
    {
        "password",
        "passw0rd",
        "passphrase",
        "letmein",
        "welcome",
        "iloveyou",
        "admin",
        "administrator",
        "changeme",
        "secret",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "sunshine",
        "princess",
        "trustno",
        "master",
        "shadow",
        "superman",
        "starwars",
        "whatever",
        "login",
        "hello",
        "freedom",
        "qwerty",
        "fieldcase",
        "housing",
        "council",
        "police",
        "summer",
        "winter",
        "spring",
        "autumn",
        "london",
        "england",
        "liverpool",
        "arsenal",
        "chelsea",
    }
)


def _normalise(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.casefold())


def _is_sequence(text: str) -> bool:
    """True when ``text`` (normalised) is a run from the alphabet, digits or a keyboard row."""
    if len(text) < 4:
        return False
    for seq in _SEQUENCES:
        doubled = seq + seq
        if text in doubled or text[::-1] in doubled:
            return True
    return False


def _is_repetition(text: str) -> bool:
    """True when ``text`` is one short chunk (up to a third of its length) repeated."""
    n = len(text)
    for size in range(1, n // 2 + 1):
        if n % size == 0 and text[:size] * (n // size) == text and size <= max(1, n // 3):
            return True
    return False


_LEET = str.maketrans(
    {"@": "a", "4": "a", "$": "s", "5": "s", "0": "o", "1": "i", "3": "e", "!": "i"}
)


def _common_core(text: str) -> str | None:
    """The common word a passphrase is built from, ignoring digits and symbols added around it."""
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text.casefold())
    letters = re.sub(r"[^a-z]+", "", core.translate(_LEET))
    if not letters:
        return None
    for word in sorted(_COMMON):
        if _is_repetition_of(letters, word):
            return word
    return None


def _is_repetition_of(text: str, word: str) -> bool:
    return len(text) % len(word) == 0 and word * (len(text) // len(word)) == text


def strength_problems(
    passphrase: str, *, personal: Iterable[str] = (), published: Iterable[str] = ()
) -> list[str]:
    """Every reason a proposed passphrase is too weak, as sentences; empty when it is fine.

    Args:
        passphrase: The passphrase as typed (spaces count; nothing is trimmed).
        personal: Names that must not make up most of it, such as the officer's own.
        published: Passphrases known to others, such as the demo one in the README.
    """
    problems: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(
            f"It is too short: use at least {MIN_LENGTH} characters "
            f"(this has {len(passphrase)}). A few unrelated words work well."
        )
    if not passphrase.strip():
        return problems or ["It is only spaces."]
    compact = _normalise(passphrase)
    if len(set(passphrase)) < MIN_DISTINCT:
        problems.append(
            f"It uses fewer than {MIN_DISTINCT} different characters; "
            "repeated characters are guessed first."
        )
    elif _is_repetition(compact) or _is_repetition(passphrase):
        problems.append("It repeats the same few characters; repeats are guessed first.")
    if _is_sequence(compact) or _is_sequence(re.sub(r"\d+$", "", compact)):
        problems.append("It is a simple sequence (like 1234… or qwerty…), which is guessed first.")
    else:
        common = _common_core(passphrase)
        if common is not None:
            problems.append(
                f"It is built on the common password “{common}”; adding numbers or symbols "
                "does not make it safe."
            )
    if any(_normalise(p) == compact for p in published if p.strip()):
        problems.append("It is a published passphrase (such as the demo one); choose your own.")
    for name in personal:
        parts = [p for p in re.split(r"\W+", name.casefold()) if len(p) >= 2]
        if not parts:
            continue
        remainder = compact
        for part in parts:
            remainder = remainder.replace(part, "")
        if len(remainder) < len(compact) and len(remainder) < MIN_LENGTH // 2:
            problems.append("It is mostly your name; choose words others would not guess.")
            break
    if not problems and strength_score(passphrase, personal, published) < MIN_ESTIMATE:
        problems.append(
            "It would be guessed too quickly: it is built from common words, names, dates "
            "or patterns. Add another word that has nothing to do with you or your work."
        )
    return problems


def strength_score(passphrase: str, personal: Iterable[str], published: Iterable[str]) -> int:
    """The zxcvbn score (0 to 4), the officer's name and fieldcase's own words counted as known."""
    from zxcvbn import zxcvbn  # its word lists load on the first new passphrase, not at start

    known = [*KNOWN_WORDS, *published]
    for name in personal:
        known.append(name)
        known.extend(part for part in re.split(r"\W+", name) if len(part) >= 2)
    score: int = zxcvbn(passphrase[:ESTIMATE_LENGTH], user_inputs=known)["score"]
    return score


def mismatch_problem(passphrase: str, repeated: str) -> str | None:
    """The message when the passphrase typed twice does not match, else None."""
    if passphrase != repeated:
        return "The two passphrases are not the same. Type it again in both boxes."
    return None


def backoff_seconds(consecutive_failures: int) -> int:
    """How long to wait before the next attempt, after this many wrong passphrases in a row.

    The first slip is free; then the wait doubles (1, 2, 4, 8, 16 s) up to
    ``BACKOFF_CAP_SECONDS``. It slows a guesser at the keyboard without
    punishing a typo. (Offline guessing is slowed by SQLCipher's key derivation,
    not by this.)
    """
    excess = consecutive_failures - BACKOFF_FREE_FAILURES
    if excess <= 0:
        return 0
    doubled: int = 2 ** min(excess - 1, 16)
    return min(BACKOFF_CAP_SECONDS, doubled)


def wait_remaining(
    consecutive_failures: int, last_failure: datetime | None, now: datetime
) -> float:
    """Seconds still to wait before another attempt is allowed (0 when one may try now).

    A clock that has gone backwards (``last_failure`` in the future) counts as
    a full wait from ``now``, rather than as no wait at all.
    """
    if last_failure is None:
        return 0.0
    delay = timedelta(seconds=backoff_seconds(consecutive_failures))
    if last_failure > now:
        return delay.total_seconds()
    left = (last_failure + delay) - now
    return max(0.0, left.total_seconds())


def passphrase_problem(
    passphrase: str, *, personal: Iterable[str] = (), published: Iterable[str] = ()
) -> str | None:
    """Why a new passphrase is not acceptable (every reason, in one message), or None."""
    problems = strength_problems(passphrase, personal=personal, published=published)
    return " ".join(problems) if problems else None
