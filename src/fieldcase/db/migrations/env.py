"""Alembic environment: always run with a connection handed in by fieldcase."""

from __future__ import annotations

from alembic import context

from fieldcase.db.migrate import is_modelled
from fieldcase.db.models import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("fieldcase migrations run from fieldcase.db.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=is_modelled,
)
with context.begin_transaction():
    context.run_migrations()
