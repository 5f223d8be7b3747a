"""The side panes: documents (with filters), codebook (with filter); quotes: quotes_pane.py."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qcode.ui.models.codebook import UUID_ROLE as CODE_UUID
from qcode.ui.models.codebook import CodebookFilter, CodebookModel
from qcode.ui.models.documents import UUID_ROLE as DOC_UUID
from qcode.ui.models.documents import DocumentsFilter, DocumentsModel
from qcode.ui.quotes_pane import QuotesPane

__all__ = ["CodebookPane", "DocumentsPane", "QuotesPane"]

HINT_IDLE = "Select text, then click a code (or drag the text onto it)."
HINT_ARMED = "<b>Click a code to code the selected passage.</b>"


def _column(*widgets: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(4, 4, 4, 4)
    layout.setSpacing(4)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


class DocumentsPane(QWidget):
    """Documents grouped by kind; filter by name and by one attribute's value."""

    document_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(self)
        self.proxy = DocumentsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText="Find a document…", clearButtonEnabled=True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.returnPressed.connect(self.open_first)
        self.attribute = QComboBox()
        self.attribute.setToolTip("Filter documents by an attribute")
        self.value = QLineEdit(placeholderText="value", clearButtonEnabled=True)
        self.attribute.currentIndexChanged.connect(self._filter_attribute)
        self.value.textChanged.connect(self._filter_attribute)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attribute, 1)
        row.addWidget(self.value, 1)
        holder = QWidget()
        holder.setLayout(row)
        self.view = QTreeView()
        self.view.setAccessibleName("Documents")
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the tooltip has it whole
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # fit the counts of the rows in view: the default reads 1,000 rows at every count change
        header.setResizeContentsPrecision(0)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.setLayout(_column(self.search, holder, self.view))
        self._reset_attributes()

    def _reset_attributes(self) -> None:
        current = self.attribute.currentText()
        self.attribute.blockSignals(True)
        self.attribute.clear()
        self.attribute.addItem("Any attribute", "")
        for key in self.model.attribute_keys():
            self.attribute.addItem(key, key)
        found = self.attribute.findText(current)
        self.attribute.setCurrentIndex(max(0, found))
        self.attribute.blockSignals(False)

    def reload_attributes(self) -> None:
        self._reset_attributes()
        self._filter_attribute()

    def _filter_attribute(self, *_: object) -> None:
        self.proxy.set_attribute(str(self.attribute.currentData() or ""), self.value.text())
        self._expand()

    def _expand(self) -> None:
        self.view.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        uuid = index.siblingAtColumn(0).data(DOC_UUID)
        if uuid:
            self.document_activated.emit(uuid)

    def select(self, uuid: str) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(uuid))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def shown_uuids(self) -> list[str]:
        """The documents the filters leave, in the order shown."""
        out: list[str] = []
        for k in range(self.proxy.rowCount()):
            group = self.proxy.index(k, 0)
            if uuid := group.data(DOC_UUID):
                out.append(str(uuid))
            for r in range(self.proxy.rowCount(group)):
                if uuid := self.proxy.index(r, 0, group).data(DOC_UUID):
                    out.append(str(uuid))
        return out

    def open_first(self) -> None:
        """Enter in "Find a document": open the selected match, else the first one."""
        shown = self.shown_uuids()
        current = self.current_uuid()
        uuid = current if current in shown else (shown[0] if shown else "")
        if uuid:
            self.document_activated.emit(uuid)

    def current_uuid(self) -> str:
        index = self.view.currentIndex()
        return str(index.siblingAtColumn(0).data(DOC_UUID) or "")


class CodebookPane(QWidget):
    """The code tree with a filter box; drag codes to reorder or reparent them."""

    code_selected = Signal(str)
    code_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CodebookModel(self)
        self.proxy = CodebookFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter codes…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView()
        self.view.setAccessibleName("Codebook")
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the tooltip has its path
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(self._double_clicked)
        self.hint = QLabel(HINT_IDLE)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.setLayout(_column(self.filter, self.view, self.hint))

    def set_armed(self, armed: bool) -> None:
        """Say whether a click on a code will code the selected passage."""
        self.hint.setText(HINT_ARMED if armed else HINT_IDLE)
        self.hint.setEnabled(armed)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self.view.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        uuid = current.siblingAtColumn(0).data(CODE_UUID)
        if uuid:
            self.code_selected.emit(uuid)

    def _double_clicked(self, index: QModelIndex) -> None:
        uuid = index.siblingAtColumn(0).data(CODE_UUID)
        if uuid:
            self.code_activated.emit(uuid)

    def current_uuid(self) -> str:
        return str(self.view.currentIndex().siblingAtColumn(0).data(CODE_UUID) or "")

    def select(self, uuid: str) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(uuid))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def index_for(self, uuid: str) -> QModelIndex:
        """The view's (proxy) index of a code."""
        return self.proxy.mapFromSource(self.model.index_of(uuid))
