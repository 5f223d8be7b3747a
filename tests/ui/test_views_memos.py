"""Memos in the window: project, document, code and passage memos written and read; the browser
lists every memo with its target, searches, edits, deletes (Ctrl+Z undoes), opens the passage,
and writes the memo report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document as Docx
from PySide6.QtCore import QPoint, Qt

from qcode.analysis.memo_index import memo_index
from qcode.coding import find_text
from qcode.store import Project
from tests.ui.helpers import open_doc
from tests.ui.views_helpers import open_from_menu, open_window, undo


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    return open_window(qtbot, tmp_path)[0]


def _in_file(w: Any) -> list[tuple[str, str, str]]:
    """(kind, title, text) of every memo as a fresh connection reads the file."""
    with Project.open(w.project.path, coder_name="check") as p:
        return [(e.target_kind, e.title, e.text) for e in memo_index(p)]


def _write(qtbot: Any, view: Any, kind: str, title: str, text: str) -> None:
    view.new_on.setCurrentIndex(view.new_on.findData(kind))
    view.title.clear()
    view.text.clear()
    qtbot.keyClicks(view.title, title)
    qtbot.keyClicks(view.text, text)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)


def _click(qtbot: Any, view: Any, title: str) -> None:
    tree = view.list
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == title
    )
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    pos = QPoint(rect.left() + 12, rect.center().y())  # wide rows reach past the viewport
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.current().title == title


def test_write_memos_on_each_target_and_read_them(window: Any, qtbot: Any) -> None:
    w = window
    view = open_from_menu(w, qtbot, "memos")
    _write(qtbot, view, "project", "Method", "Fieldwork May to July")
    open_doc(w, qtbot, "Focus group 01")
    _write(qtbot, view, "document", "Rapport", "Guarded answers")
    w.codebook.select(next(c.uuid for c in w.codebook.model.codes() if c.path == "Training"))
    _write(qtbot, view, "code", "Scope", "Only formal training")
    start, _end = find_text(w.project, "Focus group 01", "never vetted")
    w.viewer.select_span(start + 2, start + 2)  # the cursor inside a coded passage
    _write(qtbot, view, "coding", "Vetting", "Ask for the vetting records")
    assert _in_file(w) == [
        ("project", "Method", "Fieldwork May to July"),
        ("document", "Rapport", "Guarded answers"),
        ("code", "Scope", "Only formal training"),
        ("coding", "Vetting", "Ask for the vetting records"),
    ]
    targets = [view.list.topLevelItem(i).text(1) for i in range(view.list.topLevelItemCount())]
    assert targets[1:3] == ["Focus group 01", "Training"]
    assert targets[3].startswith("Focus group 01 · Training/Vetting: “never vetted”")
    undo(w, qtbot)  # the passage memo goes
    assert len(_in_file(w)) == 3
    assert view.list.topLevelItemCount() == 3


def test_search_edit_delete_and_go_to_the_passage(window: Any, qtbot: Any) -> None:
    w = window
    view = open_from_menu(w, qtbot, "memos")
    open_doc(w, qtbot, "Focus group 01")
    start, end = find_text(w.project, "Focus group 01", "Face-to-face training")
    w.viewer.select_span(start, end)
    assert view.add_new("coding", "Strongest quote on training", "Training")
    open_doc(w, qtbot, "Interview 01")
    assert view.add_new("document", "The officer seemed guarded", "Rapport")
    qtbot.keyClicks(view.search, "face")  # the passage's words find its memo
    assert view.list.topLevelItemCount() == 1
    view.search.clear()
    _click(qtbot, view, "Training")
    rect = view.list.visualItemRect(view.list.currentItem())
    pos = QPoint(rect.left() + 12, rect.center().y())
    qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert w.viewer.selection_span() == (start, end)  # the window shows the passage
    assert "Focus group 01" in w.doc_title.text()
    _click(qtbot, view, "Rapport")
    view.text.selectAll()
    qtbot.keyClicks(view.text, "Guarded, then open")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert ("document", "Rapport", "Guarded, then open") in _in_file(w)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert [t for _, t, _ in _in_file(w)] == ["Training"]
    undo(w, qtbot)
    assert ("document", "Rapport", "Guarded, then open") in _in_file(w)
    undo(w, qtbot)
    assert ("document", "Rapport", "The officer seemed guarded") in _in_file(w)


def test_memo_report_from_the_view(window: Any, qtbot: Any, tmp_path: Path) -> None:
    view = open_from_menu(window, qtbot, "memos")
    assert view.add_new("project", "Fieldwork ran from May to July", "Method")
    out = tmp_path / "memos.docx"
    assert view.export_report(out)
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "Fieldwork ran from May to July" in text
    assert not view.export_report(tmp_path / "memos.txt")
    assert ".docx or .pdf" in window.last_error
