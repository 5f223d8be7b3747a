"""The quotes pane: whole passages, filters, the turns around one, jump, export a selection."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.retrieval import QuoteFilter, filter_choices, filter_quotes, passage_context
from qcode.coding import Quote
from qcode.documents import KIND_LABELS
from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.models.quotes import PASSAGE_ROLE, QuotesModel
from qcode.ui.pseudonyms_box import PseudonymsBox, export_checked

EXPORT_FILTERS = "Word document (*.docx);;PDF (*.pdf);;Excel workbook (*.xlsx);;CSV (*.csv)"
#: A passage taller than this many lines is cut in the table (the context shows it whole).
MAX_ROW_LINES = 8
ANY = ""


def _combo(tip: str, first: str) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(tip)
    combo.addItem(first, ANY)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace a filter's choices (after its "any" entry), keeping the current one if present."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


class QuotesPane(QWidget):
    """The quotes of the selected code (or of a matrix cell); clicking one opens its passage."""

    passage_activated = Signal(str, int, int)
    exported = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        project: Callable[[], Project | None] | None = None,
        pseudonyms: PseudonymsBox | None = None,
    ) -> None:
        """`pseudonyms`: the "Apply pseudonyms" box of the view holding the pane, if it has one
        (else the pane shows its own beside its export button)."""
        super().__init__(parent)
        self._project = project or (lambda: None)
        self._quotes: list[Quote] = []
        self._title = ""
        self._choices = filter_choices([])
        self.model = QuotesModel(self)
        self.title = QLabel("Select a code to see its quotes.")
        self.title.setTextFormat(Qt.TextFormat.RichText)

        self.attribute = _combo("Only documents with this attribute…", "Any attribute")
        self.value = _combo("…and this value", "any value")
        self.kind = _combo("Only this source kind", "Any kind")
        self.coder = _combo("Only this coder's quotes", "Any coder")
        self.memo = QLineEdit(placeholderText="Memo contains…", clearButtonEnabled=True)
        self.memo.setToolTip("Only quotes whose coding memo contains these words")
        self.words = QLineEdit(placeholderText="Quote contains…", clearButtonEnabled=True)
        for combo in (self.attribute, self.value, self.kind, self.coder):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.attribute.currentIndexChanged.connect(self._attribute_changed)
        self.memo.textChanged.connect(self._filter_changed)
        self.words.textChanged.connect(self._filter_changed)

        self.go = QPushButton("&Go to passage")
        self.go.setToolTip("Show the selected quote in its document (Enter)")
        self.go.clicked.connect(self.go_to_current)
        self.context_button = QPushButton("Co&ntext")
        self.context_button.setCheckable(True)
        self.context_button.setToolTip("Show the selected quote within its turn or paragraph")
        self.context_button.toggled.connect(self._toggle_context)
        self.around = QSpinBox()
        self.around.setRange(0, 5)
        self.around.setPrefix("± ")
        self.around.setSuffix(" turns")
        self.around.setToolTip("How many turns or paragraphs around the passage to show")
        self.around.valueChanged.connect(self._show_context)
        self.export_button = QPushButton("E&xport selection…")
        self.export_button.setToolTip(
            "Write the selected quotes (or all shown, if none is selected) as a bundle"
        )
        self.export_button.clicked.connect(self.choose_export)
        self.pseudonyms = pseudonyms or PseudonymsBox()

        self.view = QTableView()
        self.view.setAccessibleName("Quotes")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.rowsInserted.connect(self._fit_rows)
        self.model.modelReset.connect(self._fit_rows)

        self.context = QTextBrowser()
        self.context.setAccessibleName("Quote in context")
        self.context.setOpenLinks(False)
        self.context.hide()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.view)
        self.split.addWidget(self.context)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for widget in (self.context_button, self.around, self.go, self.export_button):
            top.addWidget(widget)
        if pseudonyms is None:
            top.addWidget(self.pseudonyms)
        filters = QHBoxLayout()
        keep = QLabel("&Keep:")
        keep.setBuddy(self.attribute)
        keep.setToolTip("Filter the quotes; Tab moves on to the next filter")
        filters.addWidget(keep)
        for widget in (self.attribute, self.value, self.kind, self.coder):
            filters.addWidget(widget)
        filters.addWidget(self.memo, 1)
        filters.addWidget(self.words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.split, 1)
        self.around.setVisible(False)
        self._enable()

    # --- content --------------------------------------------------------------------------
    def show_quotes(self, title: str, quotes: list[Quote]) -> None:
        """Show these quotes (the filters keep their choices where the values still exist)."""
        self._title = title
        self._quotes = list(quotes)
        self.pseudonyms.follow(self._project())
        choices = filter_choices(self._quotes)
        self._choices = choices
        _refill(self.attribute, [(k, k) for k in choices.attributes])
        self._attribute_changed()
        _refill(self.kind, [(KIND_LABELS.get(k, k), k) for k in choices.kinds])
        _refill(self.coder, [(c, c) for c in choices.coders])
        self._apply()
        for col, width in ((0, 160), (1, 110), (2, 110), (3, 40)):
            self.view.setColumnWidth(col, width)

    def clear(self) -> None:
        self._quotes = []
        self._title = ""
        self.title.setText("Select a code to see its quotes.")
        self.model.load([])
        self.context.clear()
        self._enable()

    def current_filter(self) -> QuoteFilter:
        attribute, value = str(self.attribute.currentData()), str(self.value.currentData())
        return QuoteFilter(
            attributes=((attribute, value),) if attribute and value else (),
            kinds=(str(self.kind.currentData()),) if self.kind.currentData() else (),
            coders=(str(self.coder.currentData()),) if self.coder.currentData() else (),
            memo=self.memo.text().strip(),
            text=self.words.text().strip(),
        )

    def _attribute_changed(self, *_: object) -> None:
        key = str(self.attribute.currentData())
        values = self._choices.attributes.get(key, []) if key else []
        _refill(self.value, [(v, v) for v in values])
        self.value.setEnabled(bool(key))

    def _filter_changed(self, *_: object) -> None:
        if self._title or self._quotes:
            self._apply()

    def _apply(self) -> None:
        keep = self.current_filter()
        shown = filter_quotes(self._quotes, keep)
        n = len(shown)
        documents = len({q.document_uuid for q in shown})
        text = (
            f"<b>{escape(self._title)}</b> — {n} quote{'s' if n != 1 else ''} in {documents} "
            f"document{'s' if documents != 1 else ''}"
        )
        if keep:
            text += f" (filtered from {len(self._quotes)})"
        self.title.setText(text)
        self.model.load(shown)
        self.context.clear()
        self._enable()

    def _enable(self) -> None:
        has = self.model.rowCount() > 0
        for widget in (self.go, self.export_button):
            widget.setEnabled(has)

    def _fit_rows(self, *args: object) -> None:
        """Rows as tall as their passage, up to MAX_ROW_LINES lines."""
        first, last = (0, self.model.rowCount() - 1) if len(args) < 3 else args[1:3]
        line = self.view.fontMetrics().lineSpacing()
        cap = line * MAX_ROW_LINES + 8
        for row in range(int(str(first)), int(str(last)) + 1):
            self.view.resizeRowToContents(row)
            if self.view.rowHeight(row) > cap:
                self.view.setRowHeight(row, cap)

    # --- selection, context, jumping ------------------------------------------------------
    def selected_quotes(self) -> list[Quote]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.quote(r) for r in rows]

    def current_quote(self) -> Quote | None:
        index = self.view.currentIndex()
        return self.model.quote(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 4)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _clicked(self, index: QModelIndex) -> None:
        passage = index.data(PASSAGE_ROLE)
        if passage:
            self.passage_activated.emit(*passage)

    def go_to_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 4)
        if index.isValid():
            self._clicked(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.context.isVisible():
            self._show_context()

    def _toggle_context(self, on: bool) -> None:
        self.context.setVisible(on)
        self.around.setVisible(on)
        if on:
            self._show_context()
        QTimer.singleShot(0, self._fit_rows)  # the quote column changed width

    def _show_context(self, *_: object) -> None:
        quote = self.current_quote()
        project = self._project()
        if quote is None or project is None:
            self.context.setHtml("<i>Select a quote to read it in its turn.</i>")
            return
        try:
            ctx = passage_context(
                project, quote.document_uuid, quote.start, quote.end, around=self.around.value()
            )
        except QcodeError as exc:
            self.context.setPlainText(str(exc))
            return
        paras = (
            f"¶{ctx.first_paragraph}"
            if ctx.first_paragraph == ctx.last_paragraph
            else f"¶{ctx.first_paragraph}–{ctx.last_paragraph}"
        )

        def html(text: str) -> str:
            return escape(text).replace("\n", "<br>")

        self.context.setHtml(
            f"<p style='color:#666'>{escape(ctx.document_name)}, {paras}</p>"
            f"<p>{html(ctx.before)}<span style='background:#FFE9A8'><b>{html(ctx.passage)}</b>"
            f"</span>{html(ctx.after)}</p>"
        )

    # --- export ---------------------------------------------------------------------------
    def choose_export(self) -> None:
        project = self._project()
        if project is None:
            return
        self.pseudonyms.follow(project)
        suggested = project.path.with_name(f"{project.path.stem} quotes.docx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the selected quotes", str(suggested), EXPORT_FILTERS
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        """Write the selected quotes (all shown if none is selected) to `path`; with "Apply
        pseudonyms" ticked, pseudonymised and read back (a name still shown is asked about)."""
        from qcode.analysis.retrieval import export_quotes

        project = self._project()
        if project is None:
            return None
        if not path.suffix:
            path = path.with_suffix(".docx")
        chosen = self.selected_quotes() or self.model.quotes()
        try:
            written = export_checked(
                self.pseudonyms,
                lambda privacy: export_quotes(
                    project, chosen, path, title=self._title, privacy=privacy
                ),
            )
        except QcodeError as exc:
            self.title.setText(f"<span style='color:#B00020'>{escape(str(exc))}</span>")
            return None
        n = len(chosen)
        self.title.setText(
            f"Exported {n} quote{'s' if n != 1 else ''} to {escape(written.name)}"
            f"{self.pseudonyms.said()}."
        )
        self.exported.emit(written)
        return written
