"""Real second processes on a project file: a writer holding the lock, a one-off script."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    out.setdefault("QT_QPA_PLATFORM", "offscreen")
    return out


def script(code: str, *args: str, timeout: float = 60) -> str:
    """Run Python `code` in another process (argv[1:] = args); its stdout, or fail with stderr."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Background:
    """A process started with `code` that prints one line when ready; `stop()` ends it."""

    def __init__(self, code: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert self.proc.stdout is not None
        self.ready = self.proc.stdout.readline().strip()  # blocks until the process says so

    def stop(self) -> tuple[int, str]:
        """Close its stdin (it then finishes) and wait; its return code and stderr."""
        _out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, err

    def kill(self) -> None:
        self.proc.kill()
        self.proc.communicate(timeout=60)


#: Holds a write transaction on argv[1] until stdin closes.
HOLD_WRITE_LOCK = """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE project SET name = name")
    print("locked", flush=True)
    sys.stdin.read()
    conn.execute("ROLLBACK")
    conn.close()
"""

#: Claims the owner file of argv[1] as coder argv[2] and keeps it until stdin closes.
HOLD_OWNER = """
    import sys
    from qcode.store import owner
    other = owner.claim(sys.argv[1], sys.argv[2])
    print("owner" if other is None else "refused", flush=True)
    sys.stdin.read()
    owner.release(sys.argv[1])
"""


#: The window, as the application starts it, on argv[1] as coder Bea.
WINDOW = """
    import sys
    from pathlib import Path
    from qcode.ui.app import run
    sys.exit(run(Path(sys.argv[1]), coder="Bea"))
"""


def start_window(path: Path) -> subprocess.Popen[str]:
    """The application's window in another process, on the project `path`."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WINDOW), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
