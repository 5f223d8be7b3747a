"""A second process that tries one write at once (no waiting): is the project's lock free?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Write and commit, or say why not, without waiting for another connection's lock.
WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE project SET memo = 'written meanwhile' WHERE id = 1")
    conn.execute("COMMIT")
except sqlite3.OperationalError as exc:
    print("refused:", exc)
else:
    print("committed")
"""


def write_now(path: Path) -> str:
    """'committed', or 'refused: …' when another connection holds a lock that blocks it."""
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()
