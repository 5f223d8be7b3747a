"""The window's merge preview shows the problems of a damaged file, and merges its valid rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qcode.integrity.files import check_project
from qcode.ui.dialogs.merge_dialog import MergeDialog

from .hostile import hostile


def test_the_preview_lists_the_problems_and_merges_only_valid_rows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    lead, damaged = hostile(tmp_path, "deletions dated 9999-12-31")
    dialog = MergeDialog(lead)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_sources([damaged])
    with qtbot.waitSignal(dialog.task.failed, timeout=30_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    text = dialog.message.text()
    assert "damaged.qcode" in text
    assert "is in the future" in text
    assert dialog.preview is None
    assert not dialog.merge_button.isEnabled()

    dialog.skip_invalid.setChecked(True)
    with qtbot.waitSignal(dialog.task.succeeded, timeout=30_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    kinds = [r[0] for r in dialog.conflicts.rows()]
    assert "Row left out (invalid)" in kinds
    assert any("9999-12-31" in r[1] for r in dialog.conflicts.rows())
    assert dialog.merge_button.isEnabled()
    with qtbot.waitSignal(dialog.merged, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].skipped
    assert check_project(lead).ok
