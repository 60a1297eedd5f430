"""Keeping the garbage collector off the objects that live as long as the app.

Once the caseload is first on screen the process holds a couple of hundred
thousand objects that stay until it ends: modules, classes, SQLAlchemy's
mappers, Textual's styles. Left in the collector's oldest generation, every
full collection walks all of them again; one falls, as a rule, in the middle
of opening a case file with hundreds of entries and costs about 100 ms on the
officer's screen. Freezing them once moves them out of the collector's sight:
only objects made after that are walked.
"""

from __future__ import annotations

import gc

_frozen = False


def settle_start_up_objects() -> None:
    """Once per process: collect young garbage, then freeze what the start-up left.

    Only the young generations are collected first (a millisecond, not a full
    walk); the few cycles already old are kept for good, which costs far less
    than walking every start-up object at each full collection. Later calls do
    nothing, so a process that starts several apps (tests) freezes once.
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect(1)
    gc.freeze()
