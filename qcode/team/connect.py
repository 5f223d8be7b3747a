"""Team database URLs: TLS unless local, the password from the keyring or .pgpass, never stored."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from qcode.errors import QcodeError

#: Hosts reached without TLS (this machine); a Unix socket is local too.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}
#: TLS modes that refuse an unencrypted connection.
SECURE_MODES = {"require", "verify-ca", "verify-full"}
#: Keyring service under which `qcode team` looks for a password (user@host:port/db).
KEYRING_SERVICE = "qcode-team"


def _host(url: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    host = query.get("host", parts.hostname or "")
    return "" if host.startswith("/") else host


def is_local(url: str) -> bool:
    return _host(url) in LOCAL_HOSTS


def public_url(url: str) -> str:
    """The URL as the project may keep it: checked, without a password.

    A remote server must be reached with TLS: with no `sslmode` given, `verify-full` is added;
    a weaker mode is refused.
    """
    if not url.startswith(("postgresql://", "postgres://")):
        raise QcodeError(f"{url}: not a team database URL (postgresql://HOST/DATABASE)")
    parts = urlsplit(url)
    if not parts.path.strip("/"):
        raise QcodeError(f"{url}: name the database (postgresql://HOST/DATABASE)")
    query = dict(parse_qsl(parts.query))
    mode = query.get("sslmode")
    if not is_local(url):
        if mode is None:
            query["sslmode"] = "verify-full"
        elif mode not in SECURE_MODES:
            raise QcodeError(
                f"{_host(url)}: a team database on another machine needs TLS "
                f"(sslmode={mode} is refused; use require, verify-ca or verify-full)"
            )
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(("postgresql", netloc, parts.path, urlencode(query, safe="/"), ""))


def has_password(url: str) -> bool:
    return urlsplit(url).password is not None


def _keyring_password(url: str) -> str | None:
    """The password saved with `keyring set qcode-team USER@HOST:PORT/DB`, if keyring is there."""
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        return None
    parts = urlsplit(url)
    account = f"{parts.username or ''}@{_host(url)}:{parts.port or 5432}/{parts.path.strip('/')}"
    try:
        found = keyring.get_password(KEYRING_SERVICE, account)
    except Exception:  # no usable keyring backend on this machine
        return None
    return found if isinstance(found, str) else None


def engine_for(url: str, *, pool_size: int = 1) -> Engine:
    """An engine on the team database (psycopg 3). The password comes from the URL given on
    this run, else the system keyring, else libpq's own `.pgpass` / PGPASSWORD."""
    password = urlsplit(url).password
    safe = public_url(url)
    sa_url = make_url(safe.replace("postgresql://", "postgresql+psycopg://", 1))
    if password is None:
        password = _keyring_password(safe)
    if password is not None:
        sa_url = sa_url.set(password=password)
    return create_engine(
        sa_url, pool_size=pool_size, max_overflow=0, pool_pre_ping=False,
        connect_args={"connect_timeout": 15, "application_name": "qcode"},
    )
