"""One writer of a project's search index at a time, across processes: a lock file beside it."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qcode.errors import QcodeError

#: Seconds a build or update waits for another process's to finish (QCODE_INDEX_WAIT).
WAIT = 20.0
_POLL = 0.1


class IndexBusyError(QcodeError):
    """Another process is writing the index (building or updating it)."""


def lock_path(folder: Path) -> Path:
    """`p.qcode-index/` -> `.p.qcode-index-lock` in the same folder (it outlives every build
    folder swapped in and out, and is kept: removing a lock file races with its next user)."""
    return folder.with_name(f".{folder.name}-lock")


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("QCODE_INDEX_WAIT", WAIT)))
    except ValueError:
        return WAIT


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def index_write_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index's write lock for the block, waiting at most `wait` seconds for another
    process to release it, else IndexBusyError. The system releases it when the holder dies."""
    path = lock_path(folder)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise QcodeError(f"cannot write the search index in {folder.parent}: {exc}") from exc
    try:
        deadline = time.monotonic() + (_wait_seconds() if wait is None else wait)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                project = folder.name.removesuffix("-index")
                raise IndexBusyError(
                    f"{project}: another qcode is building the search index; "
                    "try again when it has finished"
                )
            time.sleep(_POLL)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
