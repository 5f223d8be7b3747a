"""Dialogs by keyboard and over time: Enter does the obvious thing, accelerators reach every
field, errors go once the input is fixed, and a long report never widens a dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from qcode.store import Project
from qcode.ui.dialogs.code_editor import CodeEditorDialog
from qcode.ui.dialogs.import_dialog import ImportDialog
from qcode.ui.dialogs.pseudonym_dialog import PseudonymDialog


def _import_dialog(qtbot: QtBot, project: Project) -> ImportDialog:
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # keys go through the active window, as at a real desk
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def test_enter_in_the_speaker_pattern_never_opens_add_files(
    qtbot: QtBot, project: Project, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: (opened.append("files"), ([], ""))[1]
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (opened.append("sheet"), ("", ""))[1]
    )
    dialog = _import_dialog(qtbot, project)
    add_files = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add &files…")
    add_files.setFocus()  # the user had used "Add files…" before typing the pattern
    dialog.speaker_pattern.setFocus()
    qtbot.keyClicks(dialog.speaker_pattern, "^(?P<speaker>W\\d+) -")
    qtbot.keyClick(dialog.speaker_pattern, Qt.Key.Key_Return)
    assert opened == []
    assert dialog.isVisible()
    assert "Add files" in dialog.message.text()  # says what Enter would need


def test_enter_imports_when_files_are_there(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    transcript = tmp_path / "int-01.txt"
    transcript.write_text("Interviewer: Hello?\nP1: Hello.\n", encoding="utf-8")
    dialog = _import_dialog(qtbot, project)
    dialog.add_paths([transcript])
    dialog.speaker_pattern.setFocus()
    qtbot.keyClick(dialog.speaker_pattern, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert len(dialog.report.imported) == 1


def test_alt_a_reaches_the_attribute_sheet_field(qtbot: QtBot, project: Project) -> None:
    dialog = _import_dialog(qtbot, project)
    dialog.speaker_pattern.setFocus()
    qtbot.keyClick(dialog.speaker_pattern, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.sheet.edit


def test_a_long_report_never_widens_the_import_dialog(qtbot: QtBot, project: Project) -> None:
    dialog = _import_dialog(qtbot, project)
    width = dialog.width()
    long = "; ".join(f"/very/long/folder/name/of/transcripts/file-{n:03}.docx" for n in range(60))
    dialog.summary.setText(long)
    dialog.message.error(long)
    dialog.task.label.setText(long.replace(" ", "_"))
    QApplication.processEvents()
    assert dialog.minimumSizeHint().width() < 800
    assert dialog.width() == width


def test_a_code_name_error_goes_once_the_name_is_typed(qtbot: QtBot, project: Project) -> None:
    dialog = CodeEditorDialog(project)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.message.is_error
    assert "needs a name" in dialog.message.text()
    qtbot.keyClicks(dialog.name, "Trust")
    assert not dialog.message.is_error
    assert dialog.message.isHidden()


def test_a_pseudonym_error_goes_once_the_term_is_typed(qtbot: QtBot, project: Project) -> None:
    dialog = PseudonymDialog(project)
    qtbot.addWidget(dialog)
    dialog.replacement.setText("Force C")
    dialog.add_from_form()
    assert dialog.message.is_error
    qtbot.keyClicks(dialog.term, "Kent Police")
    assert not dialog.message.is_error
