"""Real qcode processes for the fault tests: started tagged, killed, and their descendants found."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

from qcode.procs import living
from qcode.store.snapshots import copy_file

#: The fault tests read /proc to find the processes a test started.
ON_LINUX = sys.platform.startswith("linux")

#: Every process a test starts carries this variable; children inherit it (fork and spawn).
TAG_ENV = "QCODE_TEST_PROCESS_TAG"


def new_tag() -> str:
    return uuid.uuid4().hex


def environment(tag: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QCODE_FAULT_AT"}
    env[TAG_ENV] = tag
    env["LOGNAME"] = "Ann"  # the coder of the test projects: opening them adds no coder row
    env.update(extra)
    return env


def start_qcode(args: list[str], tag: str, **extra: str) -> subprocess.Popen[str]:
    """`python -m qcode ARGS` in a new process, tagged."""
    return subprocess.Popen(
        [sys.executable, "-m", "qcode", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(tag, **extra),
    )


def start_python(script: str, args: list[str], tag: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(tag, **extra),
    )


def tagged(tag: str) -> list[int]:
    """Living processes carrying `tag` in their environment (read from /proc)."""
    marker = f"{TAG_ENV}={tag}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in env and living(int(entry.name)):
            found.append(int(entry.name))
    return found


def survivors(tag: str, within: float = 15.0) -> list[int]:
    """The tagged processes still alive after waiting up to `within` seconds for them to end
    (polled; an empty list as soon as none is left)."""
    deadline = time.monotonic() + within
    while True:
        alive = tagged(tag)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def copy_project(source: Path, target: Path) -> Path:
    """A copy through SQLite's backup API."""
    return copy_file(source, target)


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def kill_all(tag: str) -> None:
    """Clean up after a failed assertion, so that no test leaves processes behind."""
    for pid in tagged(tag):
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
