"""The agreement dialog: two coders compared; statistics, disagreements and an .xlsx saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qcode.store import Project
from qcode.ui.dialogs.agreement_dialog import AgreementDialog
from tests.ui.dialogs.conftest import code_passage, xlsx_cells


def _two_coders(project: Project) -> Project:
    """Ann coded three passages (the `coded` fixture); Bob agrees on one, adds another."""
    ann = project.coder_uuid
    project.use_coder("Bob")
    code_passage(project, "Interview 01", "box-ticking", "Equality Act/Impact assessments")
    code_passage(project, "Interview 01", "Nobody reads them", "Advisory groups/Influence")
    project.coder_uuid = ann
    return project


def test_compare_two_coders(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    _two_coders(coded)
    dialog = AgreementDialog(coded)
    qtbot.addWidget(dialog)
    dialog.show()
    assert sorted(dialog.coders.keys()) == sorted(dialog.coders.checked())
    assert len(dialog.coders.checked()) == 2
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    assert dialog.overall.text().startswith("Overall: ")
    assert "Cohen's κ" in dialog.overall.text()
    per_code = dialog.per_code.rows()
    headers = dialog.per_code.headers()
    assert headers[:2] == ["Code", "Units"]
    assert "Coded by Bob" in headers
    paths = [row[0] for row in per_code]
    assert "Advisory groups/Influence" in paths
    assert dialog.disagreements.rowCount() > 0
    assert dialog.tabs.tabText(1) == f"Disagreements ({dialog.disagreements.rowCount()})"
    first = dialog.disagreements.record(0)
    with qtbot.waitSignal(dialog.show_passage) as blocker:
        dialog.disagreements_view.activated.emit(dialog.disagreements.index(0, 0))
    assert blocker.args == [first.document_uuid, first.start, first.end]

    saved = dialog.save_xlsx(tmp_path / "agreement")
    assert saved == tmp_path / "agreement.xlsx"
    cells = xlsx_cells(saved)
    assert "Advisory groups/Influence" in cells


def test_needs_two_coders(qtbot: QtBot, coded: Project) -> None:
    dialog = AgreementDialog(coded)
    qtbot.addWidget(dialog)
    assert "at least two coders" in dialog.message.text()
    dialog.start()
    assert dialog.message.is_error
    assert "two coders" in dialog.message.text()
    assert dialog.save_xlsx(Path("never.xlsx")) is None


def test_unit_and_code_choice(qtbot: QtBot, coded: Project) -> None:
    _two_coders(coded)
    dialog = AgreementDialog(coded)
    qtbot.addWidget(dialog)
    dialog.set_unit("sentence")
    influence = next(
        uuid for uuid, item in dialog.code_tree._items.items() if item.text(0) == "Influence"
    )
    dialog.code_tree.set_checked([influence])
    args = dialog.arguments()
    assert args["unit"] == "sentence"
    assert args["codes"] == [influence]
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start()
    assert [row[0] for row in dialog.per_code.rows()] == ["Advisory groups/Influence"]
