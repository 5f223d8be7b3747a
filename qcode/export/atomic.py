"""Temporary files for exports that appear whole or not at all, and are never left behind."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from qcode.procs import living

#: `.<stem>.qcode-partial-<pid>-<random><suffix>`: hidden, recognisable, naming its writer.
MARK = ".qcode-partial-"
_NAME = re.compile(r"^\..*\.qcode-partial-(\d+)-[0-9a-f]{8}(\.[^.]*)?$")


def partial_name(target: Path, pid: int | None = None) -> str:
    """The name of a temporary file for `target` written by process `pid` (this one)."""
    writer = os.getpid() if pid is None else pid
    return f".{target.stem[:40]}{MARK}{writer}-{secrets.token_hex(4)}{target.suffix}"


def writer_of(path: Path) -> int | None:
    """The PID recorded in a temporary file's name, or None if it is not one of ours."""
    found = _NAME.match(path.name)
    return int(found.group(1)) if found else None


def _stale(path: Path, pid: int) -> bool:
    """Left by a process that is gone, or by an earlier process of a reused PID (the file is
    older than the process now holding that PID)."""
    if pid == os.getpid():
        return False
    if not living(pid):
        return True
    try:
        started = os.stat(f"/proc/{pid}").st_ctime
        return path.stat().st_mtime < started - 1
    except OSError:
        return False


def clear_stale(folder: Path) -> list[Path]:
    """Remove the temporary export files in `folder` whose writer is dead; returns them."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob(f".*{MARK}*"):
            pid = writer_of(path)
            if pid is not None and _stale(path, pid):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def create_partial(target: Path) -> Path:
    """A fresh, empty temporary file beside `target` (so os.replace is atomic), after clearing
    the ones killed exports left in that folder. Raises OSError."""
    clear_stale(target.parent)
    while True:
        path = target.with_name(partial_name(target))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
