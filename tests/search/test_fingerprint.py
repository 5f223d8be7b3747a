"""The index knows the project state it reflects: a restored or replaced file is never searched
through an index of another state, and only one process builds an index at a time."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from qcode.documents import add_document
from qcode.search import ensure_index, search
from qcode.search.live import close_all
from qcode.store import Project
from qcode.store.snapshots import copy_file

OLD = "Officer: the zebra crossing outside the station was repainted."
NEW = "Officer: our quarterly newsletter explains the kingfisher initiative."


def _copy(source: Path, target: Path) -> None:
    """A whole-file copy through SQLite's backup API (as a restore from a snapshot does)."""
    copy_file(source, target)


def qcode(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcode", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _restored_then_imported(tmp_path: Path) -> Path:
    """The reported failure: the index was built when the project held `Old`; then an older copy
    (taken before `Old` was added) was restored over it and `New` imported, which brings the
    change counter (and the next segment ids) back to the values the index recorded."""
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Intro", "Interviewer: welcome to the interview.", kind="interview")
    _copy(path, tmp_path / "before.qcode")
    with Project.open(path) as p:
        add_document(p, "Old", OLD, kind="interview")
        ensure_index(p)
        assert search(p, "zebra").total == 1
    close_all()
    _copy(tmp_path / "before.qcode", path)
    with Project.open(path) as p:
        add_document(p, "New", NEW, kind="interview")
    return path


def test_a_restored_file_is_not_searched_through_the_index_of_another_state(
    tmp_path: Path,
) -> None:
    path = _restored_then_imported(tmp_path)
    found = qcode("search", str(path), "kingfisher")
    assert found.returncode == 0, found.stderr
    assert "1 hit(s)" in found.stdout
    assert "kingfisher" in found.stdout
    stale = qcode("search", str(path), "zebra")
    assert stale.returncode == 0, stale.stderr
    assert "0 hit(s)" in stale.stdout


def test_qcode_index_does_not_call_a_stale_index_up_to_date(tmp_path: Path) -> None:
    path = _restored_then_imported(tmp_path)
    out = qcode("index", str(path))
    assert out.returncode == 0, out.stderr
    assert "up to date" not in out.stdout
    again = qcode("index", str(path))
    assert "up to date" in again.stdout


def test_autocode_codes_the_passages_of_the_current_text(tmp_path: Path) -> None:
    path = _restored_then_imported(tmp_path)
    with Project.open(path) as p:
        from qcode.codebook.tree import add_code

        add_code(p, "Initiatives")
    out = qcode("autocode", str(path), "kingfisher", "--code", "Initiatives")
    assert out.returncode == 0, out.stderr
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            'SELECT d.text, c.start, c."end" FROM coding c JOIN document d '
            "ON d.uuid = c.document_uuid WHERE c.deleted = 0"
        ).fetchall()
    finally:
        con.close()
    assert [text[a:b] for text, a, b in rows] == ["kingfisher"]


def test_an_open_index_notices_a_restore_by_another_process(tmp_path: Path) -> None:
    """The window keeps its index open; a restore and an import happen in another process."""
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Intro", "Interviewer: welcome to the interview.", kind="interview")
    _copy(path, tmp_path / "before.qcode")
    with Project.open(path) as window:
        add_document(window, "Old", OLD, kind="interview")
        assert search(window, "zebra").total == 1
        script = (
            "import sqlite3, sys\n"
            "from qcode.documents import add_document\n"
            "from qcode.store import Project\n"
            "src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])\n"
            "src.backup(dst); src.close(); dst.close()\n"
            "with Project.open(sys.argv[2]) as p:\n"
            f"    add_document(p, 'New', {NEW!r}, kind='interview')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "before.qcode"), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert search(window, "zebra").total == 0
        hits = search(window, "kingfisher")
        assert [h.document_name for h in hits.hits] == ["New"]
