"""'Code all hits' in the window (issue 20): progress shown, Stop leaves nothing, one undo step."""

from __future__ import annotations

import os
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from qcode.ui.autocode_run import STOPPED
from tests.ui.helpers import code_uuid, live_codings, open_doc
from tests.ui.processes import script

CODE = "Advisory groups/Influence"


def search_for(w, qtbot, words: str) -> None:
    pane = w.search
    qtbot.waitUntil(lambda: not pane.indexing, timeout=20000)  # indexed off the GUI thread
    w.act_search.trigger()
    qtbot.keyClicks(pane.query, words)
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    assert pane.model.rowCount() >= 1
    pane.target.setCurrentIndex(pane.target.findData(code_uuid(w, CODE)))
    pane.unit.setCurrentIndex(pane.unit.findData("hit"))


def coded(w) -> list[str]:
    return [t for p, t in live_codings(w) if p == CODE]


def test_progress_then_one_undo_step_removes_every_coding(window, qtbot):
    w = window
    search_for(w, qtbot, "trust OR police")
    w.search.code_all.click()
    qtbot.waitUntil(lambda: w.gestures.autocoding.outcome != "", timeout=20000)
    run = w.gestures.autocoding
    assert run.outcome == "done"
    labels = [label for _done, _total, label in run.reports]
    assert any(label.startswith("Finding") for label in labels)
    done, total, label = run.reports[-1]
    assert label.startswith("Writing")
    assert done == total >= 3
    assert not run.dialog.isVisible()
    # the service ran in a child process (a thread of this one starved the GUI thread of the
    # GIL: issue 20's stalls), which ended cleanly
    assert run.process.child.pid != os.getpid()
    assert run.process.child.exitcode == 0
    assert w.undo_stack.count() == 1
    open_doc(w, qtbot, "Focus group 01")
    before = coded(w)
    assert len(before) >= 3
    w.undo_stack.undo()  # one step takes every coding away
    assert coded(w) == []
    w.undo_stack.redo()
    assert coded(w) == before
    assert w.search.code_all.isEnabled()


def test_stop_leaves_the_project_and_the_undo_history_as_they_were(window, qtbot):
    """Stop pressed while the child process waits for the write lock (held here): it finds
    the stop inside its transaction and keeps nothing; the window says so."""
    w = window
    search_for(w, qtbot, "trust OR police")
    open_doc(w, qtbot, "Focus group 01")
    before = live_codings(w)
    holder = sqlite3.connect(w.project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        w.search.code_all.click()
        run = w.gestures.autocoding
        qtbot.waitUntil(
            lambda: any(d == t and label.startswith("Finding") for d, t, label in run.reports),
            timeout=60000,
        )  # the passages are worked out: next comes the write lock
        assert not w.search.code_all.isEnabled()
        run.dialog.findChild(QPushButton).click()  # the dialog's Stop button
        qtbot.waitUntil(run.process.stop_sent.is_set, timeout=20000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    qtbot.waitUntil(lambda: run.outcome != "", timeout=60000)
    assert run.outcome == "stopped"
    assert w.undo_stack.count() == 0
    assert w.statusBar().currentMessage() == STOPPED
    assert w.last_error == ""
    w.open_document(w.viewer.document_uuid)
    assert live_codings(w) == before
    assert w.search.code_all.isEnabled()


RESTORE_ONE_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.coding import restore_codings
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        restore_codings(p, [sys.argv[2]])
"""


def test_the_stamps_an_undo_knows_are_the_files_and_an_overtaken_redo_is_refused(
    window, qtbot, monkeypatch: pytest.MonkeyPatch
):
    """The undo/redo of code all hits records the stamps it wrote instead of reading them
    back (issue 20: 42,000 rows at 8x); they must be exactly what the file holds, and a row
    another process changed since must still make the next step refuse."""
    from qcode.store import tombstones
    from qcode.store.external import row_stamps

    monkeypatch.setattr(tombstones, "_CHUNK", 2)  # the path that thousands of rows take
    w = window
    search_for(w, qtbot, "trust OR police")
    w.search.code_all.click()
    qtbot.waitUntil(lambda: w.gestures.autocoding.outcome != "", timeout=20000)
    created = w.undo_stack.command(0).created
    assert len(created) >= 3
    for step in (lambda: None, w.undo_stack.undo, w.undo_stack.redo, w.undo_stack.undo):
        step()
        assert w.last_error == ""
        expected = {key: w.row_guard._expected[key] for key in (("coding", u) for u in created)}
        assert expected == row_stamps(w.project, {"coding": created})
    script(RESTORE_ONE_ELSEWHERE, str(w.project.path), created[1])
    w.undo_stack.redo()
    assert "Not redone" in w.last_error
    assert not w.undo_stack.canRedo()
