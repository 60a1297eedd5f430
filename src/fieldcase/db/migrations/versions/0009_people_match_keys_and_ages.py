"""People found again however their name or number is typed; an age when that is all that is known.

Each person gets a folded name key and the digits of their phone numbers, so a
name typed again (any case, spacing or accents) or a number finds the person
already known. Household members can have an age instead of a date of birth.
Existing people get their keys worked out from what is recorded.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from fieldcase.domain.people import name_key, phone_keys

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_person = sa.table(
    "person",
    sa.column("id"),
    sa.column("full_name", sa.String),
    sa.column("phone", sa.String),
    sa.column("safe_contact_number", sa.String),
    sa.column("name_key", sa.String),
    sa.column("phone_key", sa.String),
)


def upgrade() -> None:
    # Columns with plain defaults are added in place: rebuilding the person table
    # would break the foreign keys of every role, contact and step pointing at it.
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name in ("name_key", "phone_key"):
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )
        batch_op.add_column(sa.Column("age_given", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("age_given_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_person_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_phone_key"), ["phone_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_date_of_birth"), ["date_of_birth"], unique=False
        )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_person.c.id, _person.c.full_name, _person.c.phone, _person.c.safe_contact_number)
    ).all()
    for row in rows:
        conn.execute(
            sa.update(_person)
            .where(_person.c.id == row.id)
            .values(
                name_key=name_key(row.full_name or ""),
                phone_key=phone_keys(row.phone or "", row.safe_contact_number or ""),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_date_of_birth"))
        batch_op.drop_index(batch_op.f("ix_person_phone_key"))
        batch_op.drop_index(batch_op.f("ix_person_name_key"))
        for name in ("age_given_on", "age_given", "phone_key", "name_key"):
            batch_op.drop_column(name)
