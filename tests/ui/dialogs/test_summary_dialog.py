"""The summary dialog: counts by kind and by attribute, a chart, and a real exported file."""

from __future__ import annotations

from pathlib import Path

import docx
from pytestqt.qtbot import QtBot

from qcode.documents import add_document
from qcode.store import Project
from qcode.ui.dialogs.summary_dialog import SummaryDialog
from tests.ui.dialogs.conftest import code_passage, xlsx_cells

FOCUS = "Facilitator: Thoughts on advisory groups?\nP2: Our advisory group is hand-picked."


def _project(coded: Project) -> Project:
    add_document(coded, "Focus group 01", FOCUS, kind="focus_group", attributes={"force": "D"})
    code_passage(coded, "Focus group 01", "hand-picked", "Advisory groups/Influence")
    return coded


def _dialog(qtbot: QtBot, project: Project) -> SummaryDialog:
    dialog = SummaryDialog(project)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.summary is not None or dialog.message.is_error, timeout=20_000)
    assert not dialog.message.is_error, dialog.message.text()
    return dialog


def test_table_by_kind(qtbot: QtBot, coded: Project) -> None:
    dialog = _dialog(qtbot, _project(coded))
    dialog.show()
    headers = dialog.table.headers()
    assert headers[:2] == ["Code", "ToR"]
    assert "Interview (1)" in headers
    assert "Focus group (1)" in headers
    assert headers[-1] == "Total"
    rows = {r[0].strip(): r for r in dialog.table.rows()}
    col = headers.index("Focus group (1)")
    assert rows["Advisory groups"][col] == "1"
    assert rows["Advisory groups"][-1] == "3"  # two quotes in the interview, one in the group
    assert rows["Influence"][0].startswith("    ")  # sub-codes indented
    # the chart has one bar per theme, split by kind
    assert dialog.chart.labels == ["Equality Act", "Advisory groups"]
    assert dialog.chart.series == ["Interview", "Focus group"]
    assert dialog.chart.totals() == [1, 3]
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.chart.grab().isNull()
    # themes only, and documents instead of quotes
    dialog.top_only.setChecked(True)
    dialog.set_measure("documents")
    rows = dialog.table.rows()
    assert [r[0] for r in rows] == ["Equality Act", "Advisory groups"]
    assert rows[1][-1] == "2"
    dialog.set_measure("share")
    assert dialog.table.rows()[1][col] == "100%"


def test_by_attribute(qtbot: QtBot, coded: Project) -> None:
    dialog = _dialog(qtbot, _project(coded))
    with qtbot.waitSignal(dialog.ready, timeout=20_000):
        dialog.set_by("force")
    headers = dialog.table.headers()
    assert "C (1)" in headers
    assert "D (1)" in headers
    assert "source kind" not in dialog.totals.text()
    assert "by force" in dialog.totals.text()


def test_export_docx_and_xlsx(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, _project(coded))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        dialog.export_to(tmp_path / "summary")
    out = blocker.args[0]
    assert out == tmp_path / "summary.docx"
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(str(out)).tables for c in t._cells)
    assert "Advisory groups" in text + tables
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(tmp_path / "summary.xlsx")
    cells = xlsx_cells(tmp_path / "summary.xlsx")
    assert any("Influence" in c for c in cells)
    dialog.export_to(tmp_path / "summary.txt")
    assert dialog.message.is_error
