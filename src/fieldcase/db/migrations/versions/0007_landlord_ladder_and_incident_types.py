"""The landlord's ladder, partner actions, possession grounds and the wider incident types.

Enforcement steps gain the partner ``agency`` (council or police) that took a
partner action and the possession ``ground``. Existing rows: notices of seeking
possession and possession claims were on Ground 14 (the only ground the ladder
knew); community protection notices, once a rung, become partner actions whose
agency was not recorded.

Incidents gain ``other_kind``; the retired types ``assault`` and ``online`` become
``physical_violence`` and ``online_abuse``.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED_INCIDENT_TYPES = {"assault": "physical_violence", "online": "online_abuse"}
"""Stored incident types of 0005 and what they are now."""

POSSESSION_STEPS = ("notice_seeking_possession", "possession_claim")


def _add_text_columns(table: str, *names: str) -> None:
    """NOT NULL text columns, filled with '' for existing rows, without a lasting default."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in names:
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )
    with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
        for name in names:
            batch_op.alter_column(name, server_default=None)


def _rename_incident_types(renamed: dict[str, str]) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, kinds FROM incident WHERE kinds != ''")).all()
    for incident_id, kinds in rows:
        old = [k for k in kinds.split(",") if k]
        new = ",".join(sorted({renamed.get(k, k) for k in old}))
        if new != kinds:
            conn.execute(
                sa.text("UPDATE incident SET kinds = :kinds WHERE id = :id"),
                {"kinds": new, "id": incident_id},
            )


def upgrade() -> None:
    _add_text_columns("enforcementstep", "agency", "ground")
    op.execute(
        sa.text(
            "UPDATE enforcementstep SET ground = 'ground_14' WHERE kind IN (:notice, :claim)"
        ).bindparams(notice=POSSESSION_STEPS[0], claim=POSSESSION_STEPS[1])
    )
    _add_text_columns("incident", "other_kind")
    _rename_incident_types(RENAMED_INCIDENT_TYPES)


def downgrade() -> None:
    # 0005 has no word for the newer types: they go back as "other", and what an
    # "other" incident was (other_kind) is dropped with its column.
    back = {new: old for old, new in RENAMED_INCIDENT_TYPES.items()}
    newer = (
        "intimidation",
        "vehicle_damage",
        "drugs",
        "alcohol_related",
        "hate_mail",
        "arson",
        "pets_animals",
        "rubbish_fly_tipping",
    )
    _rename_incident_types(back | dict.fromkeys(newer, "other"))
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("other_kind")
    with op.batch_alter_table("enforcementstep", schema=None) as batch_op:
        batch_op.drop_column("ground")
        batch_op.drop_column("agency")
