"""The cases sheet as a user works it: sort, filter, edit a cell, set a value on many documents,
add an attribute, import and export; Ctrl+Z undoes; a document opens from its row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from qcode.analysis.cases import case_sheet
from qcode.store import Project
from tests.ui.views_helpers import click_cell, open_from_menu, open_window, redo, undo


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    return open_window(qtbot, tmp_path)[0]


def _file_value(w: Any, document: str, key: str) -> str:
    """The value as a fresh connection reads it from the file."""
    with Project.open(w.project.path, coder_name="check") as p:
        sheet = case_sheet(p)
        row = next(r for r in sheet.rows if r.name == document)
        return row.values.get(key, "")


def _column(view: Any, header: str) -> int:
    model = view.proxy
    return next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == header
    )


def test_open_sort_filter_and_open_a_document(window: Any, qtbot: Any) -> None:
    view = open_from_menu(window, qtbot, "cases")
    table = view.table
    assert view.proxy.rowCount() == 3
    assert view.count.text() == "3 documents"
    force = _column(view, "force")
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(force) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # sorts
    assert [view.proxy.index(r, force).data() for r in range(3)] == ["", "Essex", "Kent"]
    qtbot.keyClicks(view.filter, "kent")
    assert view.proxy.rowCount() == 1
    click_cell(qtbot, table, 0, 0, double=True)  # the document opens in the viewer
    assert window.viewer.document_uuid == view.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert "Interview 01" in window.doc_title.text()


def test_edit_a_cell_then_undo_and_redo(window: Any, qtbot: Any) -> None:
    view = open_from_menu(window, qtbot, "cases")
    row, column = view.row_of("Interview 01"), _column(view, "force")
    click_cell(qtbot, view.table, row, column, double=True)  # a double-click edits
    qtbot.waitUntil(lambda: view.table.viewport().findChild(QLineEdit) is not None)
    editor = view.table.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Surrey")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)  # the editor commits queued
    assert _file_value(window, "Interview 01", "force") == "Surrey"
    assert view.proxy.index(view.row_of("Interview 01"), column).data() == "Surrey"
    undo(window, qtbot)
    assert _file_value(window, "Interview 01", "force") == "Kent"
    assert view.proxy.index(view.row_of("Interview 01"), column).data() == "Kent"
    redo(window, qtbot)
    assert _file_value(window, "Interview 01", "force") == "Surrey"


def test_add_an_attribute_and_set_it_on_many_documents(window: Any, qtbot: Any) -> None:
    view = open_from_menu(window, qtbot, "cases")
    assert view.add_attribute("wave")
    assert _column(view, "wave") == 4  # shown at once, stored with its first value
    click_cell(qtbot, view.table, view.row_of("Interview 01"), 0)
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        view.table.visualRect(view.proxy.index(view.row_of("National 01"), 0)).center(),
    )
    assert len(view.selected_documents()) == 2
    assert view.key.currentText() == "wave"
    qtbot.keyClicks(view.value, "2")
    qtbot.mouseClick(view.assign_button, Qt.MouseButton.LeftButton)
    assert _file_value(window, "Interview 01", "wave") == "2"
    assert _file_value(window, "National 01", "wave") == "2"
    assert _file_value(window, "Focus group 01", "wave") == ""
    assert window.undo_stack.undoText() == "Set wave on 2 documents"
    pane = window.documents  # the Documents pane's attribute filter offers the new attribute
    qtbot.waitUntil(lambda: pane.attribute.findData("wave") >= 0)
    undo(window, qtbot)
    assert _file_value(window, "National 01", "wave") == ""


def test_export_then_import_a_changed_sheet_undoable(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    view = open_from_menu(window, qtbot, "cases")
    out = tmp_path / "cases.csv"
    assert view.export_sheet(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][2] = "Sussex"  # Focus group 01's force
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert view.import_sheet(out)
    assert _file_value(window, "Focus group 01", "force") == "Sussex"
    assert view.proxy.index(view.row_of("Focus group 01"), 2).data() == "Sussex"
    undo(window, qtbot)
    assert _file_value(window, "Focus group 01", "force") == "Essex"
    assert not view.import_sheet(tmp_path / "missing.csv")
    assert "missing.csv" in window.last_error
