"""Opening a team server: set up by its owner role, used by officers under their own logins.

The owner role (IT) runs ``fieldcase server init`` once on an empty database
and ``fieldcase server upgrade`` after installing a new fieldcase: only it
runs migrations. An officer's app never changes the schema; it opens the
database as the officer's own login and finds out from the server who that
is and which team they are in.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from fieldcase.db import access, migrate
from fieldcase.db.engine import NotFieldcaseDatabase, StoreError
from fieldcase.db.postgres import ServerAddress, link_warning, resolved_settings, server_engine
from fieldcase.db.store import OfficerIdentity, Store


class NotAnOfficer(StoreError):
    """The login is not (or no longer) an officer on this team server."""


def init_team_server(address: ServerAddress, password: str | None = None) -> str:
    """Set up an empty database as a team server: the schema, the group role and the rules.

    Returns the officers' group role.

    Raises:
        NotFieldcaseDatabase: The database holds other tables; nothing is changed.
        StoreError: It is already a team server, or the login is not the database's owner.
    """
    engine = server_engine(address, password)
    try:
        with engine.connect() as conn:
            _check_owner(conn, address)
            tables = set(inspect(conn).get_table_names())
            if tables and "alembic_version" not in tables:
                raise NotFieldcaseDatabase(
                    f"{address.shown()} holds other tables and is not a fieldcase database. "
                    "It has not been changed. Create an empty database for fieldcase."
                )
            if "setting" in tables and access.configured_role(conn):
                raise StoreError(
                    f"{address.shown()} is already a team server. After installing a new "
                    "version of fieldcase, run: fieldcase server upgrade"
                )
        _refuse_newer(engine, address)
        migrate.upgrade(engine)
        with engine.begin() as conn:
            return access.apply_access(conn)
    finally:
        engine.dispose()


def upgrade_team_server(
    address: ServerAddress, password: str | None = None
) -> tuple[str | None, str]:
    """Bring a team server to this version's schema and rebuild its rules.

    Returns the revisions before and after.

    Raises:
        StoreError: It is not a team server, the login is not its owner, or the
            database is newer than this fieldcase.
    """
    engine = server_engine(address, password)
    try:
        with engine.connect() as conn:
            _check_owner(conn, address)
            tables = set(inspect(conn).get_table_names())
            if "setting" not in tables or not access.configured_role(conn):
                raise StoreError(
                    f"{address.shown()} is not a team server yet: run fieldcase server init."
                )
        _refuse_newer(engine, address)
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        with engine.begin() as conn:
            access.apply_access(conn)
        return before, migrate.head_revision()
    finally:
        engine.dispose()


def open_team_store(address: ServerAddress, password: str | None = None) -> Store:
    """Open a team server as the officer libpq logs in as.

    Raises:
        PasswordNeeded: libpq found no password (ask for one and call again).
        ServerRefused: The server cannot be reached or refused the login.
        NotAnOfficer: The login is not an active officer here (e.g. it is the owner role).
        StoreError: The database is not set up, or its schema is not this version's.
    """
    engine = server_engine(address, password)
    try:
        _check_schema(engine, address)
        with engine.connect() as conn:
            officer = whoami(conn)
            driver = conn.connection.driver_connection
            settings = resolved_settings(driver) if driver is not None else {}
        if officer is None:
            raise NotAnOfficer(
                f"{_login(engine)} is not an officer on {address.shown()}. Officers log in "
                "with their own login; IT adds them with fieldcase server add-officer."
            )
    except BaseException:
        engine.dispose()
        raise
    return Store(
        engine=engine,
        path=None,
        actor=officer.login,
        officer=officer,
        link_warning=link_warning(settings),
    )


def open_admin_store(address: ServerAddress, password: str | None = None) -> Store:
    """Open a team server for ``fieldcase server`` commands: as its owner, or a supervisor.

    Raises:
        PasswordNeeded: libpq found no password.
        ServerRefused: The server cannot be reached or refused the login.
        StoreError: The database is not set up, or its schema is not this version's.
    """
    engine = server_engine(address, password)
    try:
        _check_schema(engine, address)
        with engine.connect() as conn:
            officer = whoami(conn)
        login = officer.login if officer is not None else _login(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, path=None, actor=login, officer=officer)


def whoami(conn: Connection) -> OfficerIdentity | None:
    """The officer the connection is logged in as, or None when the login is not one."""
    row = conn.execute(
        text(
            "SELECT login, full_name, team, supervisor FROM officer "
            "WHERE login = session_user AND active"
        )
    ).first()
    if row is None:
        return None
    return OfficerIdentity(
        login=row.login, full_name=row.full_name, team=row.team, supervisor=row.supervisor
    )


def _login(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT session_user")).scalar_one())


def _check_owner(conn: Connection, address: ServerAddress) -> None:
    """Only the database's owner role sets up and upgrades a team server."""
    row = conn.execute(
        text(
            "SELECT session_user AS login, pg_get_userbyid(datdba) AS owner "
            "FROM pg_database WHERE datname = current_database()"
        )
    ).one()
    if row.login != row.owner:
        raise StoreError(
            f"{row.login} is not the owner of {address.shown()}: set it up and upgrade it as "
            f"its owner role, {row.owner} (see the README's section for IT)."
        )


def _check_schema(engine: Engine, address: ServerAddress) -> None:
    """Refuse a database that is not set up, or not at this version's schema."""
    try:
        current = migrate.current_revision(engine)
    except DBAPIError as exc:
        raise StoreError(
            f"{address.shown()} is not a fieldcase team server this login may use."
        ) from exc
    if current is None:
        raise StoreError(
            f"{address.shown()} is not set up yet: IT sets it up with fieldcase server init."
        )
    _refuse_newer(engine, address)
    if current != migrate.head_revision():
        raise StoreError(
            f"{address.shown()} needs upgrading to this version of fieldcase. "
            "IT upgrades it, as the owner role, with: fieldcase server upgrade"
        )


def _refuse_newer(engine: Engine, address: ServerAddress) -> None:
    current = migrate.current_revision(engine)
    if current is not None and current not in migrate.known_revisions():
        raise StoreError(
            f"{address.shown()} was set up by a newer version of fieldcase ({current}). "
            "Upgrade fieldcase on this computer to use it."
        )
