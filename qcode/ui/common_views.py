"""Small view helpers shared by panes: an indented code list that takes typing, middle elision."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

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


class ElidedWithTip(QStyledItemDelegate):
    """Cuts long names in the middle ("Equality…assessments") and shows the whole name, with
    the model's own tooltip, on hover."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        tip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        full = full_name_tip(text, tip, self.is_elided(option, index))
        if full:
            QToolTip.showText(event.globalPos(), full, view)
        else:
            QToolTip.hideText()
        return True

    def is_elided(self, option: QStyleOptionViewItem, index: Index) -> bool:
        """Whether the name does not fit its cell (so it is shown cut)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.rect.width() - opt.decorationSize.width() - 12
        return opt.fontMetrics.horizontalAdvance(opt.text) > width


def full_name_tip(text: str, tip: str, elided: bool) -> str:
    """The hover text of a name: the whole name when it is cut, then the model's tooltip."""
    parts = [f"<b>{_escape(text)}</b>"] if elided and text else []
    if tip:
        parts.append(tip if tip.lstrip().startswith("<") else _escape(tip).replace("\n", "<br>"))
    return "<br>".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
