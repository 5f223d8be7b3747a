"""The matrix view: codes × attribute values (or × codes) as a heat map; a cell opens its quotes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from qcode.analysis.cooccurrence import CooccurrenceMatrix, cooccurrence_matrix, cooccurrence_quotes
from qcode.analysis.matrix import MEASURES, Matrix, MatrixSpec, cell_quotes, matrix_query
from qcode.errors import QcodeError
from qcode.ui.pseudonyms_box import PseudonymsBox, export_checked
from qcode.ui.quotes_pane import QuotesPane
from qcode.ui.views.base import AnalysisView

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
#: (code UUID, column key or code UUID) of a cell; None for the code-name column.
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
BUILT_IN = (
    ("Source kind", "kind"),
    ("Document", "document"),
    ("Speaker", "speaker"),
    ("Coder", "coder"),
)
PERIODS = (
    ("", "as written"),
    ("year", "by year"),
    ("quarter", "by quarter"),
    ("month", "by month"),
)
EXPORT_FILTERS = (
    "Excel workbook (*.xlsx);;Word framework table (*.docx);;PDF framework table (*.pdf)"
)
HEAT = QColor("#0072B2")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def heat(value: float, maximum: float) -> QColor | None:
    """A shade of blue as strong as value/maximum (None for an empty cell)."""
    if value <= 0 or maximum <= 0:
        return None
    colour = QColor(HEAT)
    colour.setAlphaF(0.12 + 0.78 * min(1.0, value / maximum))
    return colour


def ink(colour: QColor) -> QColor:
    """Black or white text over a heat colour (on white)."""
    return QColor("#FFFFFF") if colour.alphaF() > 0.55 else QColor("#000000")


class MatrixModel(QAbstractTableModel):
    """Rows: codes (indented by depth); columns: the matrix's columns then "All"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self.measure = "passages"
        self.heat_map = True
        self._max = 0.0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_matrix(self, matrix: Matrix | None, measure: str, heat_map: bool) -> None:
        self.beginResetModel()
        self.matrix, self.measure, self.heat_map = matrix, measure, heat_map
        self._max = float(matrix.maximum(measure)) if matrix else 0.0
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.columns) + 2

    def _show(self, value: float) -> str:
        if self.measure == "share":
            return f"{value:.0%}" if value else "–"
        return str(int(value)) if value else "–"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        if m is None or not index.isValid():
            return None
        row, col = m.rows[index.row()], index.column()
        n = len(m.columns)
        cell = None if col == 0 else row.total if col == n + 1 else row.cells[col - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            if cell is None:
                return "    " * row.depth + row.name
            return self._show(cell.value(self.measure))
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell is None:
                return row.path
            where = "all documents" if col == n + 1 else m.columns[col - 1].label
            share = f"{cell.share:.0%}"
            return (
                f"{row.path} × {where}\n{cell.passages} passage(s) in {cell.documents} "
                f"document(s) ({share}), {cell.words} words — click to read them"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and cell is not None:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and ((row.depth == 0 and col == 0) or col == n + 1):
            return self._bold
        if self.heat_map and cell is not None and col <= n:
            colour = heat(float(cell.value(self.measure)), self._max)
            if role == Qt.ItemDataRole.BackgroundRole and colour is not None:
                return colour
            if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
                return ink(colour)
        if role == CELL_ROLE:
            if cell is None:
                return None
            return (row.code_uuid, None if col == n + 1 else m.columns[col - 1].key)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        m = self.matrix
        if m is None or orientation != Qt.Orientation.Horizontal:
            return None
        n = len(m.columns)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if section == 0:
                return "Code"
            if section == n + 1:
                return f"All ({m.total_documents})"
            column = m.columns[section - 1]
            return f"{column.label} ({column.documents})"
        return None


class CooccurrenceModel(QAbstractTableModel):
    """Rows and columns: codes; a cell: segments coded with both (diagonal: with the code)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: CooccurrenceMatrix | None = None
        self.heat_map = True
        self.measure = "segments"
        self._max = 0

    def set_matrix(self, matrix: CooccurrenceMatrix | None, heat_map: bool) -> None:
        self.beginResetModel()
        self.matrix, self.heat_map = matrix, heat_map
        self._max = (
            max(
                (v for i, r in enumerate(matrix.segments) for j, v in enumerate(r) if i != j),
                default=0,
            )
            if matrix
            else 0
        )
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.codes)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.codes) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        if m is None or not index.isValid():
            return None
        i, col = index.row(), index.column()
        code = m.codes[i]
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return "    " * code.depth + code.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return code.path
            return None
        j = col - 1
        value = m.segments[i][j]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value) if value else "–"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{code.path}\n+ {m.codes[j].path}\n{value} segment(s) in "
                f"{m.documents[i][j]} document(s) — click to read them"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if self.heat_map and i != j:
            colour = heat(value, self._max)
            if role == Qt.ItemDataRole.BackgroundRole and colour is not None:
                return colour
            if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
                return ink(colour)
        if role == Qt.ItemDataRole.BackgroundRole and i == j:
            return QColor("#EEEEEE")
        if role == CELL_ROLE:
            return (code.code_uuid, m.codes[j].code_uuid)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        m = self.matrix
        if m is None or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return "Code" if role == Qt.ItemDataRole.DisplayRole else None
        code = m.codes[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return code.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.path
        return None


class MatrixView(AnalysisView):
    """Choose rows, columns, measure and filter; click a cell to read its quotes below."""

    WATCHES = frozenset({"codings", "codes", "documents", "attributes"})
    cell_opened = Signal(str, object)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setAccessibleName("Matrix query")
        self.matrix: Matrix | None = None
        self.cooccurrence: CooccurrenceMatrix | None = None
        #: (code UUID, column key) -> coding UUID: the quote chosen for the framework export.
        self.chosen: dict[tuple[str, str], str] = {}
        self.timings: dict[str, float] = {}
        self._cell: tuple[str, str | None] | None = None

        self.mode = QComboBox()
        self.mode.addItem("Codes × columns", "matrix")
        self.mode.addItem("Codes × codes (co-occurrence)", "cooccurrence")
        self.by = QComboBox()
        self.by.setToolTip("What the columns are")
        self.period = QComboBox()
        for key, label in PERIODS:
            self.period.addItem(label, key)
        self.period.setToolTip("Group a date attribute's values")
        self.measure = QComboBox()
        for key, label in MEASURES.items():
            self.measure.addItem(label, key)
        self.subcodes = QCheckBox("With &sub-codes")
        self.subcodes.setChecked(True)
        self.subcodes.setToolTip("A code's cells count the passages of its sub-codes too")
        self.themes = QCheckBox("Themes onl&y")
        self.heat_map = QCheckBox("Heat &map")
        self.heat_map.setChecked(True)
        self.where_key = QComboBox()
        self.where_key.setToolTip("Only documents with this attribute value")
        self.where_value = QComboBox()
        self.where_value.setMinimumContentsLength(8)
        self.export_button = QPushButton("Ex&port…")
        self.export_button.setToolTip(
            "Excel: every measure's values; Word or PDF: a framework table, one short quote per "
            "cell (the one you chose with “Use in framework”, else the first)"
        )
        self.export_button.clicked.connect(self.choose_export)
        self.use_quote = QPushButton("&Use in framework")
        self.use_quote.setToolTip("Quote the selected passage in this cell of the framework export")
        self.use_quote.clicked.connect(self.use_selected_quote)
        #: For the matrix export and the cell's quotes pane's "Export selection…" alike.
        self.pseudonyms = PseudonymsBox("Apply pseu&donyms")
        self.status = QLabel()

        self.model = MatrixModel(self)
        self.co_model = CooccurrenceModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Matrix")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.clicked.connect(self._cell_clicked)
        self.table.activated.connect(self._cell_clicked)
        self.quotes = QuotesPane(project=lambda: self.project, pseudonyms=self.pseudonyms)
        self.quotes.title.setText("Click a cell to read its passages.")
        self.quotes.passage_activated.connect(self.passage_activated)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.quotes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        row1 = QHBoxLayout()
        for label, widget in (("&Rows and columns:", self.mode), ("Co&lumns:", self.by)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row1.addWidget(caption)
            row1.addWidget(widget)
        row1.addWidget(self.period)
        caption = QLabel("Sho&w:")
        caption.setBuddy(self.measure)
        row1.addWidget(caption)
        row1.addWidget(self.measure)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        caption = QLabel("&Only:")
        caption.setBuddy(self.where_key)
        row2.addWidget(caption)
        row2.addWidget(self.where_key)
        row2.addWidget(self.where_value)
        for widget in (self.subcodes, self.themes, self.heat_map):
            row2.addWidget(widget)
        row2.addStretch(1)
        row2.addWidget(self.use_quote)
        row2.addWidget(self.pseudonyms)
        row2.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        for combo in (self.mode, self.by, self.period, self.where_value):
            combo.currentIndexChanged.connect(self._recompute)
        self.where_key.currentIndexChanged.connect(self._where_key_changed)
        self.subcodes.toggled.connect(self._recompute)
        self.themes.toggled.connect(self._recompute)
        self.measure.currentIndexChanged.connect(self._redraw)
        self.heat_map.toggled.connect(self._redraw)
        self._filling = False
        self._values: dict[str, list[str]] = {}

    def showEvent(self, event: Any) -> None:
        """The first time: a dock tall enough for a dozen codes above their quotes."""
        if not getattr(self, "_sized", False):
            self._sized = True
            dock, window = self.parentWidget(), self.window_
            if dock is not None and hasattr(window, "resizeDocks"):
                height = window.height() * 11 // 20
                QTimer.singleShot(
                    0, lambda: window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
                )
        super().showEvent(event)

    # --- choices --------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        """Columns and filters from the project's attributes (kept where still present)."""
        from qcode.documents import attribute_values

        assert self.project is not None
        self._values = attribute_values(self.project)
        self._filling = True
        by = self.by.currentData()
        self.by.clear()
        for label, key in BUILT_IN:
            self.by.addItem(label, key)
        for key in self._values:
            self.by.addItem(key, key)
        self.by.setCurrentIndex(max(0, self.by.findData(by)))
        where = self.where_key.currentData()
        self.where_key.clear()
        self.where_key.addItem("All documents", "")
        self.where_key.addItem("kind", "kind")
        for key in self._values:
            self.where_key.addItem(key, key)
        self.where_key.setCurrentIndex(max(0, self.where_key.findData(where)))
        self._fill_values()
        self._filling = False

    def _fill_values(self) -> None:
        from qcode.documents import KINDS

        key = str(self.where_key.currentData() or "")
        current = self.where_value.currentData()
        self.where_value.clear()
        values = list(KINDS) if key == "kind" else self._values.get(key, [])
        for value in values:
            self.where_value.addItem(value, value)
        self.where_value.setCurrentIndex(max(0, self.where_value.findData(current)))
        self.where_value.setEnabled(bool(key))

    def _where_key_changed(self) -> None:
        was = self._filling
        self._filling = True
        self._fill_values()
        self._filling = was
        self._recompute()

    def set_columns(self, key: str) -> None:
        self.by.setCurrentIndex(self.by.findData(key))

    def set_where(self, key: str, value: str) -> None:
        self.where_key.setCurrentIndex(self.where_key.findData(key))
        self.where_value.setCurrentIndex(self.where_value.findData(value))

    def spec(self) -> MatrixSpec:
        key = str(self.where_key.currentData() or "")
        value = str(self.where_value.currentData() or "")
        by = str(self.by.currentData() or "kind")
        return MatrixSpec(
            by=by,
            include_subcodes=self.subcodes.isChecked(),
            where=((key, value),) if key and value else (),
            period=str(self.period.currentData() or "")
            if by not in dict(BUILT_IN).values()
            else "",
            top_level=self.themes.isChecked(),
        )

    # --- computing and drawing ------------------------------------------------------------
    def reload(self) -> None:
        if self.project is None:
            self.model.set_matrix(None, "passages", True)
            return
        self.pseudonyms.follow(self.project)
        self._fill_choices()
        self._recompute()

    def _recompute(self, *_: object) -> None:
        if self._filling or self.project is None:
            return
        co = self.mode.currentData() == "cooccurrence"
        for widget in (self.by, self.period, self.measure):
            widget.setEnabled(not co)
        self.period.setEnabled(not co and str(self.by.currentData()) not in dict(BUILT_IN).values())
        started = time.perf_counter()
        spec = self.spec()
        try:
            if co:
                self.cooccurrence = cooccurrence_matrix(
                    self.project,
                    include_subcodes=spec.include_subcodes and spec.top_level,
                    where=spec.where,
                    top_level=spec.top_level,
                )
            else:
                self.matrix = matrix_query(self.project, spec)
        except QcodeError as exc:
            self.status.setText(str(exc))
            return
        self.timings["compute"] = time.perf_counter() - started
        self.chosen = {}
        self._redraw()

    def _redraw(self, *_: object) -> None:
        co = self.mode.currentData() == "cooccurrence"
        heat_on = self.heat_map.isChecked()
        if co:
            self.co_model.set_matrix(self.cooccurrence, heat_on)
            if self.table.model() is not self.co_model:
                self.table.setModel(self.co_model)
        else:
            self.model.set_matrix(self.matrix, str(self.measure.currentData()), heat_on)
            if self.table.model() is not self.model:
                self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 360))
        for col in range(1, self.table.model().columnCount()):
            self.table.setColumnWidth(col, 96 if not co else 64)
        if co and self.cooccurrence is not None:
            n = len(self.cooccurrence.codes)
            self.status.setText(f"{n} codes; a cell counts the segments coded with both.")
        elif self.matrix is not None:
            m = self.matrix
            self.status.setText(
                f"{len(m.rows)} codes × {len(m.columns)} {m.by_label} value(s), "
                f"{m.total_documents} documents. Click a cell to read its passages."
            )

    # --- cells ----------------------------------------------------------------------------
    def cell_index(self, code: str, column: str | None) -> QModelIndex:
        """The table index of a cell (code path or UUID; column label or key, None: All)."""
        model = self.table.model()
        for r in range(model.rowCount()):
            for c in range(1, model.columnCount()):
                index = model.index(r, c)
                cell = index.data(CELL_ROLE)
                if cell is None:
                    continue
                path = index.siblingAtColumn(0).data(Qt.ItemDataRole.ToolTipRole)
                if code not in (cell[0], path):
                    continue
                header = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                tip = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
                if column is None and cell[1] is None and self.mode.currentData() == "matrix":
                    return index
                if column is not None and (
                    column in (cell[1], header, tip) or header.startswith(f"{column} (")
                ):
                    return index
        return QModelIndex()

    def _cell_clicked(self, index: QModelIndex) -> None:
        cell = index.data(CELL_ROLE)
        if cell is None or self.project is None:
            return
        self.open_cell(*cell)

    def open_cell(self, code: str, column: str | None) -> None:
        """Show the quotes of a cell in the pane below."""
        assert self.project is not None
        started = time.perf_counter()
        if self.mode.currentData() == "cooccurrence":
            assert column is not None
            spec = self.spec()
            found = cooccurrence_quotes(
                self.project,
                code,
                column,
                include_subcodes=spec.include_subcodes and spec.top_level,
                where=spec.where,
            )
            names = (
                {c.code_uuid: c.path for c in self.cooccurrence.codes} if self.cooccurrence else {}
            )
            title = f"{names.get(code, code)} + {names.get(column, column)}"
        else:
            found = cell_quotes(self.project, self.spec(), code, column)
            m = self.matrix
            row = next((r.path for r in m.rows if r.code_uuid == code), code) if m else code
            label = next((c.label for c in m.columns if c.key == column), column) if m else column
            title = f"{row} × {label if column is not None else 'all documents'}"
        self._cell = (code, column)
        self.quotes.show_quotes(title, found)
        self.timings["cell"] = time.perf_counter() - started
        self.cell_opened.emit(title, found)

    def use_selected_quote(self) -> None:
        """Quote the selected passage for the open cell in the framework export."""
        quote = self.quotes.current_quote()
        if quote is None or self._cell is None or self._cell[1] is None or not quote.coding_uuid:
            return
        self.chosen[(self._cell[0], self._cell[1])] = quote.coding_uuid
        self.status.setText("This quote will stand for the cell in the framework export.")

    # --- export ---------------------------------------------------------------------------
    def choose_export(self) -> None:
        if self.project is None:
            return
        self.pseudonyms.follow(self.project)
        suggested = self.project.path.with_name(f"{self.project.path.stem} matrix.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the matrix", str(suggested), EXPORT_FILTERS
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        from qcode.analysis.matrix_writers import export_matrix

        project, spec, chosen = self.project, self.spec(), self.chosen
        if project is None:
            return None
        if not path.suffix:
            path = path.with_suffix(".xlsx")
        try:
            written = export_checked(
                self.pseudonyms,
                lambda privacy: export_matrix(project, spec, path, chosen=chosen, privacy=privacy),
            )
        except QcodeError as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(f"Saved {written}{self.pseudonyms.said()}")
        return written


def build(window: Any) -> MatrixView:
    return MatrixView(window)
