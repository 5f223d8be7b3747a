"""A long import in the window commits many times on a connection of its own: those commits
are the window's, never "changed elsewhere" (every look of the watcher during an import said
so, and read every pane again); what another program commits afterwards is still seen."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.ui.processes import script

APPLY_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.documents import rename_document
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        rename_document(p, "t00", "renamed elsewhere")
"""


def documents(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM document").fetchone()[0])


def transcripts(folder: Path, count: int) -> list[Path]:
    out = []
    for i in range(count):
        path = folder / f"t{i:02d}.txt"
        lines = (f"P{j}: turn {j} of transcript {i} on impartiality." for j in range(300))
        path.write_text("\n".join(lines), encoding="utf-8")
        out.append(path)
    return out


def test_an_import_is_never_taken_for_a_change_made_elsewhere(window, qtbot, tmp_path):
    w = window
    heard: list[object] = []
    w.watcher.changed_elsewhere.connect(heard.append)
    dialog = w.dialogs.import_files()
    dialog.add_paths(transcripts(tmp_path, 40))
    before = documents(w.project.path)
    dialog.start_import()
    deadline = time.monotonic() + 60
    while documents(w.project.path) == before:  # a first batch committed, the rest to come
        assert time.monotonic() < deadline, "the import never committed"
        time.sleep(0.005)
    assert not w.watcher.look()  # a look mid-way (the timer's, every second)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert not w.watcher.look()
    assert heard == []
    assert documents(w.project.path) == before + 40
    script(APPLY_ELSEWHERE, str(w.project.path))
    assert w.watcher.look()  # another program's change after it: seen
    assert len(heard) == 1
