"""Teams and officers for a team server; a case belongs to a team; drafts belong to an officer.

On a laptop the new tables stay empty, ``case.team`` stays empty and every
draft's owner is empty, so nothing changes there. On a team server
(``fieldcase server init``) each officer is a PostgreSQL login in a team, a
new case takes its officer's team, covering a colleague's cases remembers
whose they were (``case.covered_from``), and each officer's half-typed forms
are their own (``draft.owner`` joins the key).

On PostgreSQL a function hands out every case reference of a year, whoever's
team the case is in: an officer sees only their team's cases, yet must never
be given a reference another team already has. It holds a lock until the
transaction ends, so two officers opening cases at once get different numbers.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldcase.db.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFERENCES_FUNCTION = """
CREATE FUNCTION fieldcase_case_references(year integer) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fieldcase.case_reference'));
    RETURN QUERY SELECT reference::text FROM public."case"
        WHERE reference LIKE 'FC-' || lpad(year::text, 4, '0') || '-%';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "team",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_team")),
    )
    op.create_table(
        "officer",
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("supervisor", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", fieldcase.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team"], ["team.name"], name=op.f("fk_officer_team_team")),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_officer")),
    )
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officer_team"), ["team"], unique=False)

    # Added in place: rebuilding the case table would break every foreign key pointing at it.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "covered_from",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_index(batch_op.f("ix_case_team"), ["team"], unique=False)

    # Nothing points at a draft, so its table may be rebuilt with the wider key.
    with op.batch_alter_table("draft", schema=None, recreate="always") as batch_op:
        batch_op.add_column(
            sa.Column(
                "owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            ),
            insert_before="key",
        )
        batch_op.drop_constraint("pk_draft", type_="primary")
        batch_op.create_primary_key("pk_draft", ["owner", "key"])

    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFERENCES_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS fieldcase_case_references(integer)")
    op.execute("DELETE FROM draft WHERE owner <> ''")
    with op.batch_alter_table("draft", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("pk_draft", type_="primary")
        batch_op.create_primary_key("pk_draft", ["key"])
        batch_op.drop_column("owner")
    # Dropped in place too (SQLite 3.35+ drops a column without rebuilding the table): a
    # rebuild would break the foreign keys pointing at cases and drop the search triggers.
    op.drop_index(op.f("ix_case_team"), table_name="case")
    op.drop_column("case", "covered_from")
    op.drop_column("case", "team")
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_team"))
    op.drop_table("officer")
    op.drop_table("team")
