"""On a rollback-journal project (network folders), the door keeps this process's read locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.store import Project
from qcode.store.door import check_file, uri
from tests.writer import write_now


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
            assert write_now(path).startswith("refused")  # the lock holds
            check_file(path)
            assert write_now(path).startswith("refused")  # ... and still holds
            assert reader.execute("SELECT name FROM project").fetchone()[0] == "shared"
            reader.execute("COMMIT")
        finally:
            reader.close()
        assert project.name == "shared"
    assert write_now(path) == "committed"
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
