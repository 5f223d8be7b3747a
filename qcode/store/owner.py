"""Who has a project open in a window: `<project>.qcode.owner`, written atomically."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from qcode.clock import now

SUFFIX = ".owner"

#: An owner file larger than this is not one of ours (it is ignored as garbled).
MAX_SIZE = 4096


@dataclass(frozen=True)
class Owner:
    """The window that has a project open: its coder, machine, process id and since when."""

    coder: str
    machine: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since.replace("T", " ")[:16]
        return f"{self.coder} on {self.machine} (since {when} UTC)"

    @property
    def is_mine(self) -> bool:
        return self.machine == machine() and self.pid == os.getpid()


def machine() -> str:
    return socket.gethostname() or "unknown machine"


def owner_path(project_path: Path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + SUFFIX)


def read_owner(project_path: Path) -> Owner | None:
    """The recorded owner, or None when there is none or the file is unreadable or garbled."""
    path = owner_path(project_path)
    try:
        if path.stat().st_size > MAX_SIZE:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return Owner(
            coder=str(data["coder"]),
            machine=str(data["machine"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_stale(owner: Owner) -> bool:
    """An owner that can no longer hold the project: a dead process on this machine.

    (An owner on another machine cannot be checked from here; it is taken at its word.)
    """
    return owner.machine == machine() and not _alive(owner.pid)


def _write_new(path: Path, owner: Owner) -> None:
    """Write the owner file whole (a temporary file moved into place), refusing an existing one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(owner), fh)
        os.link(tmp, path)  # atomic, and fails if another window was quicker
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def claim(project_path: Path, coder: str) -> Owner | None:
    """Record this process as the project's owner; returns the other live owner instead, if
    one has it open (then nothing is written). A stale owner is replaced silently.
    A folder where the file cannot be written (read-only media) is not an error: no owner
    file is kept there."""
    path = owner_path(project_path)
    me = Owner(coder, machine(), os.getpid(), now().isoformat(timespec="seconds"))
    for _ in range(3):
        current = read_owner(project_path)
        if current is not None and not is_stale(current) and not current.is_mine:
            return current
        try:
            if current is not None or path.exists():
                os.unlink(path)  # stale, garbled, or ours from before
            _write_new(path, me)
            return None
        except FileExistsError:
            continue  # another window claimed it between our look and our write
        except FileNotFoundError:
            continue
        except OSError:
            return None
    return read_owner(project_path)


def release(project_path: Path) -> None:
    """Remove the owner file if this process wrote it."""
    current = read_owner(project_path)
    if current is not None and current.is_mine:
        with contextlib.suppress(OSError):
            os.unlink(owner_path(project_path))
