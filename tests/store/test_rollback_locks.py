"""On a rollback-journal project (network folders), the door keeps this process's read locks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.store import Project
from qcode.store.door import check_file, uri

#: Another process: try to write and commit at once, without waiting for locks.
WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE project SET name = 'changed by B' WHERE id = 1")
    conn.execute("COMMIT")
except sqlite3.OperationalError as exc:
    print("refused:", exc)
else:
    print("committed")
"""


def _other_process_writes(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_checking_the_file_keeps_the_read_lock_of_an_open_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader in this process holds SQLite's shared lock; checking the same file again (as a
    second open, a clone or a snapshot does) must not drop it, or another process could
    commit under the reader. With no -wal beside the file the door reads it as immutable;
    SQLite keeps even that descriptor open while the process holds locks on the file."""
    monkeypatch.setenv("QCODE_ASSUME_NETWORK", "1")  # rollback journal: no -wal beside it
    path = tmp_path / "shared.qcode"
    Project.create(path, coder_name="Ann").close()
    with Project.open(path) as project:
        assert not Path(f"{path}-wal").exists()
        reader = sqlite3.connect(uri(path, "ro"), uri=True, isolation_level=None)
        try:
            reader.execute("BEGIN")
            assert reader.execute("SELECT name FROM project").fetchone()[0] == "shared"
            assert _other_process_writes(path).startswith("refused")  # the lock holds
            check_file(path)
            assert _other_process_writes(path).startswith("refused")  # ... and still holds
            assert reader.execute("SELECT name FROM project").fetchone()[0] == "shared"
            reader.execute("COMMIT")
        finally:
            reader.close()
        assert project.name == "shared"
    assert _other_process_writes(path) == "committed"
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
