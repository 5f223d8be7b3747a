"""The window as a whole: panes, filters, quotes, layout memory, dialogs, export and merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from qcode import settings
from qcode.coding import apply_code, find_text
from qcode.store import Project
from tests.ui.helpers import code_uuid, doc_uuid, live_codings, open_doc


def _visible_documents(w) -> list[str]:
    proxy, names = w.documents.proxy, []
    for k in range(proxy.rowCount()):
        parent = proxy.index(k, 0)
        names += [proxy.index(r, 0, parent).data() for r in range(proxy.rowCount(parent))]
    return names


def test_panes_status_bar_and_counts(window):
    w = window
    assert w.windowTitle() == "inspection — qcode"
    assert w.coder_label.text() == "Coder: Ann"
    assert "inspection.qcode · 2 documents" in w.project_label.text()
    model = w.documents.model
    kinds = [model.index(k, 0).data() for k in range(model.rowCount())]
    assert kinds == ["Interview (1)", "Focus group (1)"]
    fg = model.index_of(doc_uuid(w, "Focus group 01"))
    assert fg.siblingAtColumn(1).data() == "2"
    symbols = w.codebook.model.index_of(code_uuid(w, "Impartiality/Symbols"))
    assert symbols.siblingAtColumn(1).data() == "1"
    theme = w.codebook.model.index_of(code_uuid(w, "Impartiality"))
    assert theme.siblingAtColumn(1).data() == "2"  # its sub-codes' quotes
    assert "Lanyards, flags, badges" in symbols.data(Qt.ItemDataRole.ToolTipRole)
    assert all(dock.isVisible() for name, dock in w.docks.items() if name != "history")


def test_document_filters(window, qtbot):
    w = window
    qtbot.keyClicks(w.documents.search, "focus")
    assert _visible_documents(w) == ["Focus group 01"]
    w.documents.search.clear()
    assert sorted(_visible_documents(w)) == ["Focus group 01", "Interview 01"]
    w.documents.attribute.setCurrentIndex(w.documents.attribute.findData("force"))
    qtbot.keyClicks(w.documents.value, "C")
    assert _visible_documents(w) == ["Interview 01"]


def test_codebook_filter_keeps_ancestors(window, qtbot):
    w = window
    qtbot.keyClicks(w.codebook.filter, "trust")
    proxy = w.codebook.proxy
    assert proxy.rowCount() == 1
    top = proxy.index(0, 0)
    assert top.data() == "Impartiality"
    assert [proxy.index(r, 0, top).data() for r in range(proxy.rowCount(top))] == ["Trust"]


def test_quotes_of_a_code_and_click_to_jump(window, qtbot):
    w = window
    w.codebook.select(code_uuid(w, "Impartiality"))
    assert w.quotes.model.rowCount() == 2  # the theme shows its sub-codes' quotes
    assert "2 quotes in 1 document" in w.quotes.title.text()
    view = w.quotes.view
    row = next(
        r for r in range(w.quotes.model.rowCount()) if "Trust" in w.quotes.model.index(r, 4).data()
    )
    index = w.quotes.model.index(row, 4)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert w.viewer.document_uuid == doc_uuid(w, "Focus group 01")
    assert w.viewer.textCursor().selectedText() == "Trust goes up with some groups"


def test_layout_is_remembered(qtbot, project_file):
    from qcode.ui.main_window import MainWindow

    first = MainWindow(coder="Ann")
    qtbot.addWidget(first)
    first.show()
    first.docks["quotes"].hide()
    first.docks["history"].show()
    first.close()
    assert (settings.config_dir() / "window.ini").is_file()
    second = MainWindow(coder="Ann")
    qtbot.addWidget(second)
    second.show()
    assert not second.docks["quotes"].isVisible()
    assert second.docks["history"].isVisible()


def test_recent_projects_menu(window):
    w = window
    assert settings.recent_projects()[0] == w.project.path.resolve()
    w.recent_menu.aboutToShow.emit()
    assert [a.text() for a in w.recent_menu.actions()] == ["inspection.qcode"]


def test_missing_dialog_disables_its_action(window):
    from qcode.ui.launch import guard

    action = QAction("Something", window)
    guard(action, "no_such_dialog", "Nothing", "Do something")
    assert not action.isEnabled()
    assert "not available" in action.toolTip()
    assert window.act_export.isEnabled()


def test_bad_project_file_is_refused_with_a_message(qtbot, tmp_path):
    from qcode.ui.main_window import MainWindow

    bad = tmp_path / "broken.qcode"
    bad.write_bytes(b"this is not a database" * 100)
    w = MainWindow(coder="Ann")
    w.quiet_errors = True
    qtbot.addWidget(w)
    assert not w.open_project(bad)
    assert w.project is None
    assert "broken.qcode" in w.statusBar().currentMessage()


def test_export_a_bundle_from_the_window(window, qtbot, tmp_path):
    import docx

    w = window
    w.codebook.select(code_uuid(w, "Impartiality/Symbols"))
    w.act_export.trigger()
    dialog = w.dialogs.current
    assert dialog is not None
    assert dialog.isVisible()
    dialog.open_result = False
    out = tmp_path / "symbols.docx"
    dialog.output.set_path(out)
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    dialog.output.set_path(out)
    with qtbot.waitSignal(dialog.exported, timeout=20000) as done:
        dialog.export_button.click()
    written = [Path(p) for p in done.args[0]]
    assert written
    assert written[0].is_file()
    text = "\n".join(p.text for p in docx.Document(str(written[0])).paragraphs)
    assert "rainbow lanyards" in text
    dialog.reject()


def test_merge_a_second_coders_file(window, qtbot, tmp_path):
    from qcode.clone import clone_project

    w = window
    copy = clone_project(w.project.path, tmp_path / "bob.qcode", coder="Bob")
    with Project.open(copy, coder_name="Bob") as bob:
        start, end = find_text(bob, "Interview 01", "box-ticking exercise")
        apply_code(bob, "Interview 01", "Equality Act/Impact assessments", start, end)
    open_doc(w, qtbot, "Interview 01")
    assert live_codings(w) == []
    w.act_merge.trigger()
    dialog = w.dialogs.current
    dialog.add_sources([copy])
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20000):
        dialog.start_preview()
    assert dialog.preview is not None
    with qtbot.waitSignal(dialog.merged, timeout=20000):
        dialog.start_merge()
    qtbot.waitUntil(
        lambda: live_codings(w) == [("Equality Act/Impact assessments", "box-ticking exercise")]
    )
    coder = next(c for c in w.viewer.codings)
    assert coder.coder == "Bob"
    assert w.coder_label.text() == "Coder: Ann"
    dialog.reject()


def test_search_and_code_all_hits(window, qtbot):
    from qcode.ui.search_pane import search_available

    if not search_available():
        pytest.skip("the search service (qcode.search) has not landed yet")
    w = window
    pane = w.search
    assert pane.isEnabled()
    qtbot.waitUntil(lambda: not pane.indexing, timeout=20000)  # indexed off the GUI thread
    w.act_search.trigger()
    qtbot.keyClicks(pane.query, "trust")
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    assert pane.model.rowCount() >= 1
    assert "hit" in pane.summary.text()
    pane.target.setCurrentIndex(pane.target.findData(code_uuid(w, "Advisory groups/Influence")))
    pane.unit.setCurrentIndex(pane.unit.findData("hit"))
    pane.code_all.click()  # runs off the GUI thread, then one undo step is pushed
    qtbot.waitUntil(lambda: w.undo_stack.count() == 1, timeout=20000)
    open_doc(w, qtbot, "Focus group 01")
    coded = [t for p, t in live_codings(w) if p == "Advisory groups/Influence"]
    assert coded
    assert all("trust" in t.casefold() for t in coded)
    w.undo_stack.undo()
    assert not [t for p, t in live_codings(w) if p == "Advisory groups/Influence"]
    w.undo_stack.redo()
    assert [t for p, t in live_codings(w) if p == "Advisory groups/Influence"] == coded


def test_hovering_a_highlight_shows_code_coder_and_memo(window, qtbot, monkeypatch):
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *a: shown.append(text))
    w = window
    open_doc(w, qtbot, "Focus group 01")
    viewer = w.viewer
    cursor = QTextCursor(viewer.document())
    cursor.setPosition(viewer.text.index("rainbow lanyards") + 4)
    point = viewer.viewport().mapTo(viewer, viewer.cursorRect(cursor).center())
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, viewer.mapToGlobal(point))
    QApplication.sendEvent(viewer, event)
    assert shown
    assert "Impartiality/Symbols" in shown[-1]
    assert "coded by Ann" in shown[-1]
    # the margin stripe says the same, and a click on it selects the passage
    coding, rect = w.viewer.margin.stripes()[0]
    qtbot.mouseClick(w.viewer.margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert viewer.textCursor().selectedText() == viewer.text[coding.start : coding.end]


def test_remove_a_document_and_undo(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = window
    open_doc(w, qtbot, "Focus group 01")
    w.gestures.delete_document(doc_uuid(w, "Focus group 01"))
    assert [d.name for d in w.documents.model.documents()] == ["Interview 01"]
    assert w.viewer.document_uuid == ""
    assert "No document open" in w.doc_title.text()
    w.undo_stack.undo()
    assert sorted(d.name for d in w.documents.model.documents()) == [
        "Focus group 01",
        "Interview 01",
    ]
    fg = w.documents.model.index_of(doc_uuid(w, "Focus group 01"))
    assert fg.siblingAtColumn(1).data() == "2"  # its codings came back too


def test_change_coder_and_new_project(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    w = window
    monkeypatch.setattr(w.dialogs, "coder_name", lambda: "Bilal")
    w.act_coder.trigger()
    assert w.coder_label.text() == "Coder: Bilal"
    assert settings.coder_name() == "Bilal"
    open_doc(w, qtbot, "Interview 01")
    from tests.ui.helpers import click_code, select_words

    select_words(w, "box-ticking")
    click_code(w, qtbot, "Impartiality/Trust")
    assert next(c.coder for c in w.viewer.codings) == "Bilal"
    target = tmp_path / "second"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    from PySide6.QtWidgets import QMessageBox  # the shipped codebook is offered: not now

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w.act_new.trigger()
    assert w.project.path == target.with_suffix(".qcode")
    assert w.documents.model.rowCount() == 0
    assert w.undo_stack.count() == 0
    assert w.windowTitle() == "second — qcode"
