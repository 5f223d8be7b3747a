"""The coder-name dialog: trimmed names, known coders offered, empty refused, cancel gives None."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from qcode.ui.dialogs.coder_dialog import CoderDialog, ask_coder_name


def _active() -> CoderDialog:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CoderDialog)
    return dialog


def test_ask_returns_typed_name(qtbot: QtBot) -> None:
    def answer() -> None:
        dialog = _active()
        assert dialog.combo.currentText() == "Ann"
        assert [dialog.combo.itemText(i) for i in range(dialog.combo.count())] == ["Ann", "Bob"]
        dialog.combo.setEditText("  Carol   Jones ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert ask_coder_name(None, "Ann", ["Bob", "Ann"]) == "Carol Jones"


def test_ask_cancelled_gives_none(qtbot: QtBot) -> None:
    QTimer.singleShot(0, lambda: _active().reject())
    assert ask_coder_name(None, "Ann") is None


def test_empty_name_refused(qtbot: QtBot) -> None:
    dialog = CoderDialog("Ann")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.combo.setEditText("   ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.is_error
