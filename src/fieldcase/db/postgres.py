"""Reaching a PostgreSQL team server: the driver, the address, and the connection.

The driver (psycopg) is optional: a laptop with its encrypted file never
needs it, so it is imported only here, and only when a server is used
(``require_driver``). The address is a libpq connection string, either a URI
(``postgresql://host/dbname?sslmode=verify-full``) or keywords
(``service=fieldcase``), and libpq finds the password itself: a ``.pgpass``
file, a service file or ``PGPASSWORD``. fieldcase refuses an address that
holds a password, and never puts one in a message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine

from fieldcase.db.engine import StoreError

if TYPE_CHECKING:
    import psycopg

INSTALL_HINT = (
    "fieldcase needs the PostgreSQL driver to work on a team server. "
    "Install it with: pip install 'fieldcase[server]'"
)
PASSWORD_IN_ADDRESS = (
    "The server address holds a password; fieldcase does not take one there "
    "(it would be seen in the process list, shell history or settings). Remove it and "
    "keep the password in a .pgpass file or a service file, or type it when asked."
)
VERIFIED_SSL = "verify-full"
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


class ServerDriverMissing(StoreError):
    """psycopg is not installed; the message says what to install."""


class PasswordNeeded(StoreError):
    """libpq found no password for this login; the officer is asked for one."""


class ServerRefused(StoreError):
    """The server could not be reached or refused the login; the message is libpq's."""


class PasswordRefused(ServerRefused):
    """The server did not accept the password typed."""


def require_driver() -> None:
    """Make sure the PostgreSQL driver can be imported.

    Raises:
        ServerDriverMissing: It cannot; the message says what to install.
    """
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ServerDriverMissing(INSTALL_HINT) from exc


@dataclass(frozen=True)
class ServerAddress:
    """Where the team server is, as a libpq connection string without a password."""

    conninfo: str

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """Check an address typed on the command line or in settings.

        ``postgresql+psycopg://`` (SQLAlchemy's spelling) is accepted as ``postgresql://``.

        Raises:
            ServerDriverMissing: psycopg is not installed.
            StoreError: The address cannot be read, or it holds a password.
        """
        require_driver()
        from psycopg.conninfo import conninfo_to_dict

        conninfo = text.strip()
        if conninfo.startswith("postgresql+psycopg://"):
            conninfo = "postgresql://" + conninfo.removeprefix("postgresql+psycopg://")
        try:
            params = conninfo_to_dict(conninfo)
        except Exception as exc:  # psycopg.ProgrammingError; its text may echo the address
            raise StoreError(
                "The server address cannot be read. Write it as "
                "postgresql://host/database?sslmode=verify-full or service=NAME."
            ) from exc
        if params.get("password"):
            raise StoreError(PASSWORD_IN_ADDRESS)
        return cls(conninfo)

    def shown(self) -> str:
        """The address in a few words for messages, e.g. ``fieldcase on db.example.org``."""
        from psycopg.conninfo import conninfo_to_dict

        params = conninfo_to_dict(self.conninfo)
        if params.get("service"):
            return f"the team server (service {params['service']})"
        database = params.get("dbname") or "the database"
        host = str(params.get("host") or "this computer")
        return f"{database} on {'this computer' if host.startswith('/') else host}"


def connect(address: ServerAddress, password: str | None = None) -> psycopg.Connection[Any]:
    """One plain connection to the server, in autocommit mode.

    Raises:
        ServerDriverMissing: psycopg is not installed.
        PasswordNeeded: libpq found no password (no .pgpass entry, service or PGPASSWORD).
        ServerRefused: The server cannot be reached or refused the login.
    """
    require_driver()
    import psycopg

    extra: dict[str, Any] = {"password": password} if password is not None else {}
    extra |= link_timeouts(address)
    try:
        return psycopg.connect(address.conninfo, autocommit=True, **extra)
    except psycopg.OperationalError as exc:
        pgconn = getattr(exc, "pgconn", None)
        if pgconn is not None and pgconn.needs_password and password is None:
            raise PasswordNeeded(f"The server asks for a password for {address.shown()}.") from exc
        reason = " ".join(str(exc).replace("connection failed:", "").split())
        if password is not None and "password authentication failed" in reason:
            raise PasswordRefused(
                "The server did not accept that password. Check it and try again."
            ) from exc
        raise ServerRefused(f"Cannot connect to the team server: {reason}") from exc


LINK_TIMEOUTS = {
    "connect_timeout": "10",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "tcp_user_timeout": "20000",
}
"""How long a dead link may hold a save: ten seconds to connect, and twenty for what was
sent to be acknowledged (a dropped network otherwise hangs for many minutes). An address
that sets its own keeps it."""


def link_timeouts(address: ServerAddress) -> dict[str, str]:
    """The timeouts in ``LINK_TIMEOUTS`` that the address does not set itself."""
    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict(address.conninfo)
    return {key: value for key, value in LINK_TIMEOUTS.items() if key not in given}


def password_is_right(address: ServerAddress, password: str) -> bool:
    """True when the server accepts ``password`` for the login (to unlock a locked screen).

    The password typed is used even where libpq would find one in .pgpass.

    Raises:
        ServerRefused: The server cannot be reached (nothing is known about the password).
        StoreError: The server lets the login in without asking for a password
            (``trust``, certificates), so it cannot tell a right one from a wrong one.
    """
    try:
        conn = connect(address, password)
    except PasswordRefused:
        return False
    try:
        if not conn.pgconn.used_password:
            raise StoreError(
                "The team server lets this login in without a password, so it cannot check "
                "one. Quit with Ctrl+Q (what you typed is kept as a draft) and ask IT."
            )
        return True
    finally:
        conn.close()


def server_engine(address: ServerAddress, password: str | None = None) -> Engine:
    """An engine whose connections are made by libpq from ``address`` (and a typed password).

    The first connection is made here, so a wrong address or password raises at once.

    Raises:
        PasswordNeeded: libpq found no password.
        ServerRefused: The server cannot be reached or refused the login.
    """
    first = connect(address, password)
    first.autocommit = False
    spare = [first]

    def creator() -> psycopg.Connection[Any]:
        if spare:
            return spare.pop()
        made = connect(address, password)
        made.autocommit = False
        return made

    make: Callable[[], Any] = creator
    return create_engine("postgresql+psycopg://", creator=make, pool_pre_ping=True)


def link_warning(params: Mapping[str, str | None]) -> str | None:
    """A warning when the link to a server elsewhere is not checked against its certificate.

    Args:
        params: The connection's settings as libpq resolved them (``host``, ``sslmode``).
    """
    hosts = [h.strip() for h in (params.get("host") or "").split(",")]
    if all(h in LOCAL_HOSTS or h.startswith("/") for h in hosts):
        return None
    mode = params.get("sslmode") or "prefer"
    if mode == VERIFIED_SSL:
        return None
    return (
        f"The link to the team server is not checked against its certificate "
        f"(sslmode={mode}): someone on the network could read or change what is sent. "
        f"Ask IT to set sslmode={VERIFIED_SSL}."
    )


def resolved_settings(conn: psycopg.Connection[Any]) -> dict[str, str | None]:
    """The connection's settings as libpq resolved them, decoded (``host``, ``sslmode``…)."""
    return {
        option.keyword.decode(): option.val.decode() if option.val is not None else None
        for option in conn.pgconn.info
    }
