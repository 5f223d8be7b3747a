"""The quick-code box (Ctrl+K): type part of a code's name, pick it, Enter codes the selection."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from qcode.codebook.tree import CodeInfo


def match_codes(codes: list[CodeInfo], text: str) -> list[CodeInfo]:
    """The codes a typed text may mean, best first: its exact path; else the codes of that
    name; else every code whose path contains it (case ignored). One entry: no doubt."""
    text = text.strip()
    if not text:
        return []
    exact = [c for c in codes if c.path == text]
    if exact:
        return exact[:1]
    folded = text.casefold()
    named = [c for c in codes if c.name.casefold() == folded]
    if named:
        return named
    return [c for c in codes if folded in c.path.casefold()]


def describe_matches(text: str, found: list[CodeInfo], limit: int = 6) -> str:
    """Why a typed name chose no code: none matches, or several do (listed)."""
    if not found:
        return f"No code matches “{text.strip()}”."
    names = ", ".join(c.path for c in found[:limit]) + (", …" if len(found) > limit else "")
    return f"“{text.strip()}” matches {len(found)} codes ({names}): choose one of them."


class QuickCodeBox(QLineEdit):
    """Emits `chosen(code uuid)` for a known code, `create(name)` for a name no code has, or
    `ambiguous(message)` (and lists the matches) when several codes fit what was typed."""

    chosen = Signal(str)
    create = Signal(str)
    ambiguous = Signal(str)

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
        self._codes: list[CodeInfo] = []
        self._paths: dict[str, str] = {}
        self._just_picked = ""  # Enter in the popup also fires returnPressed: act once
        self._list = QStringListModel(self)
        completer = QCompleter(self._list, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated.connect(self._pick)
        self.returnPressed.connect(lambda: self._pick(self.text()))

    def set_codes(self, codes: list[CodeInfo]) -> None:
        self._codes = [c for c in codes if c.codable]
        self._paths = {c.path: c.uuid for c in codes if c.codable}
        self._list.setStringList(list(self._paths))

    def resolve(self, text: str) -> str | None:
        """The code a typed text means: its path, a unique name, or a unique partial match."""
        found = match_codes(self._codes, text)
        return found[0].uuid if len(found) == 1 else None

    def _pick(self, text: str) -> None:
        text = text.strip()
        if not text or text == self._just_picked:
            return
        self._just_picked = text
        QTimer.singleShot(0, self._forget)
        found = match_codes(self._codes, text)
        if len(found) == 1:
            self.chosen.emit(found[0].uuid)
        elif len(found) > 1:  # "trainers" fits six codes: list them, never create a seventh
            self.ambiguous.emit(describe_matches(text, found))
            completer = self.completer()
            completer.setCompletionPrefix(text)
            completer.complete()
            return
        else:
            self.create.emit(text)
        self.clear()

    def _forget(self) -> None:
        self._just_picked = ""
