"""On opening a project: refuse a damaged file with the list of its problems, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.errors import ProjectFileError
from qcode.integrity import scan_cache
from qcode.integrity.files import connect_checked
from qcode.integrity.problems import CheckResult
from qcode.integrity.quick import quick_ok
from qcode.integrity.rows import check_connection
from qcode.store.door import check_file
from qcode.store.schema import SCHEMA_VERSION


class DamagedProjectError(ProjectFileError):
    """A project whose rows qcode cannot trust; the message lists the problems."""


def damage(path: Path) -> CheckResult | None:
    """The problems of a project's own file, or None when it is sound: the cheap scans, and
    the full check only if they find something."""
    conn = connect_checked(path)
    try:
        if quick_ok(conn):
            return None
        result = check_connection(conn)
    finally:
        conn.close()
    return None if result.ok else result


def refuse_if_damaged(path: Path) -> None:
    """Cheap scans first; only if they find something, the full check and a clear refusal.

    A file the file system shows unchanged since it last passed (same inode, size and times,
    long settled, on a local disk) is not scanned again (`scan_cache`)."""
    path = Path(path)
    if not path.exists():
        return  # the opener says "no such project file"
    if check_file(path) != SCHEMA_VERSION:
        return  # checked on the next open, once migrated
    fp = scan_cache.fingerprint(path)  # taken before the scan: a later write changes it
    if fp is not None and scan_cache.known_clean(fp):
        return  # this very state of the file passed the scan before
    try:
        result = damage(path)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{path}: cannot be read ({exc})") from exc
    if result is None and fp is not None:
        scan_cache.remember_clean(fp)
    if result is not None:
        raise DamagedProjectError(
            result.summary(str(path), limit=20)
            + f"\nqcode will not open it. Keep every valid row in a new file with: "
            f"qcode salvage {path} NEW.qcode"
        )
