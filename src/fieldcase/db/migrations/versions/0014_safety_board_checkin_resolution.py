"""Safety board: a colleague resolves an overdue check-in; how to reach an officer safely.

A visit's buddy or a supervisor who has reached an officer whose check-in is
overdue records it on the visit: when, who (the login on a team server) and
what they found. A later check-in time (extended by the officer) can go
overdue again. Each officer on a team server may carry a safe contact route
that colleagues are shown when that officer's check-in is overdue.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldcase.db.types

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place: rebuilding the visit table would break the foreign keys pointing at it.
    op.add_column(
        "visit",
        sa.Column(
            "checkin_resolved_at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=True
        ),
    )
    op.add_column(
        "visit",
        sa.Column(
            "checkin_resolved_by",
            sqlmodel.sql.sqltypes.AutoString(),
            nullable=False,
            server_default="",
        ),
    )
    op.add_column(
        "visit",
        sa.Column(
            "checkin_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    op.add_column(
        "officer",
        sa.Column(
            "safe_contact", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    op.drop_column("officer", "safe_contact")
    op.drop_column("visit", "checkin_note")
    op.drop_column("visit", "checkin_resolved_by")
    op.drop_column("visit", "checkin_resolved_at")
