"""The search pane: a query with kind and code filters, KWIC results, and "Code all hits"."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.codebook.tree import CodeInfo
from qcode.documents import KIND_LABELS, KINDS
from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.common_views import IndentedCombo
from qcode.ui.icons import icon
from qcode.ui.models.quotes import PASSAGE_ROLE, SearchModel

UNITS = (("hit", "the words found"), ("sentence", "their sentences"), ("segment", "their turns"))
PAGE_SIZE = 200


def search_available() -> bool:
    """Whether the search service (`qcode.search.engine.search`, `qcode.search.autocode.autocode`)
    is in this build."""
    try:
        if importlib.util.find_spec("qcode.search") is None:
            return False
        search = getattr(importlib.import_module("qcode.search.engine"), "search", None)
        autocode = getattr(importlib.import_module("qcode.search.autocode"), "autocode", None)
    except (ImportError, ValueError):
        return False
    return callable(search) and callable(autocode)


class IndexingStopped(QcodeError):
    """The search index was being built for a project that has been closed."""


class LeftElided(QStyledItemDelegate):
    """The words before a hit: cut on the left, so the words next to the hit stay visible."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class SearchPane(QWidget):
    """Runs `qcode.search.search`; "Code all hits" asks the window to push an undo command."""

    passage_activated = Signal(str, int, int)
    #: query, code uuid, unit, filters (dict) — the window runs the Autocode command.
    code_all_requested = Signal(str, str, str, object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.model = SearchModel(self)
        self.query = QLineEdit(placeholderText='Search: words, "a phrase", AND, OR, assess*')
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.kind = QComboBox()
        self.kind.setToolTip("Only this kind of source (the search runs again)")
        self.kind.addItem("All sources", "")
        for kind in KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.code_filter = IndentedCombo()
        self.code_filter.setToolTip("Only passages coded with this code (the search runs again)")
        # the hits shown are always those of the filters shown: a filter change searches again
        self.kind.currentIndexChanged.connect(self._filters_changed)
        self.code_filter.currentIndexChanged.connect(self._filters_changed)
        self.go = QPushButton(icon("search"), "Search")
        self.go.setAutoDefault(False)
        self.go.clicked.connect(self.run)
        top = QHBoxLayout()
        top.addWidget(self.query, 3)
        top.addWidget(self.kind, 1)
        top.addWidget(self.code_filter, 1)
        top.addWidget(self.go)
        self.summary = QLabel("")
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.view.setItemDelegateForColumn(3, LeftElided(self.view))
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.target = IndentedCombo()
        self.target.setToolTip("The code to give every hit (type its name to choose it)")
        self.unit = QComboBox()
        for unit, label in UNITS:
            self.unit.addItem(label, unit)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.indexing = False
        self._worker: Any = None
        self._generation = 0
        self.code_all = QPushButton(icon("code"), "Code &all hits")
        self.code_all.setAutoDefault(False)
        self.code_all.setEnabled(False)
        self.code_all.clicked.connect(self._code_all)
        self.previous = QPushButton("◀")
        self.previous.setToolTip("Previous page of hits")
        self.next = QPushButton("▶")
        self.next.setToolTip("Next page of hits")
        for button, step in ((self.previous, -1), (self.next, 1)):
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.setMaximumWidth(36)
            button.clicked.connect(lambda _=False, step=step: self.show_page(self.page + step))
        self.page = 1
        self.pages = 1
        self.total = 0
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous)
        bottom.addWidget(self.next)
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        unit_label = QLabel("C&ode")
        unit_label.setBuddy(self.unit)
        bottom.addWidget(unit_label)
        bottom.addWidget(self.unit)
        target_label = QLabel("a&s")
        target_label.setBuddy(self.target)
        bottom.addWidget(target_label)
        bottom.addWidget(self.target, 1)
        bottom.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addLayout(bottom)
        #: The query and filters of the hits on screen: "Code all hits" codes exactly those.
        self._last_query = ""
        self._last_filters: dict[str, Any] = {}
        self.check_available()

    def check_available(self) -> bool:
        ok = search_available()
        self.setEnabled(ok)
        self.setToolTip("" if ok else "Search is not available in this build yet.")
        return ok

    def set_project(self, project: Project | None) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._generation += 1
            self._index_done()
        if self.project is not None and project is not self.project and search_available():
            from qcode.search import close_index

            close_index(self.project)
        self.project = project
        self.model.load([])
        self.summary.setText("")
        self._last_query = ""
        self._last_filters = {}
        self.total = 0
        self._enable_buttons()
        if self.check_available() and project is not None:
            self.prepare_index()

    def prepare_index(self) -> None:
        """Build or update the search index off the GUI thread (the first time takes a while)."""
        project = self.project
        if project is None or self.indexing:
            return
        if project.change_counter() == 0:  # no document was ever added: nothing to index
            self.summary.setText("Import documents to search them.")
            return
        from qcode.search import ensure_index
        from qcode.ui.dialogs.workers import separate_project, start

        def job(progress: Any, cancel: Any) -> Any:
            def report(done: int, total: int, label: str = "") -> None:
                if cancel():  # the project was closed: stop at the next step
                    raise IndexingStopped("indexing stopped")
                progress(done, total, label)

            with separate_project(project) as background:
                return ensure_index(background, progress=report)

        self.indexing = True
        self.go.setEnabled(False)
        self.summary.setText("Preparing the search index…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._generation += 1
        mine = self._generation

        def current() -> bool:  # answers of a job for a closed project are ignored
            return shiboken6.isValid(self) and self._generation == mine

        self._worker = start(
            job,
            lambda status: self._indexed(status) if current() else None,
            lambda message: self._index_failed(message) if current() else None,
            lambda done, total, label: (
                self._index_progress(done, total, label) if current() else None
            ),
        )

    def _index_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setToolTip(label)

    def _indexed(self, _status: object) -> None:
        self._index_done()
        self.summary.setText("Ready to search.")
        if self.query.text().strip():
            self.run()

    def _index_failed(self, message: str) -> None:
        self._index_done()
        self.summary.setText(f"<span style='color:#B00020'>Search index: {message}</span>")

    def _index_done(self) -> None:
        self.indexing = False
        self._worker = None
        self.progress.hide()
        self.go.setEnabled(True)

    def set_codes(self, codes: list[CodeInfo]) -> None:
        for combo, blank in ((self.code_filter, "Any coding"), (self.target, "Choose a code…")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if blank:
                combo.addItem(blank, "")
            for code in codes:
                combo.add_code(code.name, code.uuid, code.depth, code.path)
            found = combo.findData(current)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)
        shown_code = self.code_filter.currentData() or None
        if self._last_query and shown_code != self._last_filters.get("code"):
            self.run()  # the filtering code was deleted: the hits shown must match the filters

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if kind := self.kind.currentData():
            out["kinds"] = [kind]
        if code := self.code_filter.currentData():
            out["code"] = code
        return out

    def _filters_changed(self, *_: object) -> None:
        if self._last_query:
            self.run()

    def run(self) -> None:
        """Search now (on the GUI thread: the index answers in milliseconds), first page."""
        self.show_page(1, self.query.text().strip())

    def show_page(self, page: int, text: str | None = None) -> None:
        """Show one page of the hits of `text` (default: the query on screen now)."""
        if self.project is None or self.indexing or not self.check_available():
            return
        text = self._last_query if text is None else text
        if not text:
            return
        from qcode.search import search

        filters = self.filters()
        try:
            results = search(self.project, text, page=max(1, page), page_size=PAGE_SIZE, **filters)
        except QcodeError as exc:
            self.summary.setText(f"<span style='color:#B00020'>{exc}</span>")
            self.model.load([])
            self._last_query, self._last_filters, self.total = "", {}, 0
            self._enable_buttons()
            return
        self._last_query, self._last_filters = text, filters
        self.page, self.pages, self.total = results.page, results.pages, results.total
        self.model.load(results.hits)
        for col, width in ((0, 150), (1, 100), (2, 40), (3, 260), (4, 110)):
            self.view.setColumnWidth(col, width)
        documents = len(results.per_document)
        first = (results.page - 1) * PAGE_SIZE
        shown = (
            f" (hits {first + 1}–{first + len(results.hits)} shown)"
            if results.total > len(results.hits)
            else ""
        )
        self.summary.setText(
            f"{results.total} hit{'s' if results.total != 1 else ''} in {documents} "
            f"document{'s' if documents != 1 else ''}{shown}"
        )
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        self.code_all.setEnabled(bool(self._last_query) and self.total > 0)
        self.previous.setEnabled(bool(self._last_query) and self.page > 1)
        self.next.setEnabled(bool(self._last_query) and self.page < self.pages)

    def choose_target(self, code_uuid: str) -> None:
        """Follow the code selected in the codebook."""
        found = self.target.findData(code_uuid)
        if found >= 0:
            self.target.setCurrentIndex(found)

    def _code_all(self) -> None:
        code = self.target.currentData()
        if not code:
            self.summary.setText("Choose the code to give every hit, then Code all hits.")
            return
        if self._last_query:
            self.code_all_requested.emit(
                self._last_query, code, self.unit.currentData(), dict(self._last_filters)
            )

    def _clicked(self, index: QModelIndex) -> None:
        passage = index.data(PASSAGE_ROLE)
        if passage:
            self.passage_activated.emit(*passage)
