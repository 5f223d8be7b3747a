"""Check a project file as untrusted input: private copy, schema door, then every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.errors import ProjectFileError
from qcode.integrity.problems import CheckResult
from qcode.integrity.rows import Fetched, check_connection
from qcode.merging.scratch import private_file, scratch
from qcode.merging.state import copy_database, open_engine
from qcode.store.door import harden, uri

#: Work SQLite may do per query, in virtual-machine steps x 1000, before a check gives up.
STEP_BUDGET = 2_000_000


def connect_checked(path: Path) -> sqlite3.Connection:
    """A hardened connection on a file that passed the door, with a bound on work per query.

    It only reads (`query_only`), but is opened read-write where allowed: closing a read-only
    connection would leave the -wal and -shm files of a WAL project beside it.
    """
    try:
        conn = sqlite3.connect(uri(path, "rw"), uri=True)
    except sqlite3.Error:
        try:
            conn = sqlite3.connect(uri(path, "ro"), uri=True)
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{path}: cannot be read ({exc})") from exc
    conn.execute("PRAGMA query_only = ON")
    harden(conn)
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += 1
        return 1 if steps > STEP_BUDGET else 0

    conn.set_progress_handler(budget, 1000)
    return conn


def check_copy(copy: Path, name: Path, keep: Fetched | None = None) -> CheckResult:
    """Check a private copy (migrated in place); problems name the user's file `name`.

    With `keep`, the rows read are left there (see `check_connection`).
    """
    try:
        open_engine(copy, source=True).dispose()  # the door: schema exactly as qcode writes it
    except ProjectFileError as exc:
        raise ProjectFileError(str(exc).replace(str(copy), str(name))) from exc
    conn = connect_checked(copy)
    try:
        return check_connection(conn, keep=keep)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{name}: cannot be checked ({exc})") from exc
    finally:
        conn.close()


def check_project(path: Path) -> CheckResult:
    """Every problem of the project file `path`, read from a private copy (`path` untouched)."""
    path = Path(path)
    with scratch() as tmp:
        copy = private_file(tmp, "check.qcode")
        copy_database(path, copy, durable=False)
        return check_copy(copy, path)
