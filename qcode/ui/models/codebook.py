"""The codebook pane's model: the code tree with colour swatches, quote counts, favourite keys,
definitions as tooltips, and drag and drop (codes to reorder or reparent, text to code)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from qcode.codebook.tree import CodeInfo
from qcode.palette import display_colours
from qcode.ui.icons import swatch
from qcode.ui.models.documents import begin_filter_change, end_filter_change

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
#: A code being dragged within the codebook.
CODE_MIME = "application/x-qcode-code"
#: A passage of a document being dragged onto a code: {"document", "start", "end"}.
SELECTION_MIME = "application/x-qcode-selection"
HEADERS = ("Code", "Quotes", "Key")


class CodebookModel(QAbstractItemModel):
    """The code tree. Internal ids are 1 + the code's position in depth-first order."""

    #: A code dragged to a new parent (None: top level) at a sibling position (None: last).
    move_requested = Signal(str, object, object)
    #: A passage dropped on a code: (code uuid, document uuid, start, end) in code points.
    passage_dropped = Signal(str, str, int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._codes: list[CodeInfo] = []
        self._colours: dict[str, str] = {}
        self._row: list[int] = []
        self._parent_pos: list[int] = []  # -1 for a top-level code
        self._children: dict[int, list[int]] = {}
        self._by_uuid: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self._totals: list[int] = []
        self._keys: dict[str, int] = {}

    # --- loading -------------------------------------------------------------------------
    def load(self, codes: list[CodeInfo], counts: dict[str, int], favourites: list[str]) -> None:
        self.beginResetModel()
        self._codes = list(codes)
        self._colours = display_colours(self._codes)  # sub-codes: shades of their theme's hue
        self._by_uuid = {c.uuid: i for i, c in enumerate(self._codes)}
        self._children = {-1: []}
        self._parent_pos = []
        self._row = []
        for i, code in enumerate(self._codes):
            parent = self._by_uuid.get(code.parent_uuid or "", -1)
            siblings = self._children.setdefault(parent, [])
            self._row.append(len(siblings))
            siblings.append(i)
            self._parent_pos.append(parent)
        self._counts = dict(counts)
        self._totals = self._subtree_totals(self._counts)
        self._keys = {uuid: n for n, uuid in enumerate(favourites, start=1)}
        self.endResetModel()

    def _subtree_totals(self, counts: dict[str, int]) -> list[int]:
        """Per position: the code's own count plus its sub-codes' (children follow parents)."""
        totals = [counts.get(c.uuid, 0) for c in self._codes]
        for pos in range(len(self._codes) - 1, -1, -1):
            parent = self._parent_pos[pos]
            if parent >= 0:
                totals[parent] += totals[pos]
        return totals

    def set_counts(self, counts: dict[str, int]) -> None:
        """New quote counts: only the cells that changed are repainted."""
        old = self._totals
        self._counts = dict(counts)
        self._totals = self._subtree_totals(self._counts)
        for pos, (before, after) in enumerate(zip(old, self._totals, strict=True)):
            if before != after:
                cell = self._index_of_pos(pos, 1)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def set_favourites(self, favourites: list[str]) -> None:
        self._keys = {uuid: n for n, uuid in enumerate(favourites, start=1)}
        self._emit_column(2)

    def _emit_column(self, column: int) -> None:
        for parent, kids in self._children.items():
            if kids:
                parent_index = ROOT if parent < 0 else self._index_of_pos(parent)
                top = self.index(0, column, parent_index)
                self.dataChanged.emit(top, self.index(len(kids) - 1, column, parent_index))

    def code(self, index: Index) -> CodeInfo | None:
        return self._codes[index.internalId() - 1] if index.isValid() else None

    def codes(self) -> list[CodeInfo]:
        return list(self._codes)

    def index_of(self, uuid: str) -> QModelIndex:
        pos = self._by_uuid.get(uuid)
        return QModelIndex() if pos is None else self._index_of_pos(pos)

    def _index_of_pos(self, pos: int, column: int = 0) -> QModelIndex:
        return self.createIndex(self._row[pos], column, pos + 1)

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_pos = parent.internalId() - 1 if parent.isValid() else -1
        return self.createIndex(row, column, self._children[parent_pos][row] + 1)

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:
            return QObject.parent(self)
        if not index.isValid():
            return QModelIndex()
        parent = self._parent_pos[index.internalId() - 1]
        return QModelIndex() if parent < 0 else self._index_of_pos(parent)

    def rowCount(self, parent: Index = ROOT) -> int:
        if not parent.isValid():
            return len(self._children.get(-1, []))
        if parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() - 1, []))

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        code = self._codes[index.internalId() - 1]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return code.name
            if col == 1:  # a theme counts its sub-codes' quotes too
                return str(self._totals[index.internalId() - 1])
            key = self._keys.get(code.uuid)
            return str(key) if key else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return swatch(self._colours.get(code.uuid, code.colour))
        if role == Qt.ItemDataRole.ToolTipRole:
            pos = index.internalId() - 1
            return tooltip(code, self._counts.get(code.uuid, 0), self._totals[pos])
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return code.uuid
        if role == PATH_ROLE:
            return code.path
        return None

    # --- drag and drop -------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME, SELECTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        uuids = list(dict.fromkeys(self._codes[i.internalId() - 1].uuid for i in indexes))
        if uuids:
            mime.setData(CODE_MIME, QByteArray(uuids[0].encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(SELECTION_MIME):
            return parent.isValid() and row < 0
        return data.hasFormat(CODE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask the window to act (it pushes an undo command); the model reloads after."""
        if data.hasFormat(SELECTION_MIME):
            if not parent.isValid():
                return False
            passage = json.loads(bytes(data.data(SELECTION_MIME).data()).decode())
            code = self._codes[parent.internalId() - 1]
            self.passage_dropped.emit(
                code.uuid, passage["document"], int(passage["start"]), int(passage["end"])
            )
            return False
        if not data.hasFormat(CODE_MIME):
            return False
        uuid = bytes(data.data(CODE_MIME).data()).decode()
        new_parent = self._codes[parent.internalId() - 1].uuid if parent.isValid() else None
        position = row if row >= 0 else None
        if position is not None:  # rows above the moved code shift up once it leaves
            me = self._by_uuid.get(uuid)
            if me is not None and self._codes[me].parent_uuid == new_parent:
                position = position - 1 if self._row[me] < position else position
        self.move_requested.emit(uuid, new_parent, position)
        return False  # never let the view remove the dragged row itself


def passage_mime(document: str, start: int, end: int, text: str) -> QMimeData:
    """Mime data for a dragged passage (also plain text, for dropping elsewhere)."""
    mime = QMimeData()
    payload = json.dumps({"document": document, "start": start, "end": end})
    mime.setData(SELECTION_MIME, QByteArray(payload.encode()))
    mime.setText(text)
    return mime


def tooltip(code: CodeInfo, count: int, total: int | None = None) -> str:
    """Rich tooltip: the path, the definition and its rules, the ToR item, the count."""
    from html import escape

    parts = [f"<b>{escape(code.path)}</b>"]
    if code.definition:
        parts.append(escape(code.definition))
    for label, value in (
        ("Include", code.inclusion),
        ("Exclude", code.exclusion),
        ("Example", code.example),
        ("Terms of reference", code.tor_item),
    ):
        if value:
            parts.append(f"<i>{label}:</i> {escape(value)}")
    parts.append(f"{count} quote{'s' if count != 1 else ''} coded here")
    if total is not None and total != count:
        parts.append(f"{total} with its sub-codes")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"


class CodebookFilter(QSortFilterProxyModel):
    """Shows codes whose name or path contains every word typed (and their ancestors)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # counts change often; the filter never reads them

    def set_text(self, text: str) -> None:
        begin_filter_change(self)
        self._words = text.casefold().split()
        end_filter_change(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        path = str(self.sourceModel().data(index, PATH_ROLE)).casefold()
        return all(word in path for word in self._words)
