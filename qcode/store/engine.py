"""SQLAlchemy engines on project files: hardened connections, bounded waits, immediate writes."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import QueuePool

from qcode.errors import ProjectBusyError, ProjectFileError
from qcode.store import door, location, schema

#: How long a write waits for another writer before giving up (milliseconds).
BUSY_TIMEOUT_MS = 10_000
ENV_BUSY_TIMEOUT = "QCODE_BUSY_TIMEOUT_MS"
#: For files opened as sources (a coder's file): the longest one statement may run (seconds).
SOURCE_STATEMENT_SECONDS = 20.0
ENV_SOURCE_SECONDS = "QCODE_SOURCE_STATEMENT_SECONDS"
#: Execution option marking a connection whose transactions write (BEGIN IMMEDIATE).
WRITE_OPTION = "qcode_write"
_PROGRESS_STEPS = 10_000


def busy_timeout_ms() -> int:
    """The bound on waiting for another writer: $QCODE_BUSY_TIMEOUT_MS, else 10 s."""
    raw = os.environ.get(ENV_BUSY_TIMEOUT, "")
    return int(raw) if raw.isdigit() else BUSY_TIMEOUT_MS


def _source_seconds() -> float:
    try:
        return float(os.environ.get(ENV_SOURCE_SECONDS, SOURCE_STATEMENT_SECONDS))
    except ValueError:
        return SOURCE_STATEMENT_SECONDS


def is_busy(exc: BaseException) -> bool:
    """An SQLite "database is locked/busy" error, raw or wrapped by SQLAlchemy."""
    inner = getattr(exc, "orig", None) or exc
    if not isinstance(inner, sqlite3.OperationalError):
        return False
    text = str(inner).lower()
    return "locked" in text or "busy" in text


def busy_error(path: Path) -> ProjectBusyError:
    return ProjectBusyError(
        f"{path} is busy: another qcode is writing to it (try again in a moment)"
    )


class StatementClock:
    """A progress handler that interrupts a statement running longer than its bound."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def reset(self) -> None:
        self.started = time.monotonic()

    def __call__(self) -> int:
        return 1 if time.monotonic() - self.started > self.seconds else 0


def make_engine(path: Path, *, source: bool = False) -> Engine:
    """An engine on the file: foreign keys on, schema distrusted, bounded busy wait.

    Transactions on connections with the `qcode_write` option begin IMMEDIATE, so a second
    writer waits (up to the busy timeout) instead of failing on a stale snapshot. With
    `source`, every statement is bounded in time, so a crafted file cannot hang qcode.
    """
    path = Path(path)
    address = door.uri(path, "rwc")  # any character in the file name is escaped

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(address, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    timeout = busy_timeout_ms()

    def on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        door.harden(dbapi_conn)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()
        if source:
            clock = StatementClock(_source_seconds())
            record.info["clock"] = clock
            dbapi_conn.set_progress_handler(clock, _PROGRESS_STEPS)

    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    def before_execute(conn: Any, *_args: Any) -> None:
        clock = conn.info.get("clock") if source else None
        if clock is not None:
            clock.reset()

    def on_error(context: ExceptionContext) -> None:
        if is_busy(context.original_exception):
            raise busy_error(path) from context.original_exception
        if source and "interrupted" in str(context.original_exception):
            raise ProjectFileError(
                f"{path}: refused: reading it took too long (a damaged or crafted file?)"
            ) from context.original_exception

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "handle_error", on_error)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions begin IMMEDIATE (take the write lock first)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def set_journal(engine: Engine, path: Path) -> str | None:
    """WAL on local disks; the rollback journal on network and synced folders (returns why)."""
    warning = location.warning(path)
    mode = "DELETE" if warning else "WAL"
    with engine.connect() as conn:
        current = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()).upper()
        if current != mode:
            try:
                conn.exec_driver_sql(f"PRAGMA journal_mode = {mode}")
            except Exception as exc:  # another process has it open: keep its current mode
                if not is_busy(exc) and not isinstance(exc, ProjectBusyError):
                    raise
    return warning


def open_checked(path: Path, *, source: bool = False) -> tuple[Engine, str | None]:
    """The door: identify and shape-check the file (changing nothing), then open and migrate.

    Returns the engine and the location warning (None on a local disk).
    """
    from sqlalchemy.exc import DatabaseError

    path = Path(path)
    door.check_file(path)
    engine = make_engine(path, source=source)
    try:
        warning = set_journal(engine, path)
        schema.upgrade(engine, path)
    except DatabaseError as exc:
        engine.dispose()
        raise ProjectFileError(f"{path}: cannot be read as a qcode project ({exc.orig})") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine, warning
