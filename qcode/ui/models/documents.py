"""The documents pane's model: documents grouped by source kind, with coding counts."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from qcode.documents import KIND_LABELS, KINDS, DocumentInfo
from qcode.ui.icons import icon

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ATTRS_ROLE = Qt.ItemDataRole.UserRole + 3
HEADERS = ("Document", "Codings")


class DocumentsModel(QAbstractItemModel):
    """Two levels: a row per source kind present, under it its documents (name, codings)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._kinds: list[str] = []
        self._docs: list[list[DocumentInfo]] = []
        self._counts: dict[str, int] = {}

    # --- loading -------------------------------------------------------------------------
    def load(self, documents: list[DocumentInfo], counts: dict[str, int]) -> None:
        self.beginResetModel()
        by_kind: dict[str, list[DocumentInfo]] = {}
        for doc in documents:
            by_kind.setdefault(doc.kind, []).append(doc)
        order = [k for k in KINDS if k in by_kind] + sorted(set(by_kind) - set(KINDS))
        self._kinds = order
        self._docs = [sorted(by_kind[k], key=lambda d: _natural(d.name)) for k in order]
        self._counts = dict(counts)
        self.endResetModel()

    def set_counts(self, counts: dict[str, int]) -> None:
        """New coding counts: only the count cells that changed are repainted."""
        old, self._counts = self._counts, dict(counts)
        for k, docs in enumerate(self._docs):
            changed = [r for r, d in enumerate(docs) if old.get(d.uuid, 0) != counts.get(d.uuid, 0)]
            if not changed:
                continue
            parent = self.index(k, 0)
            # one signal per kind: a filter proxy re-checks its rows on every signal
            first, last = self.index(changed[0], 1, parent), self.index(changed[-1], 1, parent)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])
            self.dataChanged.emit(self.index(k, 1), self.index(k, 1), [Qt.ItemDataRole.DisplayRole])

    def index_of(self, uuid: str) -> QModelIndex:
        for k, docs in enumerate(self._docs):
            for row, doc in enumerate(docs):
                if doc.uuid == uuid:
                    return self.index(row, 0, self.index(k, 0))
        return QModelIndex()

    def document(self, index: Index) -> DocumentInfo | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._docs[index.internalId() - 1][index.row()]

    def documents(self) -> list[DocumentInfo]:
        return [d for docs in self._docs for d in docs]

    def attribute_keys(self) -> list[str]:
        return sorted({k for d in self.documents() for k in d.attributes}, key=str.casefold)

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:
            return QObject.parent(self)
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = ROOT) -> int:
        if not parent.isValid():
            return len(self._kinds)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._docs[parent.row()])
        return 0

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._kind_data(index.row(), index.column(), role)
        doc = self._docs[index.internalId() - 1][index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.name if col == 0 else str(self._counts.get(doc.uuid, 0))
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon("document")
        if role == Qt.ItemDataRole.ToolTipRole:
            attrs = "\n".join(f"{k}: {v}" for k, v in sorted(doc.attributes.items()))
            words = f"{doc.length:,} characters"
            return f"{doc.name}\n{KIND_LABELS.get(doc.kind, doc.kind)} · {words}\n{attrs}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return doc.uuid
        if role == KIND_ROLE:
            return doc.kind
        if role == ATTRS_ROLE:
            return doc.attributes
        return None

    def _kind_data(self, row: int, col: int, role: int) -> Any:
        kind = self._kinds[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{KIND_LABELS.get(kind, kind)} ({len(self._docs[row])})"
            return str(sum(self._counts.get(d.uuid, 0) for d in self._docs[row]))
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon(kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KIND_ROLE:
            return kind
        return None


class DocumentsFilter(QSortFilterProxyModel):
    """Filters documents by words of their name and by one attribute's value."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._key = ""
        self._value = ""
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # counts change often; the filter never reads them

    def set_text(self, text: str) -> None:
        begin_filter_change(self)
        self._text = text.strip().casefold()
        end_filter_change(self)

    def set_attribute(self, key: str, value: str) -> None:
        begin_filter_change(self)
        self._key, self._value = key, value.strip().casefold()
        end_filter_change(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not source_parent.isValid():
            return not (self._text or (self._key and self._value))
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        name = str(model.data(index, Qt.ItemDataRole.DisplayRole)).casefold()
        if self._text and not all(word in name for word in self._text.split()):
            return False
        if self._key and self._value:
            attrs = model.data(index, ATTRS_ROLE) or {}
            return self._value in str(attrs.get(self._key, "")).casefold()
        return True


def begin_filter_change(proxy: QSortFilterProxyModel) -> None:
    """Start changing a filter (Qt 6.10+ wants begin/end instead of invalidateFilter)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()


def end_filter_change(proxy: QSortFilterProxyModel) -> None:
    if hasattr(proxy, "endFilterChange"):
        proxy.endFilterChange()
    else:
        proxy.invalidateFilter()


def _natural(name: str) -> list[Any]:
    """Sort key that puts "Interview 2" before "Interview 10"."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", name)]
