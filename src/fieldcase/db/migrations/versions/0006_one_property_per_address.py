"""One property per address: a normalised address key, canonical postcodes.

Existing rows are backfilled: each property gets its key, its postcode in the
canonical form (``eb27ql`` becomes ``EB2 7QL``; a postcode that cannot be read
is left as it was), and a postcode typed at the end of its address is moved to
the postcode column when that was blank. Cases' search text gains the compact
postcode. No property is merged: ``fieldcase duplicates`` lists the likely
duplicates for an officer to decide.

Revision ID: 0006
Revises: 0005
"""

import contextlib
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from fieldcase.domain.address import (
    PostcodeError,
    address_key,
    compact_postcode,
    normalise_postcode,
    split_postcode,
)

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_property = sa.table(
    "property",
    sa.column("id", sa.Uuid()),
    sa.column("address", sa.String()),
    sa.column("postcode", sa.String()),
    sa.column("address_key", sa.String()),
)
_case = sa.table(
    "case",
    sa.column("id", sa.Uuid()),
    sa.column("property_id", sa.Uuid()),
    sa.column("search_text", sa.String()),
)


def upgrade() -> None:
    # A column with a default is added in place: rebuilding the property table
    # would break the foreign keys of every case, person and visit pointing at it.
    with op.batch_alter_table("property", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "address_key",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_index(batch_op.f("ix_property_address_key"), ["address_key"], unique=False)
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    compact: dict[object, str] = {}
    for row in conn.execute(sa.select(_property.c.id, _property.c.address, _property.c.postcode)):
        address, postcode = row.address or "", row.postcode or ""
        typed = split_postcode(address)
        if not postcode.strip() and typed.postcode:
            address, postcode = typed.address, typed.postcode
        with contextlib.suppress(PostcodeError):  # an unreadable postcode stays as it was
            postcode = normalise_postcode(postcode)
        conn.execute(
            sa.update(_property)
            .where(_property.c.id == row.id)
            .values(address=address, postcode=postcode, address_key=address_key(address))
        )
        compact[row.id] = compact_postcode(postcode).lower()
    cases = conn.execute(sa.select(_case.c.id, _case.c.property_id, _case.c.search_text))
    for case in cases.all():
        extra = compact.get(case.property_id, "")
        if extra and extra not in (case.search_text or ""):
            conn.execute(
                sa.update(_case)
                .where(_case.c.id == case.id)
                .values(search_text=f"{case.search_text} | {extra}")
            )


def downgrade() -> None:
    with op.batch_alter_table("property", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_property_address_key"))
        batch_op.drop_column("address_key")
