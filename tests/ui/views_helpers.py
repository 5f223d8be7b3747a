"""Helpers of the analysis-view tests: the window on the inspection project, a view opened from
the Analysis menu, clicks on table cells, and the file as another connection reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.analysis.inspection import create


def open_window(qtbot: Any, tmp_path: Path) -> tuple[Any, dict[str, str]]:
    """The main window, shown, on the inspection project; with its coding UUIDs by name."""
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "inspection.qcode"
    codings = create(path)
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.show()
    qtbot.waitExposed(win)
    return win, codings


def open_from_menu(window: Any, qtbot: Any, key: str) -> Any:
    """Trigger the view's entry of the Analysis menu; the view, shown and filled."""
    window.view_actions[key].trigger()
    view = window.docks[key].widget()
    qtbot.waitUntil(view.isVisible)
    return view


def click_cell(qtbot: Any, table: Any, row: int, column: int, double: bool = False) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def undo(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    window.viewer.setFocus()
    qtbot.keyClick(window.viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    window.viewer.setFocus()
    qtbot.keyClick(
        window.viewer,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
