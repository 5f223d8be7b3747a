"""The main window on the matrix test corpus (three documents, two coders), for the views of
issue 16 part 2: quotes in context, the matrix, coders side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from qcode.store import Project
from tests.analysis.matrix_corpus import build


def open_window(qtbot: Any, tmp_path: Path, more: Any = None) -> Any:
    """The window, shown, on the corpus (`more(project)` adds to it first)."""
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "matrix.qcode"
    with Project.create(path, coder_name="Ann") as p:
        build(p)
        if more is not None:
            more(p)
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.show()
    qtbot.waitExposed(win)
    return win


def code_uuid(window: Any, path: str) -> str:
    return next(c.uuid for c in window.codebook.model.codes() if c.path == path)


def click(qtbot: Any, table: Any, row: int, column: int, double: bool = False) -> None:
    """Click (or double-click) a cell of a table view."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def selected(window: Any) -> str:
    """The text selected in the viewer (Qt's paragraph separators as newlines)."""
    return str(window.viewer.textCursor().selectedText()).replace("\u2029", "\n")
