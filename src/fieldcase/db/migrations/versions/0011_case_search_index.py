"""Instant case search: a trigram full-text index on each case's search text.

Any run of three or more letters in a reference, name, address or police
reference is looked up in an SQLite FTS5 index instead of reading every case.
Triggers on the case table keep the index current in the same transaction as
each change, whichever service makes it. The index's rows are numbered through
``case_search_key`` (an INTEGER PRIMARY KEY, which VACUUM keeps), because a
case's own rowid may change when the file is rebuilt.

A later migration that rebuilds the case table (batch mode) drops these
triggers with it and must create them again; a test checks they exist at head.
PostgreSQL keeps searching with LIKE.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROWID = "(SELECT id FROM case_search_key WHERE case_id = {row}.id)"

_CREATE = [
    "CREATE TABLE case_search_key (id INTEGER PRIMARY KEY, case_id CHAR(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE case_search USING fts5(search_text, tokenize = 'trigram')",
    f"""CREATE TRIGGER case_search_insert AFTER INSERT ON "case" BEGIN
        INSERT INTO case_search_key (case_id) VALUES (new.id);
        INSERT INTO case_search (rowid, search_text)
            VALUES ({_ROWID.format(row="new")}, new.search_text);
    END""",
    f"""CREATE TRIGGER case_search_update AFTER UPDATE OF search_text ON "case" BEGIN
        UPDATE case_search SET search_text = new.search_text
            WHERE rowid = {_ROWID.format(row="new")};
    END""",
    f"""CREATE TRIGGER case_search_delete AFTER DELETE ON "case" BEGIN
        DELETE FROM case_search WHERE rowid = {_ROWID.format(row="old")};
        DELETE FROM case_search_key WHERE case_id = old.id;
    END""",
    'INSERT INTO case_search_key (case_id) SELECT id FROM "case" ORDER BY reference',
    """INSERT INTO case_search (rowid, search_text)
        SELECT k.id, c.search_text FROM case_search_key k JOIN "case" c ON c.id = k.case_id""",
]

_DROP = [
    "DROP TRIGGER case_search_delete",
    "DROP TRIGGER case_search_update",
    "DROP TRIGGER case_search_insert",
    "DROP TABLE case_search",
    "DROP TABLE case_search_key",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _CREATE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _DROP:
        op.execute(statement)
