"""Issue 11 item 5: snapshots before bulk actions, kept N at a time, restored into the live file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.cli import main
from qcode.coding import apply_code, find_text, list_codings, remove_coding
from qcode.documents import delete_document
from qcode.errors import ProjectFileError
from qcode.store import Code, Project
from qcode.store.snapshots import (
    folder,
    list_snapshots,
    maybe_hourly,
    restore,
    take,
)

from ..merge.helpers import make_lead
from .procs import expect, integrity, say, script


def _coded(path: Path) -> Path:
    make_lead(path)
    with Project.open(path, coder_name="Ann") as p:
        for passage, code in (("Pride events", "Impartiality/Events"), ("impartial", "Training")):
            start, end = find_text(p, "Interview 01", passage)
            apply_code(p, "Interview 01", code, start, end)
    return path


def _codings(path: Path) -> list[tuple[str, str, int, int, str]]:
    with Project.open(path) as p:
        return sorted((c.uuid, c.code_path, c.start, c.end, c.coder_name) for c in list_codings(p))


def test_a_snapshot_is_a_whole_private_project_file(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    with Project.open(path) as p:  # taken while the project is open, as the window does
        list_codings(p)
        snap = take(path, "Codebook load!")
    assert snap.parent == folder(path) == tmp_path / "p.qcode-backups"
    assert snap.name.endswith("-codebook-load.qcode")
    if os.name == "posix":
        assert stat.S_IMODE(snap.stat().st_mode) == 0o600
    assert sorted(f.name for f in folder(path).iterdir()) == [snap.name]  # no temp files left
    assert _codings(snap) == _codings(path)
    assert integrity(snap) == "ok"
    [listed] = list_snapshots(path)
    assert (listed.path, listed.reason, listed.size) == (snap, "codebook-load", snap.stat().st_size)


def test_only_the_newest_are_kept(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    with Project.open(path) as p:
        p.put_setting("backups.keep", 3)
    taken = [take(path, f"n{i}") for i in range(5)]
    assert [s.path for s in list_snapshots(path)] == taken[::-1][:3]
    assert [s.reason for s in list_snapshots(path)] == ["n4", "n3", "n2"]


def test_a_killed_snapshot_leaves_nothing_after_the_next(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    folder(path).mkdir()
    leftover = folder(path) / f".snapshot-{pid}-abcdef.tmp"
    leftover.write_bytes(b"half a snapshot")
    snap = take(path, "after")
    assert sorted(f.name for f in folder(path).iterdir()) == [snap.name]


def test_hourly_snapshots_at_most_once_an_hour(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    first = maybe_hourly(path)
    assert first is not None
    assert maybe_hourly(path) is None
    assert [s.reason for s in list_snapshots(path)] == ["hourly"]


def test_destructive_actions_take_a_snapshot_first(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    with Project.open(path) as p:
        delete_document(p, "Interview 01")
    [snap] = list_snapshots(path)
    assert snap.reason == "delete-document"
    assert len(_codings(snap.path)) == 2  # the state before the delete


#: A process that has the project open during a restore: reads, waits, reads and writes again.
OTHER = r"""
import sys
from pathlib import Path
from qcode.codebook.tree import add_code
from qcode.coding import list_codings
from qcode.store import Project
project = Project.open(Path(sys.argv[1]), coder_name="Bea")
print(len(list_codings(project)), flush=True)
sys.stdin.readline()
print(len(list_codings(project)), flush=True)
add_code(project, "Added after the restore")
project.close()
print("done", flush=True)
"""


def test_restore_brings_back_the_snapshot_and_keeps_the_state_before(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    snap = take(path, "good")
    wanted = _codings(path)
    with Project.open(path, coder_name="Ann") as p:
        remove_coding(p, wanted[0][0])
        start, end = find_text(p, "Focus group 01", "box-ticking")
        apply_code(p, "Focus group 01", "Training", start, end, memo="later")
    changed = _codings(path)
    assert changed != wanted
    other = script(OTHER, str(path))
    try:
        expect(other, "2")
        before = restore(path, snap)
        say(other, "go")
        expect(other, "2")
        expect(other, "done")
    finally:
        other.communicate(timeout=30)
    assert _codings(path) == wanted
    assert before.name.endswith("-before-restore.qcode")
    assert _codings(before) == changed
    assert integrity(path) == "ok"
    with Project.open(path) as p, p.read() as s:
        assert "Added after the restore" in set(s.scalars(select(Code.name)))


def test_backups_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cap = capsys
    path = _coded(tmp_path / "p.qcode")
    assert main(["backups", "take", str(path), "--reason", "by hand"]) == 0
    wanted = _codings(path)
    with Project.open(path, coder_name="Ann") as p:
        remove_coding(p, wanted[0][0])
    cap.readouterr()
    assert main(["backups", "list", str(path)]) == 0
    out = cap.readouterr().out
    assert "by-hand" in out
    assert "1 snapshot(s)" in out
    assert main(["backups", "restore", str(path), "1"]) == 0
    assert "before the restore" in cap.readouterr().out
    assert _codings(path) == wanted
    assert [s.reason for s in list_snapshots(path)] == ["before-restore", "by-hand"]
    assert main(["backups", "restore", str(path), "nonesuch"]) == 1
    err = cap.readouterr().err
    assert err.startswith("qcode: error:")
    assert len(err.strip().splitlines()) == 1


def test_restoring_the_oldest_kept_snapshot_does_not_prune_it_first(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    with Project.open(path) as p:
        p.put_setting("backups.keep", 2)
    oldest = take(path, "oldest")
    wanted = _codings(path)
    with Project.open(path, coder_name="Ann") as p:
        remove_coding(p, wanted[0][0])
    take(path, "newer")
    restore(path, oldest)
    assert _codings(path) == wanted


def test_a_file_of_another_project_is_not_restored(tmp_path: Path) -> None:
    path = _coded(tmp_path / "p.qcode")
    other = make_lead(tmp_path / "other.qcode")
    with pytest.raises(ProjectFileError, match="another project"):
        restore(path, other)
    assert list_snapshots(path) == []


def test_a_snapshot_of_an_older_schema_is_migrated_after_restore(tmp_path: Path) -> None:
    import sqlite3

    from qcode.store import SCHEMA_VERSION
    from tests.v1_project import write_v1_project

    path = tmp_path / "old.qcode"
    write_v1_project(path)
    old = take(path, "schema 1")
    Project.open(path).close()  # migrated to the current schema
    restore(path, old)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    with Project.open(path) as p:
        assert p.name == "Old"


#: Takes snapshots until killed.
SNAPPER = r"""
import sys
from pathlib import Path
from qcode.store.snapshots import take
path = Path(sys.argv[1])
take(path, "first")
print("taking", flush=True)
while True:
    take(path, "loop")
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_snapshot_killed_midway_is_never_seen_and_is_cleared(tmp_path: Path) -> None:
    import signal

    path = _coded(tmp_path / "p.qcode")
    with Project.open(path) as p:
        p.put_setting("backups.keep", 3)
    snapper = script(SNAPPER, str(path))
    try:
        expect(snapper, "taking")
    finally:
        snapper.send_signal(signal.SIGKILL)
        snapper.communicate(timeout=30)
    for snap in list_snapshots(path):
        assert integrity(snap.path) == "ok"
        assert len(_codings(snap.path)) == 2
    visible = {s.path.name for s in list_snapshots(path)}
    hidden = {f.name for f in folder(path).iterdir()} - visible
    assert all(name.startswith(".snapshot-") for name in hidden)
    take(path, "next")
    assert {f.name for f in folder(path).iterdir()} == {s.path.name for s in list_snapshots(path)}


def test_a_project_with_nothing_in_it_takes_no_snapshot(tmp_path: Path) -> None:
    """A new project loading its codebook has nothing to bring back: no backups folder."""
    from qcode.codebook.tree import add_code
    from qcode.store.snapshots import folder, list_snapshots

    path = tmp_path / "new.qcode"
    with Project.create(path, coder_name="Ann") as project:
        assert project.snapshot("codebook-load") is None
        assert not folder(path).exists()
        add_code(project, "Equality Act")
        taken = project.snapshot("codebook-load")
    assert taken is not None
    assert [s.path for s in list_snapshots(path)] == [taken]
