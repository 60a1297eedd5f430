"""What a contact usually is: the outcome each way of making contact starts with, and a sitting.

A letter going out was sent; a visit logged by hand is most often a knock
with no answer (a visit that took place is recorded from its plan, with its
outcome); a call or meeting is a conversation. Coming in, a letter, email or
text was received and a call or visit was a conversation. The officer can
always choose another outcome: these only save the keys of the usual case.
"""

from __future__ import annotations

from datetime import timedelta

from fieldcase.domain.vocab import ContactMethod, ContactOutcome, Direction

SITTING = timedelta(hours=3)
"""How far apart two face-to-face records with one person can be and still be one meeting.

A risk assessment, a consent and the visit they were taken on are one contact
in the log, not three.
"""

_OUT = {
    ContactMethod.LETTER: ContactOutcome.SENT,
    ContactMethod.EMAIL: ContactOutcome.SENT,
    ContactMethod.TEXT: ContactOutcome.SENT,
    ContactMethod.CALL: ContactOutcome.SPOKE,
    ContactMethod.VISIT: ContactOutcome.NO_ACCESS,
    ContactMethod.MEETING: ContactOutcome.SPOKE,
}
_IN = {
    ContactMethod.LETTER: ContactOutcome.RECEIVED,
    ContactMethod.EMAIL: ContactOutcome.RECEIVED,
    ContactMethod.TEXT: ContactOutcome.RECEIVED,
    ContactMethod.CALL: ContactOutcome.SPOKE,
    ContactMethod.VISIT: ContactOutcome.SPOKE,
    ContactMethod.MEETING: ContactOutcome.SPOKE,
}


def usual_outcome(method: str, direction: str) -> ContactOutcome:
    """The outcome a new contact made this way starts with (the officer may change it)."""
    table = _IN if direction == Direction.IN else _OUT
    try:
        return table[ContactMethod(method)]
    except ValueError:
        return ContactOutcome.OTHER
