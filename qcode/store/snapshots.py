"""Automatic snapshots of a project in `<project>.qcode-backups/`, listed and restored safely."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qcode.errors import ProjectFileError

#: Folder beside the project: `interviews.qcode` -> `interviews.qcode-backups/`.
FOLDER_SUFFIX = "-backups"
#: Project setting: how many snapshots to keep (the oldest are removed beyond it).
KEEP_KEY = "backups.keep"
DEFAULT_KEEP = 20
#: `maybe_hourly` takes a snapshot when the newest one is older than this.
HOURLY = timedelta(hours=1)
#: Pages copied per step of the backup API; -1 copies all in one step. One step is both the
#: fastest and the kindest: in WAL mode it reads one consistent snapshot while readers and
#: writers carry on, whereas a copy in steps starts again after every write by another
#: connection (bench/snapshot.py measures both).
STEP_PAGES = -1

_STAMP = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)-([a-z0-9-]+)\.qcode$")
_TEMP = re.compile(r"^\.snapshot-(\d+)-[0-9a-f]+\.tmp$")


@dataclass(frozen=True)
class Snapshot:
    """One snapshot file: where it is, when it was taken (UTC), why, and its size in bytes."""

    path: Path
    taken_at: datetime
    reason: str
    size: int


def folder(project_path: Path) -> Path:
    """The snapshot folder of a project."""
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + FOLDER_SUFFIX)


def _clean_reason(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return cleaned[:40] or "snapshot"


def _connect(path: Path, *, write: bool) -> sqlite3.Connection:
    from qcode.store.door import uri

    try:
        return sqlite3.connect(uri(path, "rw" if write else "ro"), uri=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path}: cannot be opened ({exc})") from exc


def _keep(conn: sqlite3.Connection) -> int:
    """The project's `backups.keep` setting (at least 1), else the default."""
    try:
        row = conn.execute("SELECT settings FROM project WHERE id = 1").fetchone()
        data = json.loads(row[0]) if row else {}
    except (sqlite3.Error, ValueError, TypeError):
        return DEFAULT_KEEP
    value = data.get(KEEP_KEY) if isinstance(data, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return DEFAULT_KEEP


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) is not a probe on Windows
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _alive_windows(pid: int) -> bool:
    import ctypes

    kernel = getattr(ctypes, "windll", None)
    if kernel is None:
        return True
    handle = kernel.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
    if not handle:
        return int(kernel.kernel32.GetLastError()) == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel.kernel32.CloseHandle(handle)


def clear_leftovers(project_path: Path) -> None:
    """Remove hidden temporary snapshot files whose process is gone (killed mid-snapshot)."""
    where = folder(project_path)
    if not where.is_dir():
        return
    for entry in where.iterdir():
        match = _TEMP.match(entry.name)
        if match and not _alive(int(match.group(1))):
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{entry}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path, *, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:  # Windows cannot open a folder; its replace is durable enough
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_into(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy the whole database `src` into `dst` with SQLite's backup API."""
    src.backup(dst, pages=STEP_PAGES, sleep=0.005)


def copy_file(source: Path, target: Path) -> Path:
    """A whole project copied into the new file `target` with SQLite's backup API (the source
    opened read-only; never a file copy of a live project); returns `target`."""
    src = sqlite3.connect(f"{Path(source).absolute().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        copy_into(src, dst)
    finally:
        dst.close()
        src.close()
    return Path(target)


def _unique_name(where: Path, reason: str) -> Path:
    while True:
        stamp = datetime.now(UTC).strftime(_STAMP)
        target = where / f"{stamp}-{reason}.qcode"
        if not target.exists():
            return target
        time.sleep(0.000001)


def take(project_path: Path, reason: str, *, keep_also: Path | None = None) -> Path:
    """Snapshot the project now (whole or not at all); returns the snapshot's path.

    The copy is made with SQLite's backup API into a hidden temporary file in the snapshot
    folder, synced, then renamed into place; only the newest `backups.keep` snapshots are kept
    (and `keep_also`, the snapshot a restore is about to bring back).
    """
    project_path = Path(project_path)
    if not project_path.is_file():
        raise ProjectFileError(f"{project_path}: no such project file")
    where = folder(project_path)
    where.mkdir(mode=0o700, exist_ok=True)
    clear_leftovers(project_path)
    temp = where / f".snapshot-{os.getpid()}-{secrets.token_hex(6)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        src = _connect(project_path, write=False)
        try:
            keep = _keep(src)
            dst = sqlite3.connect(temp)
            try:
                copy_into(src, dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{project_path}: snapshot failed ({exc})") from exc
        finally:
            src.close()
        os.chmod(temp, 0o600)
        _fsync(temp)
        target = _unique_name(where, _clean_reason(reason))
        os.replace(temp, target)
        _fsync(where, directory=True)
    except BaseException:
        for suffix in ("", "-journal"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        raise
    for old in list_snapshots(project_path)[keep:]:
        if keep_also is None or old.path.resolve() != keep_also.resolve():
            old.path.unlink(missing_ok=True)
    return target


def list_snapshots(project_path: Path) -> list[Snapshot]:
    """The project's snapshots, newest first."""
    where = folder(project_path)
    if not where.is_dir():
        return []
    found: list[Snapshot] = []
    for entry in where.iterdir():
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(Snapshot(entry, taken, match.group(2), entry.stat().st_size))
    found.sort(key=lambda s: (s.taken_at, s.path.name), reverse=True)
    return found


def find(project_path: Path, name: str) -> Path:
    """A snapshot of the project by file name, path, or list number (1 = newest)."""
    snapshots = list_snapshots(project_path)
    if name.isdigit() and 1 <= int(name) <= len(snapshots):
        return snapshots[int(name) - 1].path
    for snap in snapshots:
        if name in (snap.path.name, str(snap.path)) or Path(name).name == snap.path.name:
            return snap.path
    raise ProjectFileError(f"{project_path}: no snapshot {name!r} (see `qcode backups list`)")


def restore(project_path: Path, snapshot: Path) -> Path:
    """Bring back `snapshot` into the live project; returns the snapshot taken just before.

    The content is copied into the project file through SQLite's backup API, so processes
    that have the project open see the restored content safely; the file is never replaced.
    """
    from qcode.store.door import check_file  # the door imports this module's neighbours
    from qcode.store.engine import busy_timeout_ms, open_checked

    project_path, snapshot = Path(project_path), Path(snapshot)
    if not snapshot.is_file():
        raise ProjectFileError(f"{snapshot}: no such snapshot")
    check_file(snapshot)
    check_file(project_path)
    if _project_uuid(snapshot) != _project_uuid(project_path):
        raise ProjectFileError(f"{snapshot}: is a snapshot of another project, not {project_path}")
    before = take(project_path, "before-restore", keep_also=snapshot)
    src = _connect(snapshot, write=False)
    try:
        dst = _connect(project_path, write=True)
        try:
            dst.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
            copy_into(src, dst)
            with contextlib.suppress(sqlite3.Error):
                dst.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{project_path}: restore failed ({exc})") from exc
        finally:
            dst.close()
    finally:
        src.close()
    open_checked(project_path)[0].dispose()  # a snapshot of an older schema is migrated
    return before


def _project_uuid(path: Path) -> str:
    conn = _connect(path, write=False)
    try:
        row = conn.execute("SELECT uuid FROM project WHERE id = 1").fetchone()
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path}: cannot be read ({exc})") from exc
    finally:
        conn.close()
    return str(row[0]) if row else ""


def maybe_hourly(project_path: Path) -> Path | None:
    """A snapshot if the newest is more than an hour old (or none exists); else None."""
    snapshots = list_snapshots(project_path)
    if snapshots and datetime.now(UTC) - snapshots[0].taken_at < HOURLY:
        return None
    return take(project_path, "hourly")
