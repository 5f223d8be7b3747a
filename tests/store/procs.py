"""Helpers for tests that run real processes on one project file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env(**extra: str) -> dict[str, str]:
    """The environment for a child process: this checkout first on the path, settings isolated."""
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    out.update(extra)
    return out


def qcode(*args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the `qcode` command in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "qcode", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(**extra),
        check=False,
    )


def script(code: str, *args: str, **extra: str) -> subprocess.Popen[str]:
    """Start `python -c code args…` with pipes for a line-by-line conversation."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
    )


def expect(proc: subprocess.Popen[str], line: str) -> None:
    """Read the child's next line of output and check it (the child's stderr on failure)."""
    assert proc.stdout is not None
    got = proc.stdout.readline().strip()
    if got != line:
        proc.kill()
        _out, err = proc.communicate(timeout=30)
        raise AssertionError(f"expected {line!r} from the child, got {got!r}\n{err}")


def say(proc: subprocess.Popen[str], line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
