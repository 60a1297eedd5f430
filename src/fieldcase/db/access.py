"""Who may see and change what on a team server, enforced by PostgreSQL itself.

``fieldcase server init`` and ``fieldcase server upgrade`` (run by the
database's owner role, after the migrations) apply everything here; the
laptop's SQLite file never sees it. The rules are written in one place, here,
rather than in a migration, because they are rebuilt from the tables after
every upgrade: a table added by a later migration gets its rule at once, and
a table without a rule stops the upgrade (``rule_for``).

- Every officer's login is a member of one group role per database
  (``<database>_officers``), which alone may connect. The group may read and
  change case tables, read the audit trail and add to it, and read the
  list of teams and officers. Only the owner changes teams, officers and
  settings, or updates or deletes audit events.
- Row-level security: an officer sees a case when it is in their team (the
  ``officer`` table says which, for ``session_user``); a supervisor sees every
  team. Every record attached to a case (roles, incidents, contacts, visits,
  ABCs and their parts, attachments and their bytes…) is visible exactly when
  its case is; a person or property when a visible case names them; a caution
  marker when its person or property is visible; an audit event when what it
  is about is visible.
- ``session_user`` is the login itself: ``SET ROLE`` cannot change it, so an
  officer can neither pass as someone else nor step outside their team.
  A trigger writes it into every audit event's ``actor``: who did what
  cannot be typed. The one exception is the owner role, which moves a
  laptop's audit history in with its original "who" (``fieldcase server
  import``); it owns the table, so it could drop the trigger anyway.
- Merging two people (or two addresses) removes the copy once everything
  pointing at it has moved, but by then the officer no longer sees it (a
  person is seen through their roles). ``fieldcase_remove_merged`` removes it
  for them, only when nothing at all points at it any more: a copy still in
  another team's cases stays where it is, and the merge is refused.
- The owner role is not limited (PostgreSQL does not apply row security to
  a table's owner): it is IT's role for upgrades, backups and the commands
  of ``fieldcase server``, never an officer's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import DBAPIError

from fieldcase.db.models import metadata

OFFICERS_ROLE_SETTING = "team_server.officers_role"
"""Setting naming this database's group role; its presence makes the database a team server."""
POLICY_PREFIX = "fieldcase_"
SUPERVISES = (
    "EXISTS (SELECT 1 FROM officer o WHERE o.login = session_user AND o.active AND o.supervisor)"
)
MY_TEAM = "(SELECT o.team FROM officer o WHERE o.login = session_user AND o.active)"
CASE_RULE = f"({SUPERVISES} OR team = {MY_TEAM})"
CASE_RECORD_RULE = 'case_id IN (SELECT id FROM "case")'
ABC_RECORD_RULE = "abc_id IN (SELECT id FROM abcagreement)"
ATTACHMENT_CONTENT_RULE = "attachment_id IN (SELECT id FROM attachment)"
PERSON_RULE = "(id IN (SELECT person_id FROM caseparty) OR id IN (SELECT person_id FROM visit))"
PROPERTY_RULE = (
    '(id IN (SELECT property_id FROM "case") OR id IN (SELECT property_id FROM caseparty)'
    " OR id IN (SELECT property_id FROM visit))"
)
CAUTION_RULE = "(person_id IN (SELECT id FROM person) OR property_id IN (SELECT id FROM property))"
AUDIT_RULE = (
    f"({SUPERVISES} OR {CASE_RECORD_RULE}"
    " OR (entity = 'person' AND entity_id IN (SELECT id::text FROM person))"
    " OR (entity = 'property' AND entity_id IN (SELECT id::text FROM property))"
    " OR (entity = 'cautionmarker' AND entity_id IN (SELECT id::text FROM cautionmarker)))"
)
DRAFT_RULE = "owner = session_user"
REMOVE_MERGED_FUNCTION = """
CREATE OR REPLACE FUNCTION fieldcase_remove_merged(kind text, record uuid, seen integer)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF kind = 'person' THEN
        DELETE FROM person WHERE id = record AND version = seen;
    ELSIF kind = 'property' THEN
        DELETE FROM property WHERE id = record AND version = seen;
    ELSE
        RAISE EXCEPTION 'fieldcase_remove_merged removes a person or a property, not %', kind;
    END IF;
    RETURN CASE WHEN FOUND THEN 'removed' ELSE 'gone' END;
EXCEPTION WHEN foreign_key_violation THEN
    RETURN 'in use';
END;
$$
"""
"""Removes a merged copy that nothing points at any more: 'removed', 'gone' or 'in use'."""
OWNER = "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())"
"""The database's owner role (IT)."""
READ_ONLY_TABLES = frozenset({"team", "officer", "alembic_version"})
"""Officers read these (colleagues' names, the schema version) and never change them."""
OWNER_ONLY_TABLES = frozenset({"setting"})
"""Officers cannot even read these."""


@dataclass(frozen=True)
class Rule:
    """The row security of one table: who sees a row, and who may add one."""

    visible: str
    """Rows an officer may read, change and delete."""
    may_add: str
    """Rows an officer may add; ``visible`` for most tables."""
    privileges: str = "SELECT, INSERT, UPDATE, DELETE"


def rule_for(table: Table) -> Rule | None:
    """The rule for a table an officer may use; None for a read-only or owner-only table.

    Raises:
        LookupError: The table has no rule: a new table must be given one here.
    """
    name = table.name
    if name in READ_ONLY_TABLES or name in OWNER_ONLY_TABLES:
        return None
    columns = set(table.columns.keys())
    if name == "case":
        return Rule(CASE_RULE, CASE_RULE)
    if name == "auditevent":
        return Rule(AUDIT_RULE, "true", privileges="SELECT, INSERT")
    if name == "draft":
        return Rule(DRAFT_RULE, DRAFT_RULE)
    if name == "person":
        # A person is added a moment before the role that links them to a case.
        return Rule(PERSON_RULE, "true")
    if name == "property":
        return Rule(PROPERTY_RULE, "true")
    if name == "cautionmarker":
        return Rule(CAUTION_RULE, CAUTION_RULE)
    if "case_id" in columns:
        return Rule(CASE_RECORD_RULE, CASE_RECORD_RULE)
    if "abc_id" in columns:
        return Rule(ABC_RECORD_RULE, ABC_RECORD_RULE)
    if "attachment_id" in columns:
        # An attachment's bytes are visible exactly when the attachment (so its case) is.
        return Rule(ATTACHMENT_CONTENT_RULE, ATTACHMENT_CONTENT_RULE)
    raise LookupError(f"table {name} has no access rule in fieldcase.db.access")


def officers_role(database: str) -> str:
    """The group role of a database's officers (PostgreSQL names are at most 63 bytes)."""
    return f"{database[:54]}_officers"


def configured_role(conn: Connection) -> str | None:
    """The officers' group role when the database is a team server, else None."""
    found = conn.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": OFFICERS_ROLE_SETTING}
    ).scalar_one_or_none()
    return str(found) if found else None


def apply_access(conn: Connection) -> str:
    """Create the group role (if missing), and grant and (re)write every policy and trigger.

    Run by the database's owner after the migrations, in one transaction; running
    it again rebuilds the same rules. Returns the group role's name.
    """
    database = str(conn.execute(text("SELECT current_database()")).scalar_one())
    role = configured_role(conn) or officers_role(database)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    group = quote(conn, role)
    if exists is None:
        conn.execute(text(f"CREATE ROLE {group} NOLOGIN"))
    conn.execute(
        text(
            "INSERT INTO setting (key, value) VALUES (:key, :role) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        ),
        {"key": OFFICERS_ROLE_SETTING, "role": role},
    )
    db = quote(conn, database)
    conn.execute(text(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC"))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {db} TO {group}"))
    conn.execute(text("REVOKE ALL ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {group}"))
    for table in metadata.sorted_tables:
        _secure_table(conn, table, group)
    conn.execute(text(f"GRANT SELECT ON alembic_version TO {group}"))
    conn.execute(text("REVOKE ALL ON FUNCTION fieldcase_case_references(integer) FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION fieldcase_case_references(integer) TO {group}"))
    conn.execute(text(REMOVE_MERGED_FUNCTION))
    merged = "fieldcase_remove_merged(text, uuid, integer)"
    conn.execute(text(f"REVOKE ALL ON FUNCTION {merged} FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {merged} TO {group}"))
    _add_triggers(conn)
    return role


def _secure_table(conn: Connection, table: Table, group: str) -> None:
    """Grant the group what it may do on one table, and write its policies afresh."""
    name = quote(conn, table.name)
    conn.execute(text(f"REVOKE ALL ON {name} FROM PUBLIC, {group}"))
    for policy in conn.execute(
        text("SELECT policyname FROM pg_policies WHERE tablename = :t AND policyname LIKE :p"),
        {"t": table.name, "p": POLICY_PREFIX + "%"},
    ).scalars():
        conn.execute(text(f"DROP POLICY {quote(conn, policy)} ON {name}"))
    if table.name in OWNER_ONLY_TABLES:
        return
    if table.name in READ_ONLY_TABLES:
        conn.execute(text(f"GRANT SELECT ON {name} TO {group}"))
        return
    rule = rule_for(table)
    assert rule is not None
    conn.execute(text(f"GRANT {rule.privileges} ON {name} TO {group}"))
    conn.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
    policies = [("see", "SELECT", f"USING ({rule.visible})")]
    policies.append(("add", "INSERT", f"WITH CHECK ({rule.may_add})"))
    if "UPDATE" in rule.privileges:
        policies.append(("change", "UPDATE", f"USING ({rule.visible}) WITH CHECK ({rule.visible})"))
        policies.append(("remove", "DELETE", f"USING ({rule.visible})"))
    for suffix, command, clauses in policies:
        conn.execute(
            text(
                f"CREATE POLICY {POLICY_PREFIX}{suffix} ON {name} "
                f"FOR {command} TO {group} {clauses}"
            )
        )


def _add_triggers(conn: Connection) -> None:
    """The audit trail records the login, and a new case goes to its officer's team."""
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION fieldcase_audit_actor() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF session_user <> {OWNER} OR NEW.actor IS NULL THEN
                    NEW.actor := session_user;
                END IF;
                RETURN NEW;
            END;
            $$
            """
        )
    )
    conn.execute(text("DROP TRIGGER IF EXISTS fieldcase_audit_actor ON auditevent"))
    conn.execute(
        text(
            "CREATE TRIGGER fieldcase_audit_actor BEFORE INSERT ON auditevent "
            "FOR EACH ROW EXECUTE FUNCTION fieldcase_audit_actor()"
        )
    )
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION fieldcase_case_team() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.team IS NULL THEN
                    NEW.team := {MY_TEAM};
                END IF;
                RETURN NEW;
            END;
            $$
            """
        )
    )
    conn.execute(text('DROP TRIGGER IF EXISTS fieldcase_case_team ON "case"'))
    conn.execute(
        text(
            'CREATE TRIGGER fieldcase_case_team BEFORE INSERT ON "case" '
            "FOR EACH ROW EXECUTE FUNCTION fieldcase_case_team()"
        )
    )


def quote(conn: Connection, name: str) -> str:
    """An identifier quoted for SQL, whatever it holds."""
    return conn.dialect.identifier_preparer.quote_identifier(name)


def login_exists(conn: Connection, login: str) -> bool:
    """True when a PostgreSQL role of this name exists on the server."""
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first()
    return found is not None


def create_login(conn: Connection, login: str) -> None:
    """A new PostgreSQL login role, with no password yet and no privileges of its own."""
    conn.execute(text(f"CREATE ROLE {quote(conn, login)} LOGIN"))


def set_password(conn: Connection, login: str, password: str) -> None:
    """Set a login's password, sending the server only its SCRAM verifier.

    The verifier is worked out here by libpq (as psql's ``\\password`` does), so
    the password itself never reaches the server or its statement log.
    """
    driver = conn.connection.driver_connection
    assert driver is not None
    verifier = driver.pgconn.encrypt_password(
        password.encode(), login.encode(), b"scram-sha-256"
    ).decode()
    literal = "'" + verifier.replace("'", "''") + "'"
    # Sent as written: the verifier's ":" must not be read as a parameter.
    conn.exec_driver_sql(f"ALTER ROLE {quote(conn, login)} LOGIN PASSWORD {literal}")


def join_officers(conn: Connection, login: str) -> None:
    """Make a login a member of this database's officers (so it may connect and work)."""
    role = configured_role(conn)
    assert role is not None, "not a team server"
    conn.execute(text(f"GRANT {quote(conn, role)} TO {quote(conn, login)}"))


def leave_officers(conn: Connection, login: str) -> None:
    """Take a login out of this database's officers: it can no longer connect to it."""
    role = configured_role(conn)
    assert role is not None, "not a team server"
    conn.execute(text(f"REVOKE {quote(conn, role)} FROM {quote(conn, login)}"))


def end_sessions(conn: Connection, login: str) -> bool:
    """Close a login's open connections to this database; False when the owner may not.

    Closing another role's connections takes membership of that role or of
    ``pg_signal_backend``. Without it the connections stay open but see nothing:
    every rule asks for an active officer.
    """
    try:
        with conn.begin_nested():
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :login"
                    " AND datname = current_database() AND pid <> pg_backend_pid()"
                ),
                {"login": login},
            )
    except DBAPIError:
        return False
    return True


def is_privileged(conn: Connection, login: str) -> bool:
    """True for a role row security does not bind: a superuser, BYPASSRLS, or the owner."""
    found = conn.execute(
        text(
            "SELECT r.rolsuper OR r.rolbypassrls OR r.oid = d.datdba FROM pg_roles r, pg_database d"
            " WHERE r.rolname = :login AND d.datname = current_database()"
        ),
        {"login": login},
    ).scalar_one_or_none()
    return bool(found)
