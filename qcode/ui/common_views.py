"""Small view helpers shared by panes: an indented list of codes that takes typing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 41
INDENT = 14

Index = QModelIndex | QPersistentModelIndex


class _Indented(QStyledItemDelegate):
    """Paints an item shifted right by its depth (the text itself stays unindented)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        depth = int(index.data(DEPTH_ROLE) or 0)
        if depth:
            option = QStyleOptionViewItem(option)
            option.rect.adjust(INDENT * depth, 0, 0, 0)
        super().paint(painter, option, index)


class IndentedCombo(QComboBox):
    """A list of codes shown as a tree; typing a code's name chooses it (no indenting spaces
    in the text, which defeated the combo's type-ahead)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_Indented(self))

    def add_code(self, name: str, uuid: str, depth: int, path: str) -> None:
        self.addItem(name, uuid)
        row = self.count() - 1
        self.setItemData(row, depth, DEPTH_ROLE)
        self.setItemData(row, path, Qt.ItemDataRole.ToolTipRole)
