"""Issue 11 item 1: re-opening a project in a process that has it open keeps SQLite's locks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.codebook.tree import add_code
from qcode.store import Code, Project

from .procs import expect, integrity, qcode, say, script

#: Process A: open the project and read (as the window does), re-open the same path in one of
#: several ways, wait while process B runs, then write and stop without closing anything.
PROCESS_A = r"""
import os, sys
from pathlib import Path
from qcode.codebook.tree import add_code
from qcode.documents import list_documents
from qcode.store import Project

path, how, tmp = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
project = Project.open(path, coder_name="Ann")
list_documents(project)
if how == "plain-open":  # what the old sniff_file did: closing any fd drops SQLite's locks
    open(path, "rb").close()
elif how == "project-open":
    Project.open(path).close()
elif how == "clone":
    from qcode.clone import clone_project
    clone_project(path, tmp / "clone.qcode", "Bea")
elif how == "copy":
    from qcode.merging.state import copy_database
    copy_database(path, tmp / "copy.qcode")
elif how == "merge-in":
    from qcode.merge import merge_projects
    other = tmp / "other.qcode"
    Project.create(other, coder_name="Cy").close()
    merge_projects(other, [path])
elif how == "snapshot":
    from qcode.store.snapshots import take
    take(path, "test")
elif how == "backups-list":
    from qcode.store.door import check_file
    from qcode.store.snapshots import list_snapshots
    check_file(path)
    list_snapshots(path)
list_documents(project)
print("ready", flush=True)
sys.stdin.readline()
add_code(project, "Written by A")
print("wrote", flush=True)
sys.stdin.readline()
os._exit(0)  # like a crash: no checkpoint, the write lives only in the -wal
"""

REOPENS = ["project-open", "clone", "copy", "merge-in", "snapshot", "backups-list"]


def _run(tmp_path: Path, how: str) -> tuple[Path, bool]:
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_code(p, "Before")
    a = script(PROCESS_A, str(path), how, str(tmp_path))
    try:
        expect(a, "ready")
        b = qcode("documents", str(path))
        assert b.returncode == 0, b.stderr
        wal_survived = Path(f"{path}-wal").exists()
        say(a, "go")
        expect(a, "wrote")
        say(a, "exit")
        assert a.wait(timeout=60) == 0
    finally:
        if a.poll() is None:
            a.kill()
        a.communicate(timeout=30)
    return path, wal_survived


@pytest.mark.parametrize("how", REOPENS)
def test_reopening_in_a_process_keeps_the_wal_and_every_write(tmp_path: Path, how: str) -> None:
    path, wal_survived = _run(tmp_path, how)
    assert wal_survived, "process B deleted the -wal under process A"
    assert integrity(path) == "ok"
    with Project.open(path) as p, p.read() as s:
        names = set(s.scalars(select(Code.name).where(~Code.deleted)))
    assert {"Before", "Written by A"} <= names


def test_the_harness_sees_a_plain_open_lose_a_write(tmp_path: Path) -> None:
    """The failure this file guards against, shown with the plain `open()` the old sniff_file
    made: closing it drops A's locks, B deletes the -wal under A, and A's write is lost."""
    path, wal_survived = _run(tmp_path, "plain-open")
    assert not wal_survived
    with Project.open(path) as p, p.read() as s:
        names = set(s.scalars(select(Code.name).where(~Code.deleted)))
    assert "Written by A" not in names
