"""A merge killed midway leaves no copy of a coder's file behind and no partial backup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from qcode.integrity.files import check_project
from qcode.merge import merge_projects
from qcode.merging import scratch
from qcode.store import snapshots

from .helpers import content, copies

#: The child merges, and at the named point says "ready" and waits to be killed.
CHILD = r'''
import sys
from pathlib import Path
import qcode.merge as m
from qcode.store import snapshots

point = sys.argv[1]

def stop():
    print("ready", flush=True)
    sys.stdin.read()  # killed here

real_copy = m.copy_database
def copy(src, out, **kw):
    real_copy(src, out, **kw)
    if point == "copied" and src.name == "cid.qcode":
        stop()
m.copy_database = copy

# The snapshot's copy into its hidden temporary file (whatever the store calls it).
name = "copy_into" if hasattr(snapshots, "copy_into") else "copy_stepwise"
real_step = getattr(snapshots, name)
def step(src, dst):
    if point == "snapshot":
        stop()
    real_step(src, dst)
setattr(snapshots, name, step)

def progress(done, total, label):
    if point == "writing" and label.startswith("writing coding"):
        stop()

m.merge_projects(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]], progress=progress)
'''


@pytest.mark.parametrize("point", ["copied", "snapshot", "writing"])
def test_a_killed_merge_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    from .test_rules import code_passage

    ann, bob, cid = copies(tmp_path, "Ann", "Bob", "Cid")
    code_passage(bob, "Bob", "Training", "Pride events")
    code_passage(cid, "Cid", "Training", "networks campaign")
    before = content(ann)
    temp = tmp_path / "tmp"
    temp.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp)}
    child = subprocess.Popen(
        [sys.executable, str(script), point, str(ann), str(bob), str(cid)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        left = [p for p in temp.iterdir() if p.name.startswith(f"qcode-merge-{child.pid}-")]
        assert len(left) == 1  # the private copies were there ...
        assert (left[0].stat().st_mode & 0o777) == 0o700
        assert all((f.stat().st_mode & 0o777) == 0o600 for f in left[0].glob("*.qcode"))
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
        if child.stdout is not None:
            child.stdout.close()
        if child.stdin is not None:
            child.stdin.close()
    assert content(ann) == before  # the merge is one transaction: nothing of it arrived
    # The next merge clears the dead process's copies and any partial snapshot.
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    merge_projects(ann, [bob, cid])
    assert not [p for p in temp.iterdir() if p.name.startswith(scratch.PREFIX)]
    backups = snapshots.folder(ann)
    names = sorted(p.name for p in backups.iterdir())
    assert names, "a snapshot of the target is taken before the merge writes"
    assert not [n for n in names if not n.endswith("-merge.qcode")], names
    assert not list(tmp_path.glob("*before-merge*"))
    for snap in backups.iterdir():
        assert check_project(snap).ok
