"""Undo and redo, many steps deep, for codings and codebook edits; the history is visible."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcode.codebook.tree import list_codes
from qcode.coding import list_codings
from tests.ui.helpers import click_code, code_uuid, live_codings, open_doc, select_words

PASSAGES = [
    ("box-ticking exercise", "Equality Act/Impact assessments"),
    ("Nobody reads them", "Equality Act/Impact assessments"),
    ("advisory group is useful", "Advisory groups/Influence"),
    ("stop and search data", "Equality Act/Positive action"),
    ("how we brief the teams", "Impartiality/Trust"),
]


def test_many_steps_undo_and_redo(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    for words, code in PASSAGES:
        select_words(w, words)
        click_code(w, qtbot, code)
    assert len(live_codings(w)) == 5
    assert w.undo_stack.count() == 5
    assert w.act_undo.text().startswith("&Undo")
    for expected in (4, 3, 2, 1, 0):
        w.act_undo.trigger()
        assert len(live_codings(w)) == expected
        assert len(list_codings(w.project, document="Interview 01")) == expected
    assert not w.act_undo.isEnabled()
    for expected in (1, 2, 3, 4, 5):
        w.act_redo.trigger()
        assert len(live_codings(w)) == expected
    assert sorted(live_codings(w)) == sorted((c, t) for t, c in PASSAGES)
    # the history pane lists every step, newest last
    history = w.history
    assert history.model().rowCount() == 6  # "Project opened" + five steps
    assert "Impact assessments" in history.model().index(1, 0).data()


def test_undo_shortcut_keys(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "box-ticking exercise")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    w.activateWindow()
    w.viewer.setFocus()
    qtbot.keyClick(w.viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: live_codings(w) == [])
    qtbot.keyClick(
        w.viewer,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: len(live_codings(w)) == 1)


def test_right_click_menu_remove_recode_resize_memo(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = window
    open_doc(w, qtbot, "Focus group 01")
    coding = next(c for c in w.viewer.codings if c.path == "Impartiality/Symbols")
    cursor = w.viewer.textCursor()
    cursor.setPosition(coding.qstart + 2)
    point = w.viewer.cursorRect(cursor).center()
    # the menu offers the coding's actions under its code's name
    menu = w.viewer.build_menu(point)
    texts = [a.text() for a in menu.actions()]
    assert "Impartiality/Symbols" in texts
    assert "Remove coding" in texts
    # memo
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Seen at Pride 2023", True)
    )
    _trigger(menu, "Memo…")
    coding = next(c for c in w.viewer.codings if c.path == "Impartiality/Symbols")
    assert coding.memo == "Seen at Pride 2023"
    # recode
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Impartiality/Trust", True))
    _trigger(w.viewer.build_menu(point), "Recode…")
    assert ("Impartiality/Trust", "rainbow lanyards") in live_codings(w)
    # resize to a selection
    select_words(w, "our rainbow lanyards and assumes")
    _trigger(w.viewer.build_menu(point), "Resize to selection")
    assert ("Impartiality/Trust", "our rainbow lanyards and assumes") in live_codings(w)
    # remove
    _trigger(w.viewer.build_menu(point), "Remove coding")
    assert live_codings(w) == [("Impartiality/Trust", "Trust goes up with some groups")]
    # and all four come back, one step at a time
    for expected in (
        ("Impartiality/Trust", "our rainbow lanyards and assumes"),
        ("Impartiality/Trust", "rainbow lanyards"),
        ("Impartiality/Symbols", "rainbow lanyards"),
    ):
        w.undo_stack.undo()
        assert expected in live_codings(w)
    w.undo_stack.undo()
    coding = next(c for c in w.viewer.codings if c.path == "Impartiality/Symbols")
    assert coding.memo == ""


def _trigger(menu, text):
    action = next(a for a in _all_actions(menu) if a.text() == text)
    action.trigger()


def _all_actions(menu):
    for action in menu.actions():
        yield action
        if action.menu() is not None:
            yield from _all_actions(action.menu())


def test_codebook_edits_are_undoable(window, qtbot, monkeypatch):
    w = window
    paths = lambda: [c.path for c in w.codebook.model.codes()]  # noqa: E731
    # add (through the editor's values)
    monkeypatch.setattr(w.dialogs, "edit_code", lambda uuid, parent: {"name": "Protest"})
    w.codebook.select(code_uuid(w, "Impartiality"))
    w.act_add_sub.trigger()
    assert "Impartiality/Protest" in paths()
    # edit: rename, move to the top, new definition
    monkeypatch.setattr(
        w.dialogs,
        "edit_code",
        lambda uuid, parent: {"name": "Protests", "parent_uuid": None, "definition": "Marches"},
    )
    w.codebook.select(code_uuid(w, "Impartiality/Protest"))
    w.act_edit_code.trigger()
    assert "Protests" in paths()
    assert next(c for c in list_codes(w.project) if c.name == "Protests").definition == "Marches"
    # merge Trust into Symbols
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Impartiality/Symbols", True))
    w.codebook.select(code_uuid(w, "Impartiality/Trust"))
    w.act_merge_code.trigger()
    assert "Impartiality/Trust" not in paths()
    # delete
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.codebook.select(code_uuid(w, "Advisory groups"))
    w.act_delete_code.trigger()
    assert "Advisory groups/Influence" not in paths()
    # four undos restore the original codebook, with its counts
    for _ in range(4):
        w.undo_stack.undo()
    assert "Protests" not in paths()
    assert "Impartiality/Protest" not in paths()
    assert {"Impartiality/Trust", "Advisory groups/Influence"} <= set(paths())
    qtbot.waitUntil(
        lambda: (
            w.codebook.model.index_of(code_uuid(w, "Impartiality/Trust")).siblingAtColumn(1).data()
            == "1"
        )
    )


def test_drag_a_code_to_reparent_and_reorder(window, qtbot):
    from tests.ui.helpers import drop_on_code

    w = window
    model = w.codebook.model
    mime = model.mimeData([model.index_of(code_uuid(w, "Impartiality/Trust"))])
    drop_on_code(w, mime, "Advisory groups", action=Qt.DropAction.MoveAction)
    assert "Advisory groups/Trust" in [c.path for c in model.codes()]
    w.undo_stack.undo()
    assert "Impartiality/Trust" in [c.path for c in model.codes()]
    # reorder at the top level: put "Advisory groups" first
    root = model.index(0, 0).parent()
    mime = model.mimeData([model.index_of(code_uuid(w, "Advisory groups"))])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, root)
    assert next(c.path for c in model.codes() if c.depth == 0) == "Advisory groups"
    w.undo_stack.undo()
    assert next(c.path for c in model.codes() if c.depth == 0) == "Equality Act"


def test_load_a_codebook_file_and_undo(window, tmp_path):
    w = window
    sheet = tmp_path / "extra.csv"
    sheet.write_text("path,definition\nProtest policing/Kettling,Containment of crowds\n")
    from qcode.ui.codebook_files import load_codebook

    assert load_codebook(w, sheet)
    paths = [c.path for c in w.codebook.model.codes()]
    assert "Protest policing/Kettling" in paths
    w.undo_stack.undo()
    assert "Protest policing/Kettling" not in [c.path for c in w.codebook.model.codes()]
    w.undo_stack.redo()
    assert "Protest policing/Kettling" in [c.path for c in w.codebook.model.codes()]


def test_export_the_codebook(window, tmp_path):
    from qcode.codebook.loader import read_codebook_file
    from qcode.ui.codebook_files import export_codebook

    out = export_codebook(window, tmp_path / "book.qdc")
    assert out is not None
    book = read_codebook_file(out)
    paths = {"/".join(entry.path) for entry in book.entries}
    assert {"Impartiality", "Impartiality/Symbols", "Advisory groups/Influence"} <= paths
    assert export_codebook(window, tmp_path / "book.odt") is None
    assert "save the codebook as" in window.statusBar().currentMessage()


def test_recent_actions_menu_goes_back_to_a_step(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    for words, code in PASSAGES[:3]:
        select_words(w, words)
        click_code(w, qtbot, code)
    w.recent_actions.aboutToShow.emit()
    steps = [a for a in w.recent_actions.actions()]
    assert [a.text() for a in steps] == [
        "Code “Influence”",
        "Code “Impact assessments”",
        "Code “Impact assessments”",
    ]
    assert steps[0].isChecked()
    steps[2].trigger()  # back to just after the first step
    assert len(live_codings(w)) == 1
