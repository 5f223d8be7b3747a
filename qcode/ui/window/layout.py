"""The main window's panes and docks: built and wired, Tab order, first sizes, saved layout."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from qcode import settings
from qcode.ui import first_run, speakers_view
from qcode.ui.find_bar import FindBar
from qcode.ui.panes import CodebookPane, DocumentsPane
from qcode.ui.quotes_pane import QuotesPane
from qcode.ui.search_pane import SearchPane
from qcode.ui.start_page import StartPage
from qcode.ui.viewer import TextView

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

LAYOUT_VERSION = 1


def window_settings() -> QSettings:
    """Window layout, kept beside qcode's own settings (so tests never touch the user's)."""
    return QSettings(str(settings.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def build_panes(w: MainWindow) -> None:
    """The start page, the text with its title and find bar, the docked panes; all wired."""
    _build_centre(w)
    _build_docks(w)
    _connect(w)
    _tab_order(w)
    w.quotes.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it


def _build_centre(w: MainWindow) -> None:
    """The start page, or the open document's title line, its text and the find bar."""
    w.viewer = TextView()
    w.doc_title = QLabel("No document open")
    w.doc_title.setTextFormat(Qt.TextFormat.RichText)
    w.doc_title.setContentsMargins(8, 4, 8, 2)
    # a long attribute line must never widen the window or squeeze the side panes
    w.doc_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(w.doc_title)
    layout.addWidget(w.viewer)
    w.find_bar = FindBar(w.viewer)
    layout.addWidget(w.find_bar)
    w.start_page = StartPage()
    w.start_page.new_requested.connect(lambda: first_run.new_inspection(w))
    w.start_page.open_requested.connect(w.choose_project)
    w.start_page.demo_requested.connect(lambda: first_run.open_demo(w))
    w.start_page.recent_chosen.connect(w.open_project)
    w.pages = QStackedWidget()
    w.pages.addWidget(w.start_page)
    w.pages.addWidget(central)
    w.setCentralWidget(w.pages)
    size = settings.get("text_size")
    if isinstance(size, int | float) and not isinstance(size, bool):
        w.viewer.set_text_size(size)
    w.viewer.text_size_changed.connect(lambda points: settings.put("text_size", points))


def _build_docks(w: MainWindow) -> None:
    """Documents on the left, codebook (and speakers) on the right, quotes and search below."""
    w.documents = DocumentsPane()
    w.codebook = CodebookPane()
    w.quotes = QuotesPane(project=lambda: w.project)
    w.search = SearchPane()
    w.history = QUndoView(w.undo_stack)
    w.history.setEmptyLabel("Project opened")
    area = Qt.DockWidgetArea
    w.docks = {
        "documents": add_dock(w, "Documents", w.documents, area.LeftDockWidgetArea),
        "codebook": add_dock(w, "Codebook", w.codebook, area.RightDockWidgetArea),
        "quotes": add_dock(w, "Quotes", w.quotes, area.BottomDockWidgetArea),
        "search": add_dock(w, "Search", w.search, area.BottomDockWidgetArea),
        "history": add_dock(w, "Undo history", w.history, area.RightDockWidgetArea),
    }
    # the codebook runs the full height (more codes on a 720-pixel screen); the quotes
    # and search pane sits under the documents and the text
    w.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    w.tabifyDockWidget(w.docks["quotes"], w.docks["search"])
    w.docks["quotes"].raise_()
    w.docks["history"].hide()
    w.speakers_view = speakers_view.install(w)
    w.documents.setMinimumWidth(200)
    w.codebook.setMinimumWidth(230)


def _connect(w: MainWindow) -> None:
    """What the panes and the viewer ask for goes to the window and its gestures."""
    gestures = w.gestures
    w.documents.document_activated.connect(w.open_document)
    w.codebook.code_selected.connect(w.show_quotes)
    w.codebook.view.clicked.connect(w.navigator.code_clicked)
    w.codebook.model.passage_dropped.connect(gestures.code_passage)
    w.codebook.model.move_requested.connect(gestures.move_code)
    w.quotes.passage_activated.connect(w.show_passage)
    w.search.passage_activated.connect(w.show_passage)
    w.search.code_all_requested.connect(gestures.code_all_hits)
    viewer = w.viewer
    viewer.remove_requested.connect(gestures.remove)
    viewer.recode_requested.connect(gestures.recode)
    viewer.resize_requested.connect(gestures.resize)
    viewer.extend_requested.connect(gestures.extend)
    viewer.memo_requested.connect(gestures.memo)
    viewer.in_vivo_requested.connect(gestures.in_vivo)
    viewer.favourite_pressed.connect(gestures.favourite)
    viewer.armed_changed.connect(w.codebook.set_armed)


def _tab_order(w: MainWindow) -> None:
    """Tab goes round the panes as they read: documents, text, codebook, quotes, search."""
    d, c, s = w.documents, w.codebook, w.search
    chain = [d.search, d.attribute, d.value, d.view, w.viewer, c.filter, c.view]
    chain += [w.quotes.view, s.query, s.kind, s.code_filter, s.go, s.view]
    chain += [s.previous, s.next, s.unit, s.target, s.code_all]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)


def add_dock(w: MainWindow, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
    """A dockable pane, named after its title so that the saved layout finds it again."""
    dock = QDockWidget(title, w)
    dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
    dock.setWidget(widget)
    w.addDockWidget(area, dock)
    return dock


def size_side_panes(w: MainWindow) -> None:
    """First show without a remembered layout: give the side panes room for names."""
    width, height = max(900, w.width()), max(600, w.height())
    docks = [w.docks["documents"], w.docks["codebook"]]
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    w.resizeDocks(docks, [width * 20 // 100, width * 26 // 100], horizontal)
    w.resizeDocks([w.docks["quotes"]], [height * 28 // 100], vertical)


def restore_layout(w: MainWindow) -> None:
    """The window's size, place and docks as they were when it last closed."""
    store = window_settings()
    geometry = store.value("geometry")
    state = store.value("state")
    if geometry is not None:
        w.restoreGeometry(geometry)
    if state is not None:
        w.restoreState(state, LAYOUT_VERSION)


def save_layout(w: MainWindow) -> None:
    store = window_settings()
    store.setValue("geometry", w.saveGeometry())
    store.setValue("state", w.saveState(LAYOUT_VERSION))
    store.sync()
