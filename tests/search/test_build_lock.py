"""One process at a time writes a project's index: a second build waits or says so, and never
deletes the first one's build folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qcode.documents import add_document
from qcode.search import index_dir
from qcode.search.buildlock import index_write_lock, lock_path
from qcode.store import Project
from tests.search.test_fingerprint import qcode


def _project(tmp_path: Path, documents: int = 40) -> Path:
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        for i in range(documents):
            text = "\n".join(
                f"P{j}: the advisory group number {i} met on day {j} about bots" for j in range(30)
            )
            add_document(p, f"Interview {i:02d}", text, kind="interview")
    return path


def test_a_second_build_says_another_is_running_and_leaves_its_folder(tmp_path: Path) -> None:
    path = _project(tmp_path, documents=2)
    folder = index_dir(path)
    with index_write_lock(folder, wait=0):
        # what a running build has made so far
        building = folder.with_name(f".{folder.name}.new-0badc0de")
        building.mkdir()
        (building / "_MAIN_1.toc").write_bytes(b"half")
        out = subprocess.run(
            [sys.executable, "-m", "qcode", "index", str(path), "--rebuild"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "QCODE_INDEX_WAIT": "0.3"},
        )
        assert out.returncode != 0
        assert out.stderr.strip().splitlines() == [
            "qcode: error: p.qcode: another qcode is building the search index; "
            "try again when it has finished"
        ]
        assert (building / "_MAIN_1.toc").read_bytes() == b"half"
    assert lock_path(folder).exists()


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    path = _project(tmp_path, documents=2)
    folder = index_dir(path)
    with index_write_lock(folder, wait=0):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "qcode", "index", str(path), "--rebuild"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QCODE_INDEX_WAIT": "60"},
        )
        # it cannot finish while the lock is held (it would have printed and exited)
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "built in" in out
    assert "2 document(s)" in out


def test_two_rebuilds_at_once_both_succeed(tmp_path: Path) -> None:
    path = _project(tmp_path)
    env = {**os.environ, "QCODE_INDEX_WAIT": "120"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "qcode", "index", str(path), "--rebuild"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
        assert err == ""
        assert "40 document(s)" in out
    found = qcode("search", str(path), "advisory")
    assert "1200 hit(s) in 40 document(s)" in found.stdout
    assert not list(tmp_path.glob(".p.qcode-index.*-*"))
