"""The window beside other processes on one file: busy files, their changes, overtaken undos."""

from __future__ import annotations

import logging

from qcode.coding import find_text
from qcode.store.external import BUSY_MESSAGE
from tests.ui.helpers import click_code, code_uuid, doc_uuid, open_doc, select_words
from tests.ui.processes import HOLD_WRITE_LOCK, Background, script


def _count(w, path: str) -> str:
    return w.codebook.model.index_of(code_uuid(w, path)).siblingAtColumn(1).data()


def test_a_busy_file_is_a_message_and_the_window_stays_usable(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    holder = Background(HOLD_WRITE_LOCK, str(w.project.path))
    try:
        assert holder.ready == "locked"
        select_words(w, "impact assessment")
        click_code(w, qtbot, "Equality Act/Impact assessments")  # must not raise
        lowered = w.last_error.lower()
        assert w.last_error == BUSY_MESSAGE or "busy" in lowered or "locked" in lowered
        assert "Traceback" not in w.last_error
        assert w.undo_stack.count() == 0
    finally:
        assert holder.stop()[0] == 0
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    assert w.last_error == ""
    assert w.undo_stack.count() == 1


def test_an_unexpected_error_is_a_message_logged_with_details(window, qtbot, caplog):
    from qcode.ui.undo import ApplyCode

    w = window

    class Broken(ApplyCode):
        def first(self) -> bool:
            raise RuntimeError("a bug in a service")

    command = Broken(w.project, doc_uuid(w, "Interview 01"), code_uuid(w, "Impartiality"), 0, 5)
    with caplog.at_level(logging.ERROR):
        assert w.run(command) is False
    assert "Unexpected error: RuntimeError: a bug in a service" in w.last_error
    assert any(r.exc_info and "a bug in a service" in str(r.exc_info[1]) for r in caplog.records)
    open_doc(w, qtbot, "Interview 01")  # still usable
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    assert w.last_error == ""
    assert w.undo_stack.count() == 1


def test_a_failing_undo_is_reported_and_leaves_the_history(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    command = w.undo_stack.command(0)

    def broken() -> None:
        raise ValueError("cannot")

    command.undo_it = broken
    w.undo_stack.undo()  # no exception escapes Qt's undo stack
    assert "Unexpected error: ValueError: cannot" in w.last_error
    assert w.undo_stack.count() == 0


CHANGE_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.coding import apply_code, find_text
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        start, end = find_text(p, "Interview 01", "advisory group is useful")
        print(apply_code(p, "Interview 01", "Advisory groups/Influence", start, end).uuid)
"""


def test_changes_from_another_process_show_in_the_window(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    w.codebook.select(code_uuid(w, "Advisory groups"))
    assert _count(w, "Advisory groups/Influence") == "0"
    assert w.quotes.model.rowCount() == 0
    script(CHANGE_ELSEWHERE, str(w.project.path))
    # the watcher's timer notices it within a few ticks; nothing was clicked
    qtbot.waitUntil(lambda: _count(w, "Advisory groups/Influence") == "1", timeout=10_000)
    fg = w.documents.model.index_of(doc_uuid(w, "Interview 01")).siblingAtColumn(1).data()
    assert fg == "1"
    assert ("Advisory groups/Influence", "advisory group is useful") in [
        (c.path, w.viewer.text[c.start : c.end]) for c in w.viewer.codings
    ]
    assert w.quotes.model.rowCount() == 1
    assert "changed elsewhere" in w.statusBar().currentMessage()


RENAME_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.documents import rename_document
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        rename_document(p, "Interview 01", "Interview 01 (renamed)")
"""


def test_the_windows_own_changes_are_not_taken_for_someone_elses(window, qtbot):
    w = window
    w.watcher.look()
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    w.undo_stack.undo()
    assert w.watcher.look() is False
    script(CHANGE_ELSEWHERE, str(w.project.path))
    with qtbot.waitSignal(w.watcher.changed_elsewhere, timeout=1000) as blocker:
        assert w.watcher.look() is True
    assert blocker.args == [{"codings"}]  # only codings: counts and highlights, not everything
    script(RENAME_ELSEWHERE, str(w.project.path))
    with qtbot.waitSignal(w.watcher.changed_elsewhere, timeout=1000) as blocker:
        assert w.watcher.look() is True
    assert blocker.args == [None]  # a document changed: everything is read again
    assert w.watcher.look() is False


RESIZE_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.coding import resize_coding
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        resize_coding(p, sys.argv[2], 0, 10)
"""


def test_undo_of_rows_another_process_changed_is_refused(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    select_words(w, "advisory group")
    click_code(w, qtbot, "Advisory groups/Influence")
    assert w.undo_stack.count() == 2
    coding = w.undo_stack.command(0).coding_uuid
    script(RESIZE_ELSEWHERE, str(w.project.path), coding)
    w.undo_stack.undo()  # the second coding: nobody else touched it
    assert w.last_error == ""
    w.undo_stack.undo()  # the first: resized elsewhere since
    assert "Not undone" in w.last_error
    assert "codings" in w.last_error
    assert w.undo_stack.count() == 1
    assert not w.undo_stack.canUndo()
    w.reload_all()
    # the other process's version is kept, not removed by the refused undo
    assert ("Equality Act/Impact assessments", w.viewer.text[0:10]) in [
        (c.path, w.viewer.text[c.start : c.end]) for c in w.viewer.codings
    ]


RESTORE_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.coding import restore_codings
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        restore_codings(p, [sys.argv[2]])
"""


def test_redo_of_rows_another_process_changed_is_refused(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    coding = w.undo_stack.command(0).coding_uuid
    w.undo_stack.undo()
    script(RESTORE_ELSEWHERE, str(w.project.path), coding)
    w.undo_stack.redo()
    assert "Not redone" in w.last_error
    assert not w.undo_stack.canRedo()


def test_own_steps_on_the_same_rows_never_conflict(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    start, end = find_text(w.project, "Focus group 01", "rainbow lanyards")
    coding = next(c.uuid for c in w.viewer.codings if (c.start, c.end) == (start, end))
    select_words(w, "our rainbow lanyards")
    w.gestures.resize(coding)
    w.gestures.remove(coding)
    for _ in range(2):
        w.undo_stack.undo()
        assert w.last_error == ""
    for _ in range(2):
        w.undo_stack.redo()
        assert w.last_error == ""


def test_the_windows_own_writes_wait_less_than_the_command_lines(window):
    from qcode.ui.session import GUI_BUSY_MS

    with window.project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == GUI_BUSY_MS
