"""The window by keyboard: Tab leaves tables, Enter opens a found document, Ctrl+F finds in the
document (Ctrl+Shift+F searches them all), and the text size keys are remembered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from qcode import settings
from tests.ui.helpers import code_uuid, doc_uuid, open_doc


def _active(w: Any, qtbot: Any) -> None:
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)


def test_tab_leaves_the_quotes_table(window, qtbot):
    w = window
    _active(w, qtbot)
    w.codebook.select(code_uuid(w, "Impartiality/Symbols"))
    assert w.quotes.model.rowCount() == 1
    w.quotes.view.setFocus()
    qtbot.keyClick(w.quotes.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.search.query
    w.search.view.setFocus()
    qtbot.keyClick(w.search.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not w.search.view


def test_tab_goes_from_the_documents_to_the_text_to_the_codebook(window, qtbot):
    w = window
    _active(w, qtbot)
    w.documents.view.setFocus()
    qtbot.keyClick(w.documents.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.viewer
    qtbot.keyClick(w.viewer, Qt.Key.Key_Tab)  # Tab never types into the read-only text
    assert QApplication.focusWidget() is w.codebook.filter


def test_enter_in_find_a_document_opens_the_match(window, qtbot):
    w = window
    _active(w, qtbot)
    w.act_documents.trigger()
    qtbot.keyClicks(w.documents.search, "focus")
    qtbot.keyClick(w.documents.search, Qt.Key.Key_Return)
    assert w.viewer.document_uuid == doc_uuid(w, "Focus group 01")


def test_ctrl_f_finds_in_the_document_and_ctrl_shift_f_searches_the_corpus(window, qtbot):
    w = window
    _active(w, qtbot)
    assert w.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert w.act_search.shortcut() == QKeySequence("Ctrl+Shift+F")
    open_doc(w, qtbot, "Focus group 01")
    w.act_find.trigger()
    bar = w.find_bar
    assert bar.isVisible()
    assert bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "officer")
    text = w.viewer.text
    first = text.casefold().index("officer")
    assert w.viewer.selection_span() == (first, first + len("officer"))
    assert bar.count.text() == "1 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "3 of 3"  # wraps round
    assert not w.viewer.armed  # found, not offered to a click on a code
    bar.field.setText("no such words")
    assert bar.count.text() == "no match"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    w.act_search.trigger()
    assert w.search.query.hasFocus()


def test_text_size_keys_and_menu_are_remembered(window, qtbot):
    w = window
    _active(w, qtbot)
    viewer = w.viewer
    start = viewer.text_size()
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.text_size() == start + 2
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.text_size() == start + 1
    assert settings.get("text_size") == start + 1
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    sizes = next(a.menu() for a in menu.actions() if a.text() == "Text si&ze")
    assert [a.text() for a in sizes.actions()] == [
        "&Larger text",
        "S&maller text",
        "&Default text size",
    ]
    # a new window starts at the remembered size; Ctrl+0 goes back to the default
    from qcode.ui.main_window import MainWindow

    again = MainWindow(coder="Ann")
    qtbot.addWidget(again)
    assert again.viewer.text_size() == start + 1
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.text_size() == start
