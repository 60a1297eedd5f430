"""Contact consent override reason, and 'not for disclosure' on notes.

A contact that approaches an alleged perpetrator without the victim's consent
keeps the officer's reason; contact notes, incident descriptions, person notes
and visit outcome notes can be marked not for disclosure. Existing rows get an
empty reason and are not marked.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FLAGGED = ("contact", "incident", "person", "visit")


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "consent_override_reason",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
    for table in _FLAGGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            # A plain '0' (false on SQLite and PostgreSQL alike) lets SQLite add the
            # column in place; an expression default would make batch mode copy the
            # table, which foreign keys pointing at it forbid.
            batch_op.add_column(
                sa.Column("not_for_disclosure", sa.Boolean(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in reversed(_FLAGGED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("not_for_disclosure")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("consent_override_reason")
