"""The matrix view: opened from the Analysis menu, each kind of column, a cell's quotes, a click
through to the passage, the heat map, the filter, co-occurrence and the exports."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.ui.matrix_window import click, open_window, selected


def open_matrix(qtbot, tmp_path: Path):
    w = open_window(qtbot, tmp_path)
    w.view_actions["matrix"].trigger()
    view = w.docks["matrix"].widget()
    qtbot.waitUntil(view.isVisible)
    return w, view


def cell_texts(view) -> dict[str, list[str]]:
    model = view.table.model()
    return {
        model.index(r, 0).data().strip(): [
            model.index(r, c).data() for c in range(1, model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def test_matrix_by_force_and_click_through_to_a_passage(qtbot, tmp_path: Path) -> None:
    w, view = open_matrix(qtbot, tmp_path)
    view.set_columns("force")
    headers = [
        view.table.model().headerData(c, Qt.Orientation.Horizontal)
        for c in range(view.table.model().columnCount())
    ]
    assert headers == ["Code", "Force A (2)", "Force B (1)", "All (3)"]
    assert cell_texts(view)["Training"] == ["2", "1", "3"]
    assert cell_texts(view)["Recording"] == ["–", "1", "1"]
    index = view.cell_index("Training", "Force A")
    click(qtbot, view.table, index.row(), index.column())
    pane = view.quotes
    assert pane.model.rowCount() == 3
    assert "Training × Force A" in pane.title.text()
    row = next(
        r
        for r in range(pane.model.rowCount())
        if pane.model.quote(r).document_name == "Interview C"
    )
    click(qtbot, pane.view, row, 4)
    assert w.viewer.document_uuid == pane.model.quote(row).document_uuid
    assert selected(w) == "The training was made in house."


def test_measures_heat_map_and_the_attribute_filter(qtbot, tmp_path: Path) -> None:
    _w, view = open_matrix(qtbot, tmp_path)
    view.set_columns("force")
    view.measure.setCurrentIndex(view.measure.findData("share"))
    assert cell_texts(view)["Advisory groups"][:2] == ["50%", "100%"]
    index = view.cell_index("Advisory groups", "Force B")
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    view.heat_map.setChecked(False)
    assert (
        view.cell_index("Advisory groups", "Force B").data(Qt.ItemDataRole.BackgroundRole) is None
    )
    view.measure.setCurrentIndex(view.measure.findData("passages"))
    view.set_where("kind", "interview")
    assert cell_texts(view)["Training"] == ["2", "2"]  # only Force A has interviews
    view.subcodes.setChecked(False)
    assert cell_texts(view)["Training"] == ["–", "–"]


def test_columns_by_speaker_and_by_coder(qtbot, tmp_path: Path) -> None:
    w, view = open_matrix(qtbot, tmp_path)
    view.set_columns("coder")
    assert cell_texts(view)["Advisory groups"] == ["2", "1", "3"]
    index = view.cell_index("Advisory groups", "Ben")
    click(qtbot, view.table, index.row(), index.column())
    assert [view.quotes.model.quote(r).coder_name for r in range(view.quotes.model.rowCount())] == [
        "Ben"
    ]
    view.set_columns("speaker")
    index = view.cell_index("Recording", "P1")
    click(qtbot, view.table, index.row(), index.column())
    click(qtbot, view.quotes.view, 0, 4)
    assert selected(w) == "Recording is risk averse."


def test_cooccurrence_matrix_opens_the_shared_segment(qtbot, tmp_path: Path) -> None:
    w, view = open_matrix(qtbot, tmp_path)
    view.mode.setCurrentIndex(view.mode.findData("cooccurrence"))
    model = view.table.model()
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Training"
    index = view.cell_index("Recording", "Training/External trainers")
    assert index.data() == "1"
    click(qtbot, view.table, index.row(), index.column())
    assert view.quotes.model.rowCount() == 1
    click(qtbot, view.quotes.view, 0, 4)
    assert selected(w).startswith("Recording is risk averse. Trainers told us")


def test_exports_values_and_a_framework_with_the_chosen_quote(qtbot, tmp_path: Path) -> None:
    from docx import Document as Docx

    _w, view = open_matrix(qtbot, tmp_path)
    view.set_columns("force")
    out = view.export_to(tmp_path / "matrix.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(out)["Passages"].iter_rows()]
    assert ["Training", 2, 1, 3] in rows
    index = view.cell_index("Training", "Force A")
    click(qtbot, view.table, index.row(), index.column())
    pane = view.quotes
    row = next(
        r
        for r in range(pane.model.rowCount())
        if pane.model.quote(r).document_name == "Interview C"
    )
    click(qtbot, pane.view, row, 4)
    qtbot.mouseClick(view.use_quote, Qt.MouseButton.LeftButton)
    out = view.export_to(tmp_path / "framework.docx")
    table = Docx(str(out)).tables[0]
    training = next([c.text for c in r.cells] for r in table.rows if r.cells[0].text == "Training")
    assert training[1].startswith("“The training was made in house.”")
