"""The quick-code box (Ctrl+K): type part of a code's name, pick it, Enter codes the selection."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from qcode.codebook.tree import CodeInfo


class QuickCodeBox(QLineEdit):
    """Emits `chosen(code uuid)` for a known code, or `create(name)` for a new one."""

    chosen = Signal(str)
    create = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Quick code (Ctrl+K)…")
        self.setClearButtonEnabled(True)
        self.setToolTip(
            "Type part of a code's name and press Enter to code the selected text.\n"
            "A name that is not in the codebook yet creates the code."
        )
        self.setMinimumWidth(220)
        self.setMaximumWidth(340)
        self._paths: dict[str, str] = {}
        self._just_picked = ""  # Enter in the popup also fires returnPressed: act once
        self._names: dict[str, list[str]] = {}
        self._list = QStringListModel(self)
        completer = QCompleter(self._list, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated.connect(self._pick)
        self.returnPressed.connect(lambda: self._pick(self.text()))

    def set_codes(self, codes: list[CodeInfo]) -> None:
        self._paths = {c.path: c.uuid for c in codes if c.codable}
        self._names = {}
        for c in codes:
            if c.codable:
                self._names.setdefault(c.name.casefold(), []).append(c.uuid)
        self._list.setStringList(list(self._paths))

    def resolve(self, text: str) -> str | None:
        """The code a typed text means: its path, a unique name, or a unique partial match."""
        text = text.strip()
        if text in self._paths:
            return self._paths[text]
        by_name = self._names.get(text.casefold(), [])
        if len(by_name) == 1:
            return by_name[0]
        folded = text.casefold()
        partial = [uuid for path, uuid in self._paths.items() if folded in path.casefold()]
        return partial[0] if len(partial) == 1 else None

    def _pick(self, text: str) -> None:
        text = text.strip()
        if not text or text == self._just_picked:
            return
        self._just_picked = text
        QTimer.singleShot(0, self._forget)
        uuid = self.resolve(text)
        if uuid is not None:
            self.chosen.emit(uuid)
        else:
            self.create.emit(text)
        self.clear()

    def _forget(self) -> None:
        self._just_picked = ""
