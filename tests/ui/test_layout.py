"""Readable at 1280×720: the codebook runs the full height, names are cut in the middle with the
whole name on hover, panes collapse to give the text room."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qcode.codebook.tree import add_code
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import normalise

THEMES = ["Equality Act and public sector equality duty compliance", "Training and trainers"]
LONG = "Confusion with positive discrimination in recruitment and promotion"


@pytest.fixture
def small_screen(qtbot: Any, tmp_path: Path) -> Any:
    """The window at 1280×720 (no remembered layout) on a project of 36 codes."""
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "inspection.qcode"
    text = normalise(
        "\n".join(f"Officer {n}: We talked about item {n} at length." for n in range(80))
    )
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Interview 001 (Force A)", text, kind="interview")
        for theme in THEMES:
            for n in range(17):
                add_code(p, f"{theme}/{LONG if n == 0 else f'Sub-code number {n}'}")
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    win.resize(1280, 720)
    assert win.open_project(path)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(win.documents.model.documents()[0].uuid)
    qtbot.waitUntil(lambda: win.codebook.view.width() > 250)  # the first layout has run
    QApplication.processEvents()
    return win


def _rows(view: Any) -> int:
    return view.viewport().height() // max(1, view.sizeHintForRow(0))


def _lines(w: Any) -> int:
    return w.viewer.viewport().height() // w.viewer.fontMetrics().lineSpacing()


def test_everything_fits_at_1280_by_720(small_screen):
    w = small_screen
    hint = w.minimumSizeHint()
    assert hint.width() <= 1280
    assert hint.height() <= 720
    assert w.size().toTuple() == (1280, 720)
    assert _rows(w.codebook.view) >= 28  # it runs the full height (was ~11 rows)
    assert _lines(w) >= 22
    assert w.viewer.viewport().width() >= 560


def test_names_are_cut_in_the_middle_and_whole_on_hover(small_screen):
    w = small_screen
    view = w.codebook.view
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert w.documents.view.textElideMode() == Qt.TextElideMode.ElideMiddle
    code = next(c for c in w.codebook.model.codes() if c.name == LONG)
    index = w.codebook.index_for(code.uuid)
    assert view.visualRect(index).width() < view.fontMetrics().horizontalAdvance(LONG)
    assert code.path in index.data(Qt.ItemDataRole.ToolTipRole)


def test_collapsing_the_bottom_pane_gives_the_text_more_lines(small_screen, qtbot):
    w = small_screen
    before = _lines(w)
    w.docks["quotes"].toggleViewAction().trigger()
    w.docks["search"].toggleViewAction().trigger()
    qtbot.waitUntil(lambda: _lines(w) > before + 5)
    w.docks["documents"].toggleViewAction().trigger()
    qtbot.waitUntil(lambda: w.viewer.viewport().width() > 800)
