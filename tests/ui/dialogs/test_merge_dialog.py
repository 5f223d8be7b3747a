"""The merge dialog: a coder's copy previewed (nothing written), then merged for real."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qcode.clone import clone_project
from qcode.coding import list_codings
from qcode.store import Project
from qcode.ui.dialogs.common import coder_names
from qcode.ui.dialogs.merge_dialog import MergeDialog
from tests.ui.dialogs.conftest import code_passage


def _bobs_copy(project: Project, tmp_path: Path) -> Path:
    copy = clone_project(project.path, tmp_path / "bob.qcode", coder="Bob")
    with Project.open(copy, coder_name="Bob") as bob:
        code_passage(bob, "Interview 01", "Nobody reads them", "Equality Act/Impact assessments")
        code_passage(bob, "Interview 01", "stop and search data", "Advisory groups/Influence")
    return copy


def test_preview_then_merge(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    copy = _bobs_copy(coded, tmp_path)
    before = len(list_codings(coded))
    dialog = MergeDialog(coded.path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.preview_button.isEnabled()
    dialog.add_sources([copy])
    assert not dialog.merge_button.isEnabled()  # preview first
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.preview is not None
    assert dialog.preview.dry_run
    rows = {r[0]: r[1:] for r in dialog.counts.rows()}
    assert rows["Codings"] == ["2", "0", "0"]
    assert "would merge bob.qcode" in dialog.summary.text()
    assert "preview" in dialog.message.text()
    assert len(list_codings(coded)) == before  # a preview writes nothing
    assert dialog.merge_button.isEnabled()

    with qtbot.waitSignal(dialog.merged, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert not report.dry_run
    assert report.backup is not None
    assert report.backup.exists()
    assert str(report.backup) in dialog.message.text()
    assert len(list_codings(coded)) == before + 2
    assert coder_names(coded) == ["Ann", "Bob"]  # nobody else was signed in
    assert not dialog.merge_button.isEnabled()  # a new preview is needed for another merge


def test_refuses_the_project_itself(qtbot: QtBot, coded: Project) -> None:
    dialog = MergeDialog(coded.path)
    qtbot.addWidget(dialog)
    dialog.add_sources([coded.path])
    assert dialog.paths() == []
    assert dialog.message.is_error
    dialog.start_merge()
    assert dialog.message.is_error


def test_changing_sources_needs_new_preview(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    copy = _bobs_copy(coded, tmp_path)
    dialog = MergeDialog(coded.path)
    qtbot.addWidget(dialog)
    dialog.add_sources([copy])
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start_preview()
    assert dialog.merge_button.isEnabled()
    dialog.sources.setCurrentRow(0)
    dialog.remove_selected()
    assert not dialog.merge_button.isEnabled()
    assert not dialog.preview_button.isEnabled()


def test_broken_source_reports_error(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    broken = tmp_path / "broken.qcode"
    broken.write_bytes(b"this is not a database at all" * 10)
    dialog = MergeDialog(coded.path)
    qtbot.addWidget(dialog)
    dialog.add_sources([broken])
    with qtbot.waitSignal(dialog.task.failed, timeout=20_000):
        dialog.start_preview()
    assert dialog.message.is_error
    assert "broken.qcode" in dialog.message.text()
