"""Find in the open document (Ctrl+F): a bar under the text with next, previous and a count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from qcode.ui.viewer import TextView


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets (code points) of every occurrence of `needle`, case ignored, in order."""
    if not needle:
        return []
    folded, key = text.casefold(), needle.casefold()
    if len(folded) != len(text):  # a rare letter that changes length when folded: exact
        folded, key = text.lower(), needle.lower()
        if len(folded) != len(text):
            folded, key = text, needle
    out, pos = [], folded.find(key)
    while pos >= 0:
        out.append(pos)
        pos = folded.find(key, pos + 1)
    return out


class _FindField(QLineEdit):
    """Enter: next match; Shift+Enter: previous; Escape: close the bar."""

    step = Signal(int)
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step.emit(-1 if shift else 1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds words in the document shown by a viewer (not the corpus: that is Ctrl+Shift+F)."""

    def __init__(self, viewer: TextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self.matches: list[int] = []
        self.current = -1
        self.field = _FindField()
        self.field.setPlaceholderText("Find in this document…")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in this document")
        self.field.textChanged.connect(self._changed)
        self.field.step.connect(self.step)
        self.field.escape.connect(self.close_bar)
        self.count = QLabel("")
        self.count.setMinimumWidth(90)
        self.previous = QToolButton(text="▲", toolTip="Previous match (Shift+Enter, Shift+F3)")
        self.next = QToolButton(text="▼", toolTip="Next match (Enter, F3)")
        close = QToolButton(text="✕", toolTip="Close (Escape)")
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        close.clicked.connect(self.close_bar)
        label = QLabel("F&ind:")
        label.setBuddy(self.field)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the selected words (if short) and focus it."""
        selected = self.viewer.textCursor().selectedText().strip()
        self.show()
        if selected and len(selected) < 80 and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.viewer.setFocus()

    def refresh(self) -> None:
        """Find again (another document was opened)."""
        self._changed(self.field.text(), keep=True)

    def _changed(self, text: str, keep: bool = False) -> None:
        self.matches = find_all(self.viewer.text, text)
        self.current = -1
        if self.matches and not keep:
            self.step(1)
        else:
            self._show_count()

    def key_step(self, step: int) -> None:
        """F3 / Shift+F3: the next or previous match (opening the bar if it was closed)."""
        if not self.isVisible():
            self.open_bar()
            return
        self.step(step)

    def step(self, step: int) -> None:
        """Select the next (1) or previous (-1) match after the cursor, wrapping around."""
        if not self.matches:
            self._show_count()
            return
        if self.current < 0:
            cursor = self.viewer.selection_span()
            here = cursor[0] if cursor else 0
            after = [i for i, m in enumerate(self.matches) if m >= here]
            self.current = after[0] if after and step > 0 else len(self.matches) - 1
            if step < 0 and after:
                self.current = (after[0] - 1) % len(self.matches)
        else:
            self.current = (self.current + step) % len(self.matches)
        start = self.matches[self.current]
        self.viewer.select_span(start, start + len(self.field.text()))
        self._show_count()

    def _show_count(self) -> None:
        text = self.field.text()
        if not text:
            self.count.setText("")
        elif not self.matches:
            self.count.setText("no match")
        elif self.current < 0:
            self.count.setText(f"{len(self.matches)} matches")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        self.previous.setEnabled(bool(self.matches))
        self.next.setEnabled(bool(self.matches))
