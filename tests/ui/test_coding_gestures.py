"""Coding as a user does it: select text, then click, drag, press a key, or type a code."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcode.coding import list_codings
from tests.ui.helpers import (
    click_code,
    code_uuid,
    drag_select,
    drop_on_code,
    live_codings,
    open_doc,
    select_words,
)


def test_select_with_mouse_then_click_a_code(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    assert live_codings(w) == []
    drag_select(w, qtbot, "box-ticking exercise")
    assert w.viewer.textCursor().selectedText() == "box-ticking exercise"
    click_code(w, qtbot, "Equality Act/Impact assessments")
    assert live_codings(w) == [("Equality Act/Impact assessments", "box-ticking exercise")]
    assert "1 coding" in w.doc_title.text()
    # counts follow once the event loop has run
    index = w.codebook.model.index_of(code_uuid(w, "Equality Act/Impact assessments"))
    qtbot.waitUntil(lambda: index.siblingAtColumn(1).data() == "1")
    stored = list_codings(w.project, document="Interview 01")
    assert [(c.code_path, c.start, c.end) for c in stored] == [
        ("Equality Act/Impact assessments", *_span(w, "box-ticking exercise"))
    ]


def _span(w, words):
    start = w.viewer.text.index(words)
    return start, start + len(words)


def test_number_key_codes_with_a_favourite(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    favourites = w.gestures.favourites()
    first = next(c for c in w.codebook.model.codes() if c.uuid == favourites[0])
    assert first.path == "Equality Act/Impact assessments"
    select_words(w, "advisory group is useful")
    w.viewer.setFocus()
    qtbot.keyClick(w.viewer, Qt.Key.Key_5)  # the fifth leaf code: Advisory groups/Influence
    assert live_codings(w) == [("Advisory groups/Influence", "advisory group is useful")]
    # the key shown in the codebook matches
    index = w.codebook.model.index_of(code_uuid(w, "Advisory groups/Influence"))
    assert index.siblingAtColumn(2).data() == "5"


def test_favourite_keys_can_be_reassigned(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    w.gestures.set_favourite(code_uuid(w, "Impartiality/Trust"), 1)
    select_words(w, "Nobody reads them")
    qtbot.keyClick(w.viewer, Qt.Key.Key_1)
    assert live_codings(w) == [("Impartiality/Trust", "Nobody reads them")]
    assert w.project.settings()["favourite_codes"][0] == code_uuid(w, "Impartiality/Trust")


def test_drag_selection_onto_a_code(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    select_words(w, "We police the law, not the cause")
    mime = w.viewer.createMimeDataFromSelection()
    assert mime.text() == "We police the law, not the cause"
    drop_on_code(w, mime, "Impartiality/Symbols")
    assert ("Impartiality/Symbols", "We police the law, not the cause") in live_codings(w)
    assert w.undo_stack.count() == 1


def test_quick_code_box_with_completion(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "stop and search data")
    w.act_quick.trigger()
    assert w.quick_box.hasFocus() or w.quick_box.isVisible()
    completer = w.quick_box.completer()
    completer.setCompletionPrefix("posit")
    assert completer.currentCompletion() == "Equality Act/Positive action"
    qtbot.keyClicks(w.quick_box, "Positive")
    qtbot.keyClick(w.quick_box, Qt.Key.Key_Return)
    assert live_codings(w) == [("Equality Act/Positive action", "stop and search data")]
    assert w.quick_box.text() == ""


def test_quick_code_creates_a_new_code_in_one_undo_step(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = window
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "policy is signed off")
    w.quick_box.setText("Sign-off")
    qtbot.keyClick(w.quick_box, Qt.Key.Key_Return)
    assert live_codings(w) == [("Sign-off", "policy is signed off")]
    assert w.undo_stack.count() == 1
    w.undo_stack.undo()
    assert live_codings(w) == []
    assert "Sign-off" not in [c.path for c in w.codebook.model.codes()]
    w.undo_stack.redo()
    assert live_codings(w) == [("Sign-off", "policy is signed off")]


def test_code_in_vivo_and_undo(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    select_words(w, "rainbow lanyards")
    w.act_in_vivo.trigger()
    assert ("rainbow lanyards", "rainbow lanyards") in live_codings(w)
    assert "rainbow lanyards" in [c.path for c in w.codebook.model.codes()]
    w.act_undo.trigger()
    assert "rainbow lanyards" not in [c.path for c in w.codebook.model.codes()]
    assert ("rainbow lanyards", "rainbow lanyards") not in live_codings(w)
    w.act_redo.trigger()
    assert ("rainbow lanyards", "rainbow lanyards") in live_codings(w)


def test_nothing_selected_says_so(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    qtbot.keyClick(w.viewer, Qt.Key.Key_1)
    assert "Select some text" in w.statusBar().currentMessage()
    assert w.undo_stack.count() == 0


def test_heading_codes_are_not_codable_by_click(window, qtbot):
    from qcode.codebook.tree import update_code

    w = window
    update_code(w.project, "Impartiality", codable=False)
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "box-ticking")
    click_code(w, qtbot, "Impartiality")
    assert live_codings(w) == []
    assert "heading" in w.statusBar().currentMessage()
