"""The documents pane's model: documents grouped by source kind, with coding counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)

from qcode.documents import KIND_LABELS, KINDS
from qcode.ui.icons import icon

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ATTRS_ROLE = Qt.ItemDataRole.UserRole + 3
HEADERS = ("Document", "Codings")
#: Document rows handed to a view at a time, per kind.
PAGE = 100
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class Listed(Protocol):
    """What the pane shows of a document (`DocumentEntry`, or a full `DocumentInfo`)."""

    @property
    def uuid(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def attributes(self) -> dict[str, str]: ...


class DocumentsModel(QAbstractItemModel):
    """Two levels: a row per source kind present, under it its documents (name, codings).

    Every document's entry is held (a few short strings: no text), but the rows under a kind
    are handed to the view a page at a time (`canFetchMore`/`fetchMore`): a view builds only
    what it shows. A filter looks at every entry: `fetch_all` first.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._kinds: list[str] = []
        self._docs: list[list[Listed]] = []
        self._shown: list[int] = []  # rows handed to views, per kind
        self._paged: set[int] = set()  # kinds that gave a page in this turn of the event loop
        self._where: dict[str, tuple[int, int]] = {}  # uuid -> (kind row, row)
        self._names: list[list[str]] = []  # casefolded names, for the filter
        self._counts: dict[str, int] = {}
        self._kind_totals: list[int] = []

    # --- loading -------------------------------------------------------------------------
    def load(self, documents: Sequence[Listed], counts: dict[str, int]) -> None:
        self.beginResetModel()
        by_kind: dict[str, list[Listed]] = {}
        for doc in documents:
            by_kind.setdefault(doc.kind, []).append(doc)
        order = [k for k in KINDS if k in by_kind] + sorted(set(by_kind) - set(KINDS))
        self._kinds = order
        self._docs = [sorted(by_kind[k], key=lambda d: _natural(d.name)) for k in order]
        self._shown = [min(PAGE, len(docs)) for docs in self._docs]
        self._where = {
            d.uuid: (k, row) for k, docs in enumerate(self._docs) for row, d in enumerate(docs)
        }
        self._names = [[d.name.casefold() for d in docs] for docs in self._docs]
        self._set_counts(counts)
        self.endResetModel()

    def _set_counts(self, counts: dict[str, int]) -> None:
        self._counts = dict(counts)
        self._kind_totals = [sum(counts.get(d.uuid, 0) for d in docs) for docs in self._docs]

    def set_counts(self, counts: dict[str, int]) -> None:
        """New coding counts: only the count cells that changed (and are shown) repaint."""
        old, old_totals = self._counts, self._kind_totals
        self._set_counts(counts)
        for k, docs in enumerate(self._docs):
            changed = [
                r
                for r in range(self._shown[k])
                if old.get(docs[r].uuid, 0) != counts.get(docs[r].uuid, 0)
            ]
            if changed:
                # one signal per kind: a filter proxy re-checks its rows on every signal
                parent = self.index(k, 0)
                first, last = self.index(changed[0], 1, parent), self.index(changed[-1], 1, parent)
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])
            if old_totals[k] != self._kind_totals[k]:
                total = self.index(k, 1)
                self.dataChanged.emit(total, total, [Qt.ItemDataRole.DisplayRole])

    def index_of(self, uuid: str) -> QModelIndex:
        """The document's index (its page is fetched first when views have not had it)."""
        found = self._where.get(uuid)
        if found is None:
            return QModelIndex()
        k, row = found
        if row >= self._shown[k]:
            self._fetch(k, row + 1)
        return self.index(row, 0, self.index(k, 0))

    def document(self, index: Index) -> Listed | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._docs[index.internalId() - 1][index.row()]

    def documents(self) -> list[Listed]:
        """Every document held (shown or not yet fetched by a view)."""
        return [d for docs in self._docs for d in docs]

    def attribute_keys(self) -> list[str]:
        return sorted({k for d in self.documents() for k in d.attributes}, key=str.casefold)

    def name_matches(self, kind_row: int, row: int, words: list[str]) -> bool:
        """Whether every word is in the document's name (casefolded words)."""
        name = self._names[kind_row][row]
        return all(word in name for word in words)

    # --- fetching a page at a time -------------------------------------------------------
    # A tree view lays out an expanded item again after each fetch, and fetches again: all of
    # it at once. So a kind gives one page per turn of the event loop; the view asks again
    # when it is scrolled to its end.
    def _more(self) -> list[int]:
        return [
            k
            for k, docs in enumerate(self._docs)
            if self._shown[k] < len(docs) and k not in self._paged
        ]

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        if not parent.isValid():  # a view scrolled to its end: the next page of any kind
            return bool(self._more())
        if parent.internalId() != 0 or parent.column() != 0:
            return False
        return parent.row() in self._more()

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not parent.isValid():
            kinds = self._more()[:1]
        elif parent.internalId() == 0 and parent.column() == 0:
            kinds = [k for k in self._more() if k == parent.row()]
        else:
            kinds = []
        for k in kinds:
            if not self._paged:
                QTimer.singleShot(0, self._paged.clear)
            self._paged.add(k)
            self._fetch(k, self._shown[k] + PAGE)

    def fetch_all(self) -> None:
        """Hand every row to the views (before filtering: a filter sees only rows it has)."""
        for k, docs in enumerate(self._docs):
            self._fetch(k, len(docs))

    def _fetch(self, k: int, upto: int) -> None:
        upto = min(upto, len(self._docs[k]))
        if upto <= self._shown[k]:
            return
        self.beginInsertRows(self.index(k, 0), self._shown[k], upto - 1)
        self._shown[k] = upto
        self.endInsertRows()

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        # bounds checked here, not by hasIndex (views call this thousands of times)
        if row < 0 or not 0 <= column < len(HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._kinds) else QModelIndex()
        kind = parent.row()
        if parent.internalId() != 0 or parent.column() != 0 or row >= self._shown[kind]:
            return QModelIndex()
        return self.createIndex(row, column, kind + 1)

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
            return self._shown[parent.row()]
        return 0

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
            length = getattr(doc, "length", None)  # a full DocumentInfo knows it
            size = f" · {length:,} characters" if isinstance(length, int) else ""
            return f"{doc.name}\n{KIND_LABELS.get(doc.kind, doc.kind)}{size}\n{attrs}".strip()
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
            return str(self._kind_totals[row])
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
        self._words: list[str] = []
        self._key = ""
        self._value = ""
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # counts change often; the filter never reads them

    def set_text(self, text: str) -> None:
        self._change(text.strip().casefold(), self._key, self._value)

    def set_attribute(self, key: str, value: str) -> None:
        self._change(self._text, key, value.strip().casefold())

    def _change(self, text: str, key: str, value: str) -> None:
        if (text, key, value) == (self._text, self._key, self._value):
            return
        begin_filter_change(self)
        self._text, self._key, self._value = text, key, value
        self._words = text.split()
        self._fetch_all()
        end_filter_change(self)

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._fetch_all)  # reloaded while a filter is set

    def _fetch_all(self) -> None:
        """A filter looks at every document, not only the pages a view fetched."""
        model = self.sourceModel()
        if self._filtering() and isinstance(model, DocumentsModel):
            model.fetch_all()

    def _filtering(self) -> bool:
        return bool(self._text or (self._key and self._value))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not source_parent.isValid():
            return not self._filtering()
        model = self.sourceModel()
        if self._words:
            if isinstance(model, DocumentsModel):  # on the names held, casefolded once
                if not model.name_matches(source_parent.row(), source_row, self._words):
                    return False
            else:
                index = model.index(source_row, 0, source_parent)
                name = str(model.data(index, Qt.ItemDataRole.DisplayRole)).casefold()
                if not all(word in name for word in self._words):
                    return False
        if self._key and self._value:
            index = model.index(source_row, 0, source_parent)
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
