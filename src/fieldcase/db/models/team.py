"""Teams and officers of a team server (empty on a laptop).

On a team server each officer logs in as their own PostgreSQL role; this
table says which team that login belongs to and whether it supervises. Only
the owner role (IT, through ``fieldcase server``) may change these rows; the
row-level security policies read them (see ``fieldcase.db.access``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from fieldcase.db.types import UTCDateTime, utcnow


class Team(SQLModel, table=True):
    """A team of officers; a case belongs to one team."""

    name: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Officer(SQLModel, table=True):
    """An officer's login on the team server, and their team."""

    login: str = Field(primary_key=True)
    """The PostgreSQL role the officer logs in as; the audit trail records it."""
    full_name: str = ""
    team: str = Field(foreign_key="team.name", index=True)
    supervisor: bool = False
    """A supervisor sees and reassigns every team's cases."""
    safe_contact: str = ""
    """How colleagues reach this officer safely when a visit check-in is overdue."""
    active: bool = True
    """False once removed: the login then sees nothing and cannot connect."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
