"""The import dialog's preview: speakers with their turns and what to check, nothing written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qcode.documents import list_documents
from qcode.store import Project
from qcode.ui.dialogs.import_dialog import ImportDialog


def test_preview_lists_speakers_and_flags_without_importing(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Interviewer: a\nCh Insp O'Neill: b\nInterviewer: c\nConstable: d\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "Interviewer: How?\nInterviewer: Why?\nJo Bloggs: After.\n", encoding="utf-8"
    )
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([folder])
    assert dialog.preview_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].dry_run
    assert dict(dialog.speaker_rows()) == {
        "a.txt": "Interviewer (2), Ch Insp O'Neill (1), Constable (1)",
        "b.txt": "Interviewer (2)",
    }
    reasons = {name: reason for _status, name, reason in dialog.outcome_rows()}
    assert "one speaker only" in reasons["b.txt"]
    assert "'Jo Bloggs: After.'" in reasons["b.txt"]
    assert "1 file(s) to check. Nothing was imported." in dialog.summary.text()
    assert list_documents(project) == []
    assert dialog.import_button.isEnabled()
