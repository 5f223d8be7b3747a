"""Ask for the coder's name: the name every coding, memo and change is signed with."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from qcode.ui.dialogs.common import MessageLine

MAX_NAME = 80


def clean_name(text: str) -> str:
    return " ".join(text.split())


class CoderDialog(QDialog):
    """An editable list of known coder names; `name()` after `accept`."""

    def __init__(
        self, current: str = "", known: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Coder name")
        intro = QLabel(
            "Your codings, memos and changes are signed with this name. "
            "Use the same name on every computer you code on."
        )
        intro.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = [n for n in dict.fromkeys([current, *known]) if n]
        self.combo.addItems(names)
        self.combo.setEditText(current)
        self.combo.lineEdit().selectAll()
        self.combo.lineEdit().setMaxLength(MAX_NAME)
        self.message = MessageLine()
        form = QFormLayout()
        form.addRow("&Coder:", self.combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def name(self) -> str:
        return clean_name(self.combo.currentText())

    def accept(self) -> None:
        if not self.name():
            self.message.error("Type a name (for example your initials).")
            return
        super().accept()


def ask_coder_name(parent: QWidget | None, current: str, known: Sequence[str] = ()) -> str | None:
    """The name typed (trimmed), or None if the user cancelled."""
    dialog = CoderDialog(current, known, parent)
    try:
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
