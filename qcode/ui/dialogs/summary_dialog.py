"""The theme summary: codes × kinds (or an attribute), a chart; a count opens its passages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.dialogs.chart import StackedBarChart
from qcode.ui.dialogs.common import MessageLine, TaskDialog, attribute_values, tab_along
from qcode.ui.dialogs.tables import Getter, RecordTableModel, table_view
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, separate_project
from qcode.ui.quotes_pane import QuotesPane

MEASURES = {
    "quotes": "Quotes",
    "documents": "Documents",
    "share": "Share of documents",
}
EXPORT_FILTERS = "Word document (*.docx);;PDF (*.pdf);;Excel workbook (*.xlsx)"
STATUS_LABELS = {"none": "No evidence", "little": "Little evidence", "enough": "Enough"}


class SummaryDialog(TaskDialog):
    """Counts per code and source kind or attribute; `ready` each time they are shown. A
    count (or a co-occurring pair) shows its quotes below; a quote opens its passage in the
    parent window (`passage_activated`)."""

    ready = Signal()
    exported = Signal(object)
    passage_activated = Signal(str, int, int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.summary: Any = None
        self._pending: tuple[str, Any] | None = None
        self._current = "summary"
        self.setWindowTitle("Theme summary")
        self.resize(940, 660)

        self.by = QComboBox()
        self.by.addItem("Source kind", "kind")
        for key in attribute_values(project):
            self.by.addItem(key, key)
        self.measure = QComboBox()
        for key, label in MEASURES.items():
            self.measure.addItem(label, key)
        self.pseudonymise = QCheckBox("Apply &pseudonyms")
        self.top_only = QCheckBox("Themes onl&y")
        self.top_only.setToolTip("Show only the top-level themes (their counts include sub-codes)")
        by_label = QLabel("&By:")
        by_label.setBuddy(self.by)
        measure_label = QLabel("&Show:")
        measure_label.setBuddy(self.measure)
        controls = QHBoxLayout()
        for widget in (by_label, self.by, measure_label, self.measure):
            controls.addWidget(widget)
        controls.addWidget(self.top_only)
        controls.addWidget(self.pseudonymise)
        controls.addStretch(1)

        self.table = RecordTableModel(parent=self)
        self.table.emphasis = lambda r: r.depth == 0
        self.table_view = table_view(self.table)
        self.chart = StackedBarChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        self.cooccurrence = RecordTableModel(
            [],
            [
                ("Code", lambda r: r.code_a),
                ("With code", lambda r: r.code_b),
                ("Segments", lambda r: r.segments),
                ("Documents", lambda r: r.documents),
            ],
            self,
        )
        self.cooccurrence_view = table_view(self.cooccurrence)
        pairs_header = self.cooccurrence_view.horizontalHeader()
        for col, mode in enumerate(
            (QHeaderView.ResizeMode.Stretch,) * 2 + (QHeaderView.ResizeMode.ResizeToContents,) * 2
        ):
            pairs_header.setSectionResizeMode(col, mode)
        self.cooccurrence_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for view in (self.table_view, self.cooccurrence_view):
            view.clicked.connect(self._open_cell)
            view.activated.connect(self._open_cell)
        self.tor = RecordTableModel(
            [],
            [
                ("Item", lambda r: r.item),
                ("Evidence", lambda r: STATUS_LABELS.get(r.status, r.status)),
                ("Quotes", lambda r: r.quotes),
                ("Documents", lambda r: r.documents),
                ("Codes", lambda r: r.codes),
            ],
            self,
        )
        self.tor_view = table_view(self.tor)
        self.tor_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table_view, "Tab&le")
        self.tabs.addTab(chart_scroll, "C&hart")
        self.tabs.addTab(self.cooccurrence_view, "&Co-occurrence")
        self.tabs.addTab(self.tor_view, "Terms of &reference")
        self.totals = QLabel()
        self.quotes = QuotesPane(project=lambda: self.project)
        self.quotes.title.setText("Click a count or a pair to read its passages.")
        self.quotes.passage_activated.connect(self.passage_activated)
        if parent is not None and hasattr(parent, "show_passage"):
            self.passage_activated.connect(parent.show_passage)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.quotes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.task = self._task_panel(self._on_done, self._on_failed)
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.choose_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        tab_along(self.buttons)

        self.by.currentIndexChanged.connect(self.refresh)
        self.pseudonymise.toggled.connect(self.refresh)
        self.measure.currentIndexChanged.connect(self._show)
        self.top_only.toggled.connect(self._show)
        self.refresh()

    # --- computing ------------------------------------------------------------------------
    def by_key(self) -> str:
        return str(self.by.currentData())

    def set_by(self, key: str) -> None:
        self.by.setCurrentIndex(self.by.findData(key))

    def set_measure(self, key: str) -> None:
        self.measure.setCurrentIndex(self.measure.findData(key))

    def _start(self, kind: str, job: Any, label: str) -> None:
        if self.task.busy:  # one job at a time: run the latest request next
            self._pending = (kind, job)
            return
        self._current = kind
        self.export_button.setEnabled(False)
        self.task.run(job, label, cancellable=False, abandonable=kind == "summary")

    def refresh(self) -> None:
        """Recompute the summary (in the background) for the current choices."""
        from qcode.export.summary import theme_summary

        project, by, pseudo = self.project, self.by_key(), self.pseudonymise.isChecked()

        def job(progress: ProgressFn, cancel: CancelFn) -> Any:
            with separate_project(project) as background:
                return theme_summary(background, by, pseudonymise=pseudo)

        self.message.clear_message()
        self._start("summary", job, "Counting…")

    def _next(self) -> bool:
        if self._pending is None:
            return False
        kind, job = self._pending
        self._pending = None
        self._start(kind, job, "Counting…" if kind == "summary" else "Exporting…")
        return True

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        if self._next():
            return
        self.message.error(message)

    def _on_done(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        if self._next():
            return
        if self._current == "export":
            self.message.info(f"Saved {result}")
            self.exported.emit(result)
            return
        self.summary = result
        self._show()
        self.ready.emit()

    # --- showing --------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        if self.summary is None:
            return []
        rows = self.summary.rows
        return [r for r in rows if r.depth == 0] if self.top_only.isChecked() else list(rows)

    def _cell(self, column: str) -> Getter:
        measure = str(self.measure.currentData())
        summary = self.summary
        if measure == "documents":
            return lambda r: r.documents.get(column, 0)
        if measure == "share":
            return lambda r: f"{summary.share(r, column):.0%}"
        return lambda r: r.quotes.get(column, 0)

    def _show(self) -> None:
        summary = self.summary
        if summary is None:
            return
        measure = str(self.measure.currentData())
        columns: list[tuple[str, Getter]] = [
            ("Code", lambda r: "    " * r.depth + r.name),
            ("ToR", lambda r: r.tor_item),
        ]
        for col in summary.columns:
            n = summary.column_documents.get(col, 0)
            columns.append((f"{col} ({n})", self._cell(col)))
        if measure == "quotes":
            columns.append(("Total", lambda r: r.total_quotes))
        elif measure == "documents":
            columns.append(("Total", lambda r: r.total_documents))
        rows = self.rows()
        self.table.set_records(rows, columns)
        self.table_view.resizeColumnsToContents()
        themes = [r for r in summary.rows if r.depth == 0]
        key = "documents" if measure == "documents" else "quotes"
        self.chart.set_data(
            [r.name for r in themes],
            summary.columns,
            [[getattr(r, key).get(c, 0) for c in summary.columns] for r in themes],
        )
        self.cooccurrence.set_records(summary.cooccurrence)
        self.tor.set_records(summary.tor)
        self.tor_view.resizeColumnsToContents()
        thin = len(summary.thin)
        self.totals.setText(
            f"{summary.total_documents} documents by {summary.by_label}; "
            f"{thin} terms-of-reference item(s) with little or no evidence."
        )

    # --- opening a count's passages -------------------------------------------------------
    def _open_cell(self, index: QModelIndex) -> None:
        if self.summary is None or not index.isValid():
            return
        if index.model() is self.cooccurrence:
            pair = self.cooccurrence.record(index.row())
            self.open_pair(pair.code_a, pair.code_b)
            return
        columns = self.summary.columns
        col = index.column() - 2  # Code, ToR, then one column per kind or value, then Total
        if col < 0 or col > len(columns):
            return
        row = self.table.record(index.row())
        self.open_cell(row.code_uuid, columns[col] if col < len(columns) else None)

    def open_cell(self, code_uuid: str, column: str | None) -> None:
        """Show the quotes counted in one cell (None: the code's total) below the table."""
        from qcode.analysis.matrix import MatrixSpec, cell_quotes

        if self.pseudonymise.isChecked():
            self.message.info("Untick Apply pseudonyms to open a count's passages.")
            return
        path = next((r.path for r in self.summary.rows if r.code_uuid == code_uuid), code_uuid)
        try:
            found = cell_quotes(self.project, MatrixSpec(by=self.by_key()), code_uuid, column)
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        self.quotes.show_quotes(f"{path} × {column or 'all documents'}", found)

    def open_pair(self, code_a: str, code_b: str) -> None:
        """Show the segments coded with both codes of a co-occurring pair."""
        from qcode.analysis.cooccurrence import cooccurrence_quotes

        if self.pseudonymise.isChecked():
            self.message.info("Untick Apply pseudonyms to open a pair's passages.")
            return
        try:
            found = cooccurrence_quotes(self.project, code_a, code_b)
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        self.quotes.show_quotes(f"{code_a} + {code_b}", found)

    # --- exporting ------------------------------------------------------------------------
    def choose_export(self) -> None:
        suggested = self.project.path.with_name(f"{self.project.path.stem} summary.docx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export theme summary", str(suggested), EXPORT_FILTERS
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the summary for the current choices to `path` (.docx, .pdf or .xlsx)."""
        from qcode.export.summary import export_summary

        if not path.suffix:
            path = path.with_suffix(".docx")
        if path.suffix.lower() not in (".docx", ".pdf", ".xlsx"):
            self.message.error(f"{path.name}: save the summary as .docx, .pdf or .xlsx")
            return
        project, by, pseudo = self.project, self.by_key(), self.pseudonymise.isChecked()

        def job(progress: ProgressFn, cancel: CancelFn) -> Path:
            with separate_project(project) as background:
                return export_summary(background, path, by, pseudonymise=pseudo)

        self.message.clear_message()
        self._start("export", job, "Exporting…")
