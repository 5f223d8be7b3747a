"""The bottom pane's models: the quotes of a code, and search hits as KWIC lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qcode.coding import Quote
from qcode.documents import KIND_LABELS

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
#: (document uuid, start, end) of the passage a row stands for, in code points.
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _passage(text: str, limit: int = 4000) -> str:
    """A whole passage as the table shows it: its lines kept, blank runs closed up."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    shown = "\n".join(line for line in lines if line)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _one_line(text: str, limit: int = 400) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _RowsModel(QAbstractTableModel):
    """A flat, read-only table of rows with fixed headers; subclasses say what a cell shows."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def load(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1)


class QuotesModel(_RowsModel):
    """One row per coded passage: document, kind, speaker, paragraph, the whole passage (its
    lines kept), coder. Rows arrive a page at a time (`fetchMore`), so any number can be shown."""

    HEADERS = ("Document", "Kind", "Speaker", "¶", "Quote", "Coder")
    PAGE = 200

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Quote] = []

    def load(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._all[: self.PAGE]
        self.endResetModel()

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._all[start : start + self.PAGE]
        if not more:
            return
        self.beginInsertRows(ROOT, start, start + len(more) - 1)
        self._rows += more
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def total(self) -> int:
        """Every quote loaded, shown or still to fetch."""
        return len(self._all)

    def quotes(self) -> list[Quote]:
        return list(self._all)

    def quote(self, row: int) -> Quote:
        return self._rows[row]  # type: ignore[no-any-return]

    def row_of(self, coding_uuid: str) -> int:
        """The row of a coding's quote (fetching pages until it is shown), or -1."""
        for i, q in enumerate(self._all):
            if q.coding_uuid == coding_uuid:
                while i >= len(self._rows) and self.canFetchMore():
                    self.fetchMore()
                return i
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        q = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                q.document_name,
                KIND_LABELS.get(q.kind, q.kind),
                q.speaker,
                str(q.paragraph),
                _passage(q.text),
                q.coder_name,
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {q.memo}" if q.memo else ""
            where = f"{q.document_name}, ¶{q.paragraph}"
            if q.attributes:
                where += "\n" + " · ".join(f"{k}: {v}" for k, v in sorted(q.attributes.items()))
            return f"{q.code_path}\n{where}{memo}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == 3:
                return _RIGHT
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == PASSAGE_ROLE:
            return (q.document_uuid, q.start, q.end)
        return None


class SearchModel(_RowsModel):
    """Search hits as keyword-in-context lines: document, speaker, ¶, left, match, right."""

    HEADERS = ("Document", "Speaker", "¶", "Before", "Match", "After")

    def hit(self, row: int) -> Any:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                hit.document_name,
                hit.speaker,
                str(hit.paragraph),
                _one_line(hit.left, 120),
                _one_line(hit.match, 120),
                _one_line(hit.right, 120),
            )
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (2, 3):
                return _RIGHT
            return None
        if role == Qt.ItemDataRole.FontRole and col == 4:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        if role == PASSAGE_ROLE:
            start, end = hit.matches[0] if hit.matches else (hit.segment_start, hit.segment_end)
            return (hit.document_uuid, start, end)
        return None
