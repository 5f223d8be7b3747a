"""Summary and agreement click through to passages; the co-occurrence table and the chart's
legend show whole names (issues 16 item 5, 15 "readable at any size")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from qcode.ui.dialogs.chart import StackedBarChart
from tests.ui.matrix_window import click, open_window, selected


def summary(w, qtbot):
    dialog = w.dialogs.summary()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    return dialog


def test_a_summary_count_opens_its_passages(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    dialog = summary(w, qtbot)
    headers = dialog.table.headers()
    rows = [r[0].strip() for r in dialog.table.rows()]
    row, col = rows.index("Training"), headers.index("Interview (2)")
    click(qtbot, dialog.table_view, row, col)
    pane = dialog.quotes
    assert pane.model.rowCount() == 3  # two passages in A (one merged pair), one in C
    assert "Training × Interview" in pane.title.text()
    target = next(r for r in range(pane.model.rowCount()) if "in house" in pane.model.quote(r).text)
    click(qtbot, pane.view, target, 4)
    assert selected(w) == "The training was made in house."
    # the Total column opens every passage of the code
    click(qtbot, dialog.table_view, row, len(headers) - 1)
    assert pane.model.rowCount() == 4


def test_a_cooccurring_pair_opens_the_shared_turn(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    dialog = summary(w, qtbot)
    dialog.resize(1200, 700)
    dialog.tabs.setCurrentWidget(dialog.cooccurrence_view)
    view = dialog.cooccurrence_view
    assert dialog.cooccurrence.rowCount() == 1
    pair = dialog.cooccurrence.record(0)
    assert {pair.code_a, pair.code_b} == {"Recording", "Training/External trainers"}
    # names are not cut when there is room: the name columns take the free space
    metrics = QFontMetrics(view.font())
    for col in (0, 1):
        text = dialog.cooccurrence.index(0, col).data()
        assert view.columnWidth(col) > metrics.horizontalAdvance(text)
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    click(qtbot, view, 0, 2)
    assert dialog.quotes.model.rowCount() == 1
    click(qtbot, dialog.quotes.view, 0, 4)
    assert selected(w).startswith("Recording is risk averse.")


def test_agreement_disagreement_opens_the_passage(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    dialog = w.dialogs.agreement()
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    records = dialog.disagreements.records()
    row = next(i for i, r in enumerate(records) if r.not_coded_by == ["Ben"])
    dialog.tabs.setCurrentIndex(1)
    click(qtbot, dialog.disagreements_view, row, 0, double=True)
    record = records[row]
    assert w.viewer.document_uuid == record.document_uuid
    assert selected(w).startswith("Officer 1: The trainers were external")
    assert record.text.startswith(selected(w)[:40])


def test_chart_legend_wraps_instead_of_being_cut(qtbot) -> None:
    chart = StackedBarChart()
    qtbot.addWidget(chart)
    series = [f"Force {c} with a rather long name" for c in "ABCDEFGHIJKL"]
    chart.set_data(["Theme one", "Theme two"], series, [[1] * 12, [2] * 12])
    chart.resize(420, 300)
    chart.show()
    qtbot.waitExposed(chart)
    items = chart.legend()
    assert [name for _, name, _ in items] == series  # every name shown whole at this width
    assert all(rect.right() <= chart.width() for rect, _, _ in items)
    assert chart.legend_height() > 18  # more than one line
    assert chart.minimumHeight() >= chart.height_for(chart.width())
    assert not chart.grab().isNull()
