"""The owner file beside a project: claimed atomically, refused to a live owner, stale replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from qcode.store import owner


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_claim_writes_and_release_removes(tmp_path: Path) -> None:
    project = tmp_path / "p.qcode"
    assert owner.claim(project, "Ann") is None
    path = owner.owner_path(project)
    assert path.name == "p.qcode.owner"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["coder"] == "Ann"
    assert data["pid"] == os.getpid()
    assert data["machine"] == owner.machine()
    assert owner.claim(project, "Ann") is None  # this process again: still ours
    owner.release(project)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left


def test_a_live_owner_elsewhere_is_returned_and_kept(tmp_path: Path) -> None:
    project = tmp_path / "p.qcode"
    other = {"coder": "Bea", "machine": "laptop-of-bea", "pid": 4242, "since": "2026-01-02T03:04"}
    owner.owner_path(project).write_text(json.dumps(other), encoding="utf-8")
    found = owner.claim(project, "Ann")
    assert found is not None
    assert found.coder == "Bea"
    assert "Bea on laptop-of-bea" in found.describe()
    owner.release(project)  # not ours: left alone
    assert json.loads(owner.owner_path(project).read_text(encoding="utf-8")) == other


def test_a_dead_owner_on_this_machine_is_replaced_silently(tmp_path: Path) -> None:
    project = tmp_path / "p.qcode"
    dead = {"coder": "Bea", "machine": owner.machine(), "pid": _dead_pid(), "since": "x"}
    owner.owner_path(project).write_text(json.dumps(dead), encoding="utf-8")
    assert owner.is_stale(owner.read_owner(project))
    assert owner.claim(project, "Ann") is None
    assert owner.read_owner(project).coder == "Ann"


def test_a_garbled_owner_file_is_replaced(tmp_path: Path) -> None:
    project = tmp_path / "p.qcode"
    owner.owner_path(project).write_bytes(b"\x00not json")
    assert owner.read_owner(project) is None
    assert owner.claim(project, "Ann") is None
    assert owner.read_owner(project).coder == "Ann"


def test_another_live_process_holds_it(tmp_path: Path) -> None:
    project = tmp_path / "p.qcode"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from qcode.store import owner; owner.claim(sys.argv[1], 'Bea');"
            "print('ready', flush=True); sys.stdin.read(); owner.release(sys.argv[1])",
            str(project),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        found = owner.claim(project, "Ann")
        assert found is not None
        assert found.pid == holder.pid
    finally:
        holder.communicate(timeout=30)
    assert not owner.owner_path(project).exists()
    assert owner.claim(project, "Ann") is None
