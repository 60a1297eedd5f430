"""Closing with an outcome, reason and the victim's satisfaction; reopening; linked cases.

Each closing and reopening of a case is kept (``caseclosure``), with what was
still live at closing and how it was dealt with. A case opened on a new report
about the victim or address of a closed case is linked to it (``caselink``).
The case itself gets the reason it closed and whether the victim declined to
rate how it was handled.

Cases closed before this had their outcome typed as free text. Text that is
not one of the outcomes now offered moves to the closure reason, word for
word, and the outcome is left for the officer to choose if the case is
closed again.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldcase.db.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OUTCOMES = (
    "resolved",
    "partly_resolved",
    "unresolved",
    "withdrawn",
    "no_further_action",
    "transferred",
)

_case = sa.table(
    "case",
    sa.column("id"),
    sa.column("closure_outcome", sa.String),
    sa.column("closure_reason", sa.String),
)


def _entity_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "caseclosure",
        *_entity_columns(),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("officer_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("victim_satisfaction", sa.Integer(), nullable=True),
        sa.Column("satisfaction_declined", sa.Boolean(), nullable=False),
        sa.Column("feedback", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("live_items", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_caseclosure_case_id_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseclosure")),
    )
    op.create_index(op.f("ix_caseclosure_at"), "caseclosure", ["at"], unique=False)
    op.create_index(op.f("ix_caseclosure_case_id"), "caseclosure", ["case_id"], unique=False)
    op.create_table(
        "caselink",
        *_entity_columns(),
        sa.Column("earlier_case_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_caselink_case_id_case")),
        sa.ForeignKeyConstraint(
            ["earlier_case_id"], ["case.id"], name=op.f("fk_caselink_earlier_case_id_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caselink")),
    )
    op.create_index(op.f("ix_caselink_case_id"), "caselink", ["case_id"], unique=False)
    op.create_index(
        op.f("ix_caselink_earlier_case_id"), "caselink", ["earlier_case_id"], unique=False
    )
    # Plain defaults let SQLite add the columns in place: rebuilding the case table
    # would break the foreign keys of everything recorded in a case.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "closure_reason",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("satisfaction_declined", sa.Boolean(), nullable=False, server_default="0")
        )
    op.get_bind().execute(
        sa.update(_case)
        .where(_case.c.closure_outcome != "", _case.c.closure_outcome.not_in(_OUTCOMES))
        .values(closure_reason=_case.c.closure_outcome, closure_outcome="")
    )


def downgrade() -> None:
    op.get_bind().execute(
        sa.update(_case)
        .where(_case.c.closure_outcome == "", _case.c.closure_reason != "")
        .values(closure_outcome=_case.c.closure_reason)
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("satisfaction_declined")
        batch_op.drop_column("closure_reason")
    op.drop_index(op.f("ix_caselink_earlier_case_id"), table_name="caselink")
    op.drop_index(op.f("ix_caselink_case_id"), table_name="caselink")
    op.drop_table("caselink")
    op.drop_index(op.f("ix_caseclosure_case_id"), table_name="caseclosure")
    op.drop_index(op.f("ix_caseclosure_at"), table_name="caseclosure")
    op.drop_table("caseclosure")
