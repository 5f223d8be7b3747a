"""The cases sheet: documents × attributes to sort, filter, edit, assign, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from qcode.analysis.cases import FIXED, CaseSheet, case_sheet, check_key, export_sheet
from qcode.errors import QcodeError
from qcode.export.model import natural_key
from qcode.ui.models.documents import begin_filter_change, end_filter_change
from qcode.ui.views.base import AnalysisView
from qcode.ui.views.undo_views import ImportSheet, SetAttributes

Index = QModelIndex | QPersistentModelIndex
UUID_ROLE = Qt.ItemDataRole.UserRole


class CasesModel(QAbstractTableModel):
    """Rows: documents; columns: name, kind, then each attribute (editable)."""

    edit_requested = Signal(str, str, str)  # document UUID, key, value

    def __init__(self) -> None:
        super().__init__()
        self.sheet = CaseSheet([], [])
        self.extra: list[str] = []  # attributes added in the view, with no value yet

    def load(self, sheet: CaseSheet) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.extra = [k for k in self.extra if k not in sheet.keys]
        self.endResetModel()

    def keys(self) -> list[str]:
        return self.sheet.keys + self.extra

    def add_key(self, key: str) -> None:
        if key in self.keys():
            return
        column = len(FIXED) + len(self.keys())
        self.beginInsertColumns(QModelIndex(), column, column)
        self.extra.append(key)
        self.endInsertColumns()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sheet.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self.keys())

    def key_of(self, column: int) -> str:
        return self.keys()[column - len(FIXED)] if column >= len(FIXED) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.sheet.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                text = row.name
            elif column == 1:
                text = row.kind_label
            else:
                text = row.values.get(self.key_of(column), "")
            return text
        if role == UUID_ROLE:
            return row.uuid
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "Double-click to open the document"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return FIXED[section] if section < len(FIXED) else self.key_of(section)
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() >= len(FIXED):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() < len(FIXED):
            return False
        row = self.sheet.rows[index.row()]
        key, text = self.key_of(index.column()), str(value).strip()
        if row.values.get(key, "") == text:
            return False
        self.edit_requested.emit(row.uuid, key, text)
        return False  # the change comes back through a reload after the command ran


class _Filter(QSortFilterProxyModel):
    """Rows whose cells hold every word typed (any column, any case)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        begin_filter_change(self)
        self.words = text.casefold().split()
        end_filter_change(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        model = self.sourceModel()
        cells = " ".join(
            str(model.index(source_row, c).data() or "") for c in range(model.columnCount())
        ).casefold()
        return all(w in cells for w in self.words)

    def lessThan(self, left: Index, right: Index) -> bool:
        return natural_key(str(left.data() or "")) < natural_key(str(right.data() or ""))


class CasesView(AnalysisView):
    """The sheet with a filter box and the actions on selected documents."""

    WATCHES = frozenset({"documents", "attributes"})

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.model = CasesModel()
        self._sized = False
        # queued: the edit is run after the editor closed, then the sheet is read again
        self.model.edit_requested.connect(self.set_cell, Qt.ConnectionType.QueuedConnection)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the sheet; arrows move in it
        self.table.doubleClicked.connect(self._activated)
        self.filter = QLineEdit(placeholderText="Filter documents (any column)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.count = QLabel()
        self.key = QComboBox()
        self.key.setEditable(True)
        self.key.setToolTip("Attribute to set on the selected documents (type a new one to add)")
        self.value = QLineEdit(placeholderText="Value (empty removes it)")
        self.assign_button = QPushButton("Set for se&lected")
        self.assign_button.clicked.connect(lambda: self.assign_selected())
        add = QPushButton("Add att&ribute…")
        add.clicked.connect(self._ask_attribute)
        imp = QPushButton("I&mport sheet…")
        imp.clicked.connect(self._ask_import)
        exp = QPushButton("Ex&port sheet…")
        exp.clicked.connect(self._ask_export)
        top = QHBoxLayout()
        filter_label = QLabel("F&ilter:")
        filter_label.setBuddy(self.filter)
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(add)
        top.addWidget(imp)
        top.addWidget(exp)
        bottom = QHBoxLayout()
        selected = QLabel("Selected &documents:")
        selected.setBuddy(self.key)
        bottom.addWidget(selected)
        bottom.addWidget(self.key, 1)
        value_label = QLabel("val&ue:")
        value_label.setBuddy(self.value)
        bottom.addWidget(value_label)
        bottom.addWidget(self.value, 2)
        bottom.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- what is shown -----------------------------------------------------------------------
    def reload(self) -> None:
        if self.project is None:
            self.model.load(CaseSheet([], []))
        else:
            self.model.load(case_sheet(self.project))
        current = self.key.currentText()
        self.key.clear()
        self.key.addItems(self.model.keys())
        self.key.setCurrentText(current)
        self.count.setText(f"{len(self.model.sheet.rows)} documents")
        if not self._sized and self.model.sheet.rows:
            self._sized = True  # once: after that the user's widths stay
            metrics = self.table.fontMetrics()
            sample = range(min(60, self.model.rowCount()))  # Qt's own sizing reads every row
            for column in range(self.model.columnCount()):
                texts = [str(self.model.headerData(column, Qt.Orientation.Horizontal, 0))]
                texts += [self.model.index(r, column).data() for r in sample]
                width = max(metrics.horizontalAdvance(t) for t in texts) + 24
                self.table.setColumnWidth(column, min(max(width, 70), 260))

    def row_of(self, name: str) -> int:
        """The shown row of a document (by name), or -1."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data() == name:
                return r
        return -1

    def selected_documents(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        return [self.proxy.index(r, 0).data(UUID_ROLE) for r in sorted(rows)]

    def _activated(self, index: QModelIndex) -> None:
        if index.column() == 0:
            self.passage_activated.emit(index.data(UUID_ROLE), 0, 0)

    # --- actions -----------------------------------------------------------------------------
    def _run(self, command: Any) -> bool:
        done = bool(self.window_.run(command))
        self.sync()
        return done

    def set_cell(self, document: str, key: str, value: str) -> bool:
        if self.project is None:
            return False
        return self._run(SetAttributes(self.project, {document: {key: value}}, f"Set {key}"))

    def assign_selected(self, key: str | None = None, value: str | None = None) -> bool:
        """Give every selected document the value (from the boxes unless given)."""
        key = (key if key is not None else self.key.currentText()).strip()
        value = value if value is not None else self.value.text()
        docs = self.selected_documents()
        if self.project is None or not key or not docs:
            self.window_.say("Select documents and name an attribute first.")
            return False
        changes = {d: {key: value.strip()} for d in docs}
        text = f"Set {key} on {len(docs)} document{'s' if len(docs) != 1 else ''}"
        return self._run(SetAttributes(self.project, changes, text))

    def add_attribute(self, key: str) -> bool:
        """A new (empty) column: it is stored once a document gets a value."""
        try:
            key = check_key(key)
        except QcodeError as exc:
            self.window_.error("Add attribute", str(exc))
            return False
        self.model.add_key(key)
        if self.key.findText(key) < 0:
            self.key.addItem(key)
        self.key.setCurrentText(key)
        return True

    def import_sheet(self, path: Path) -> bool:
        if self.project is None:
            return False
        command = ImportSheet(self.project, path)
        done = self._run(command)
        if command.unmatched:
            self.window_.say(
                f"{len(command.unmatched)} row(s) matched no document: "
                + ", ".join(command.unmatched[:5])
            )
        elif not done and not self.window_.last_error:
            self.window_.say("The sheet holds the values the project has already.")
        return done

    def export_sheet(self, path: Path) -> bool:
        if self.project is None:
            return False
        try:
            export_sheet(self.project, path)
        except QcodeError as exc:
            self.window_.error("Export sheet", str(exc))
            return False
        self.window_.say(f"Cases sheet written to {path}")
        return True

    def _ask_attribute(self) -> None:
        key, ok = QInputDialog.getText(self, "Add attribute", "Name of the new attribute:")
        if ok and key.strip():
            self.add_attribute(key)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import cases sheet", "", "Sheets (*.xlsx *.csv)"
        )
        if path:
            self.import_sheet(Path(path))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export cases sheet", "cases.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if path:
            self.export_sheet(Path(path))


def build(window: Any) -> CasesView:
    return CasesView(window)
