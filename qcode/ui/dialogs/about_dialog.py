"""Help › About: qcode's version and licence, and the notices of every bundled library and font."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from qcode import __version__
from qcode.notices import LICENCE, about_text
from qcode.ui.icons import icon


class AboutDialog(QDialog):
    """The version and licence on top; below, the full third-party notices (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About qcode")
        self.setWindowIcon(icon("app"))
        self.resize(760, 560)
        self.summary = QLabel(
            f"<h2>qcode {__version__}</h2>"
            "<p>Qualitative coding of interview transcripts.</p>"
            f"<p>Licence: {LICENCE} (GNU General Public License, version 3 or later).</p>"
            "<p>qcode ships the libraries and fonts listed below, each under its own licence.</p>"
        )
        self.summary.setWordWrap(True)
        self.notices = QPlainTextEdit(about_text())
        self.notices.setReadOnly(True)
        self.notices.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.notices.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notices)
        layout.addWidget(buttons)
