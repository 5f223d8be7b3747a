"""A read-only Qt table model over a list of records (dataclasses, dicts or tuples)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

Index = QModelIndex | QPersistentModelIndex
Getter = Callable[[Any], Any]


def humanise(name: str) -> str:
    """`per_code_kappa` -> `Per code kappa`."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def display(value: Any) -> str:
    """How a cell value reads: floats to 3 places, None empty, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "–" if value != value else f"{value:.3f}"  # NaN: not defined
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(display(v) for v in value)
    return str(value)


def columns_of(record: Any) -> list[tuple[str, Getter]]:
    """Columns for every field of a dataclass or key of a dict."""
    if dataclasses.is_dataclass(record):
        names = [f.name for f in dataclasses.fields(record)]
        return [(humanise(n), lambda r, n=n: getattr(r, n)) for n in names]
    if isinstance(record, dict):
        return [(humanise(str(k)), lambda r, k=k: r.get(k)) for k in record]
    return [("Value", lambda r: r)]


class RecordTableModel(QAbstractTableModel):
    """Rows are records; each column is a header and a function that reads a record."""

    def __init__(
        self,
        records: Sequence[Any] = (),
        columns: Sequence[tuple[str, Getter]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._records: list[Any] = list(records)
        self._columns = list(columns) if columns is not None else self._auto_columns()
        #: Rows for which this returns True are shown in bold (e.g. top-level themes).
        self.emphasis: Callable[[Any], bool] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def _auto_columns(self) -> list[tuple[str, Getter]]:
        return columns_of(self._records[0]) if self._records else []

    def set_records(
        self, records: Sequence[Any], columns: Sequence[tuple[str, Getter]] | None = None
    ) -> None:
        self.beginResetModel()
        self._records = list(records)
        if columns is not None:
            self._columns = list(columns)
        elif not self._columns:
            self._columns = self._auto_columns()
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    def headers(self) -> list[str]:
        return [h for h, _ in self._columns]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def value(self, row: int, column: int) -> Any:
        try:
            return self._columns[column][1](self._records[row])
        except (AttributeError, KeyError, IndexError, TypeError):
            return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display(self.value(index.row(), index.column()))
        if role == Qt.ItemDataRole.UserRole:
            return self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and self.emphasis is not None:
            return self._bold if self.emphasis(self._records[index.row()]) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.value(index.row(), index.column())
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0] if 0 <= section < len(self._columns) else None
        return str(section + 1)

    def rows(self) -> list[list[str]]:
        """Every cell as shown, row by row (for tests and copying)."""
        return [
            [display(self.value(r, c)) for c in range(len(self._columns))]
            for r in range(len(self._records))
        ]


def table_view(model: QAbstractTableModel) -> QTableView:
    """A compact, read-only, row-selecting view of `model`."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab goes on to the next control; arrows move in it
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setHighlightSections(False)
    return view
