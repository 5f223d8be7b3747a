"""The main window: documents, viewer, codebook and quotes/search panes over one project."""

from __future__ import annotations

import logging
import time
import traceback
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPalette, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from qcode import settings
from qcode.codebook.tree import list_codes
from qcode.coding import quotes
from qcode.documents import KIND_LABELS, document_entries, document_text, segments
from qcode.errors import QcodeError
from qcode.integrity.guard import refuse_if_damaged
from qcode.overview import coding_counts, document_codings
from qcode.places import coding_places
from qcode.store import Project
from qcode.store.external import BUSY_MESSAGE, is_busy
from qcode.store.project import PROJECT_SUFFIX, Change
from qcode.ui import actions, first_run, speakers_view
from qcode.ui.dialogs import workers
from qcode.ui.find_bar import FindBar
from qcode.ui.gestures import Gestures
from qcode.ui.icons import icon
from qcode.ui.launch import Dialogs
from qcode.ui.panes import CodebookPane, DocumentsPane
from qcode.ui.quotes_pane import QuotesPane
from qcode.ui.search_pane import SearchPane
from qcode.ui.session import Session
from qcode.ui.start_page import StartPage
from qcode.ui.undo import Command
from qcode.ui.viewer import TextView
from qcode.ui.views.menu import install_views_menu
from qcode.ui.watcher import ProjectWatcher, RowGuard, describe_overtaken

LAYOUT_VERSION = 1

log = logging.getLogger(__name__)


def window_settings() -> QSettings:
    """Window layout, kept beside qcode's own settings (so tests never touch the user's)."""
    return QSettings(str(settings.config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """The four panes, menus and the undo stack; services do the work, views follow changes."""

    def __init__(self, coder: str | None = None) -> None:
        super().__init__()
        self.coder = coder
        self.project: Project | None = None
        self.last_error = ""
        #: Errors go to the status bar only, without a message box (tests, scripts).
        self.quiet_errors = False
        #: Opened beside another window that has the project: nothing can be changed here.
        self.read_only = False
        self._quotes_code = ""
        self.timings: dict[str, float] = {}
        self.setWindowTitle("qcode")
        self.setWindowIcon(icon("app"))
        self.resize(1400, 900)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.gestures = Gestures(self)
        self.dialogs = Dialogs(self)
        self.watcher = ProjectWatcher(self)
        self.watcher.changed_elsewhere.connect(self.external_change)
        self.row_guard = RowGuard()
        self.session = Session(self)
        self._build_panes()
        actions.build(self)
        from qcode.ui.sync_action import install as install_sync  # File › Sync with team

        install_sync(self)
        install_views_menu(self)
        self._pending: set[str] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._restore_layout()
        self._update_status()

    # --- panes ---------------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.viewer = TextView()
        self.doc_title = QLabel("No document open")
        self.doc_title.setTextFormat(Qt.TextFormat.RichText)
        self.doc_title.setContentsMargins(8, 4, 8, 2)
        # a long attribute line must never widen the window or squeeze the side panes
        self.doc_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.doc_title)
        layout.addWidget(self.viewer)
        self.find_bar = FindBar(self.viewer)
        layout.addWidget(self.find_bar)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(lambda: first_run.new_inspection(self))
        self.start_page.open_requested.connect(self.choose_project)
        self.start_page.demo_requested.connect(lambda: first_run.open_demo(self))
        self.start_page.recent_chosen.connect(self.open_project)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(central)
        self.setCentralWidget(self.pages)
        size = settings.get("text_size")
        if isinstance(size, int | float) and not isinstance(size, bool):
            self.viewer.set_text_size(size)
        self.viewer.text_size_changed.connect(lambda points: settings.put("text_size", points))
        self.documents = DocumentsPane()
        self.codebook = CodebookPane()
        self.quotes = QuotesPane(project=lambda: self.project)
        self.search = SearchPane()
        self.history = QUndoView(self.undo_stack)
        self.history.setEmptyLabel("Project opened")
        area = Qt.DockWidgetArea
        self.docks = {
            "documents": self._dock("Documents", self.documents, area.LeftDockWidgetArea),
            "codebook": self._dock("Codebook", self.codebook, area.RightDockWidgetArea),
            "quotes": self._dock("Quotes", self.quotes, area.BottomDockWidgetArea),
            "search": self._dock("Search", self.search, area.BottomDockWidgetArea),
            "history": self._dock("Undo history", self.history, area.RightDockWidgetArea),
        }
        # the codebook runs the full height (more codes on a 720-pixel screen); the quotes
        # and search pane sits under the documents and the text
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["quotes"], self.docks["search"])
        self.docks["quotes"].raise_()
        self.docks["history"].hide()
        self.speakers_view = speakers_view.install(self)
        self.documents.setMinimumWidth(200)
        self.codebook.setMinimumWidth(230)
        self._sized = False
        self.documents.document_activated.connect(self.open_document)
        self.codebook.code_selected.connect(self.show_quotes)
        self.codebook.view.clicked.connect(self._code_clicked)
        self.codebook.model.passage_dropped.connect(self.gestures.code_passage)
        self.codebook.model.move_requested.connect(self.gestures.move_code)
        self.quotes.passage_activated.connect(self.show_passage)
        self.search.passage_activated.connect(self.show_passage)
        self.search.code_all_requested.connect(self.gestures.code_all_hits)
        viewer = self.viewer
        viewer.remove_requested.connect(self.gestures.remove)
        viewer.recode_requested.connect(self.gestures.recode)
        viewer.resize_requested.connect(self.gestures.resize)
        viewer.extend_requested.connect(self.gestures.extend)
        viewer.memo_requested.connect(self.gestures.memo)
        viewer.in_vivo_requested.connect(self.gestures.in_vivo)
        viewer.favourite_pressed.connect(self.gestures.favourite)
        viewer.armed_changed.connect(self.codebook.set_armed)
        self._tab_order()
        self.quotes.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it

    def _tab_order(self) -> None:
        """Tab goes round the panes as they read: documents, text, codebook, quotes, search."""
        d, c, s = self.documents, self.codebook, self.search
        chain = [d.search, d.attribute, d.value, d.view, self.viewer, c.filter, c.view]
        chain += [self.quotes.view, s.query, s.kind, s.code_filter, s.go, s.view]
        chain += [s.previous, s.next, s.unit, s.target, s.code_all]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        """First show without a remembered layout: give the side panes room for names."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if window_settings().value("state") is None:
                QTimer.singleShot(0, self._initial_sizes)

    def _initial_sizes(self) -> None:
        width, height = max(900, self.width()), max(600, self.height())
        docks = [self.docks["documents"], self.docks["codebook"]]
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks(docks, [width * 20 // 100, width * 26 // 100], horizontal)
        self.resizeDocks([self.docks["quotes"]], [height * 28 // 100], vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- project lifecycle ---------------------------------------------------------------
    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", str(_start_dir()), f"qcode projects (*{PROJECT_SUFFIX})"
        )
        if path:
            self.open_project(Path(path))

    def new_project(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", str(_start_dir()), f"qcode projects (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        target = Path(path)
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_suffix(PROJECT_SUFFIX)
        try:
            project = Project.create(target, coder_name=self.coder)
        except Exception as exc:
            self.failure("Cannot create project", exc)
            return False
        self.session.claim(target)  # a new file: nobody else has it
        self._set_project(project)
        return True

    def open_project(self, path: Path) -> bool:
        path = Path(path)
        same = self.project is not None and self.project.path.resolve() == path.resolve()
        mode = "owner" if same and not self.read_only else self.session.claim(path)
        if mode == "cancel":
            return False
        try:
            refuse_if_damaged(path)  # a damaged file: its problem list, never a traceback
            project = Project.open(path, coder_name=self.coder)
        except Exception as exc:
            if mode == "owner" and not same:
                self.session.release(path)
            self.failure("Cannot open project", exc)
            return False
        self._set_project(project, read_only=mode == "read-only", keep_owner=same)
        return True

    def _set_project(
        self, project: Project, read_only: bool = False, keep_owner: bool = False
    ) -> None:
        self.close_project(keep_owner=keep_owner)
        self.project = project
        self.read_only = read_only
        project.listeners.append(self._on_change)
        settings.add_recent_project(project.path)
        self.pages.setCurrentIndex(1)
        self.undo_stack.clear()
        self.row_guard.clear()
        self.search.set_project(project)
        self.speakers_view.set_project(project)
        self.reload_all()
        actions.refresh(self)
        self.watcher.start(project)
        self.session.opened(project)

    def reopen_project(self) -> None:
        """After a merge wrote into the file: read everything again (undo history ends)."""
        if self.project is not None:
            path = self.project.path
            current = self.viewer.document_uuid
            if self.open_project(path) and current:
                self.open_document(current)

    def after_restore(self) -> None:
        """A snapshot was restored into the file: its undo history no longer applies."""
        if self.project is None:
            return
        self.undo_stack.clear()
        self.row_guard.clear()
        self.reload_all()
        self.search.prepare_index()
        self.say("Snapshot restored; the undo history starts again here.")

    def close_project(self, keep_owner: bool = False) -> None:
        if self.project is None:
            return
        self.watcher.stop()
        self.session.closing(keep_owner=keep_owner or self.read_only)
        self.stop_background()
        self.undo_stack.clear()
        self.row_guard.clear()
        self.project.listeners.clear()
        self.project.close()
        self.project = None
        self.read_only = False
        self.viewer.clear_document()
        self.doc_title.setText("No document open")
        self.documents.model.load([], {})
        self.codebook.model.load([], {}, [])
        self.quotes.clear()
        self.search.set_project(None)
        self.start_page.fill()
        self.pages.setCurrentIndex(0)
        self._update_status()
        actions.refresh(self)

    # --- refreshing ----------------------------------------------------------------------
    def reload_all(self) -> None:
        if self.project is None:
            return
        counts = coding_counts(self.project)
        self.documents.model.load(document_entries(self.project), counts.per_document)
        self.documents.reload_attributes()
        self.documents.view.expandAll()
        self._reload_codes(counts.per_code)
        if self.viewer.document_uuid:
            if self.documents.model.index_of(self.viewer.document_uuid).isValid():
                self._refresh_codings()
            else:
                self.viewer.clear_document()
                self.doc_title.setText("No document open")
        self._refresh_quotes()
        self._update_status()

    def _reload_codes(self, per_code: dict[str, int] | None = None) -> None:
        assert self.project is not None
        current = self.codebook.current_uuid()
        codes = list_codes(self.project)
        if per_code is None:
            per_code = coding_counts(self.project).per_code
        self.codebook.model.load(codes, per_code, [])
        self.codebook.model.set_favourites(self.gestures.favourites())
        self.codebook.view.expandAll()
        if current:
            self.codebook.select(current)
        self.quick_box.set_codes(codes)
        self.search.set_codes(codes)

    def external_change(self, touched: set[str] | None = None) -> None:
        """Another process committed to the file: show it as it is now (only the codings and
        codes when that is all it changed, else everything)."""
        if self.project is None:
            return
        try:
            if touched is None:
                self.reload_all()
            else:
                self._show_change(Change("changed elsewhere", frozenset(touched)))
                self._pending.add("quotes")  # a quote may have changed, not only counts
        except Exception as exc:
            self.failure("Cannot show the changes", exc)
            return
        self.say("The project was changed elsewhere (another window or a qcode command).")

    def _on_change(self, change: Change) -> None:
        """A committed action: redraw the codings now, and the rest once the event loop runs."""
        self.watcher.note_own_change()
        self._show_change(change)

    def _show_change(self, change: Change) -> None:
        touched = set(change.entities)
        if "documents" in touched:  # rare (import, delete, restore): everything, now
            self.reload_all()
            return
        if "codes" in touched:
            self._reload_codes()
        if touched & {"codings", "codes"} and self.viewer.document_uuid:
            self._refresh_codings()
        if touched & {"codings", "codes", "documents", "attributes"}:
            self._pending |= touched
            if change.action in ("recode", "resize coding", "coding memo"):
                self._pending.add("quotes")  # the same counts, but a quote changed
            self._flush_timer.start()

    def refresh_after_background(self, touched: set[str]) -> None:
        """A job on another connection changed the file: show it as if it happened here."""
        self._on_change(Change("background job", frozenset(touched)))

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        if self.project is None:
            return
        if pending & {"documents", "attributes"}:
            self.reload_all()
            return
        before = self._subtree_counts()
        counts = coding_counts(self.project)
        self.codebook.model.set_counts(counts.per_code)
        self.documents.model.set_counts(counts.per_document)
        if "quotes" in pending or "codes" in pending or self._subtree_counts() != before:
            self._refresh_quotes()

    def _refresh_codings(self) -> None:
        assert self.project is not None
        started = time.perf_counter()
        uuid = self.viewer.document_uuid
        try:
            codings = document_codings(self.project, uuid)
        except QcodeError:
            self.viewer.clear_document()
            return
        self.viewer.set_codings(codings, self._colours())
        self._set_title(uuid, len(codings))
        self.timings["refresh_codings"] = time.perf_counter() - started

    def _colours(self) -> dict[str, str]:
        """Each code's colour to draw; sub-codes sharing their theme's get shades of its hue."""
        from qcode.palette import display_colours

        return display_colours(self.codebook.model.codes())

    # --- showing things ------------------------------------------------------------------
    def open_document(self, uuid: str) -> None:
        if self.project is None:
            return
        started = time.perf_counter()
        try:
            text = document_text(self.project, uuid)
            segs = segments(self.project, uuid)
            codings = document_codings(self.project, uuid)
        except QcodeError as exc:
            self.error("Cannot open document", str(exc))
            return
        self.viewer.show_document(uuid, text, segs, codings, self._colours())
        if self.find_bar.isVisible():
            self.find_bar.refresh()
        self._set_title(uuid, len(codings))
        self.documents.select(uuid)
        self.timings["open_document"] = time.perf_counter() - started

    def _set_title(self, uuid: str, n_codings: int) -> None:
        doc = next((d for d in self.documents.model.documents() if d.uuid == uuid), None)
        if doc is None:
            return
        attrs = " · ".join(f"{k}: {v}" for k, v in sorted(doc.attributes.items()))
        self.doc_title.setText(
            f"<b>{doc.name}</b> &nbsp; {KIND_LABELS.get(doc.kind, doc.kind)} · "
            f"{n_codings} coding{'s' if n_codings != 1 else ''}"
            + (f" · <span style='color:{self._muted()}'>{attrs}</span>" if attrs else "")
        )

    def _muted(self) -> str:
        """A quieter text colour that stays readable on the light and the dark scheme."""
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def show_passage(self, document: str, start: int, end: int) -> None:
        if document != self.viewer.document_uuid:
            self.open_document(document)
        self.viewer.select_span(start, end)

    def show_quotes(self, code_uuid: str) -> None:
        self._quotes_code = code_uuid
        self.search.choose_target(code_uuid)
        self._refresh_quotes()

    def _subtree_counts(self) -> list[str]:
        """The quote counts of the code whose quotes are shown, and of its sub-codes."""
        code = self._quotes_code
        model = self.codebook.model
        subtree = {code}
        values = []
        for info in model.codes():
            if info.uuid in subtree or info.parent_uuid in subtree:
                subtree.add(info.uuid)
                values.append(model.index_of(info.uuid).siblingAtColumn(1).data())
        return values

    def _refresh_quotes(self) -> None:
        code = self._quotes_code
        if self.project is None or not code:
            return
        info = next((c for c in self.codebook.model.codes() if c.uuid == code), None)
        if info is None:
            self.quotes.clear()
            return
        self.quotes.show_quotes(info.path, quotes(self.project, code, include_subcodes=True))

    def _code_clicked(self, index: Any) -> None:
        """Select text, then click a code: the passage is coded. Only a fresh selection is
        coded: after a coding, clicking codes shows their quotes until text is selected again."""
        uuid = self.codebook.current_uuid()
        if not uuid or not self.viewer.document_uuid or self.viewer.selection_span() is None:
            return
        if self.viewer.armed:
            self.gestures.code_selection(uuid)
        else:
            self.say("Showing its quotes. To code, select a passage, then click the code.")

    # --- running commands ----------------------------------------------------------------
    def run(self, command: Command) -> bool:
        """Do a command once and push it (undoable); False if it failed or changed nothing.

        The one error path of the window's actions: a busy file, a refused action and an
        unexpected failure all end in a message, and the window stays usable."""
        self.last_error = ""
        if self.project is None:
            return False
        if self.read_only:
            self.error("Read-only", READ_ONLY_MESSAGE)
            return False
        command.on_error = lambda message: self.error("Cannot undo or redo", message)
        command.on_failure = lambda exc: self.failure("Cannot undo or redo", exc)
        command.check = self._check_undo
        command.after = self._after_step
        try:
            changed = command.first()
        except Exception as exc:
            self.failure("qcode", exc)
            return False
        if changed:
            self._record_rows(command)
            command.arm()
            self.undo_stack.push(command)
        return changed

    def _check_undo(self, command: Command, verb: str) -> str:
        if self.project is None:
            return "No project is open."
        if self.read_only:
            return READ_ONLY_MESSAGE
        try:
            kinds = self.row_guard.overtaken(self.project, command.rows())
        except Exception as exc:
            return _describe(exc)
        return describe_overtaken(kinds, verb) if kinds else ""

    def _after_step(self, command: Command) -> None:
        """An undo or redo was done: show where it happened (another document is opened)."""
        self._record_rows(command)
        try:
            self._reveal(command)
        except Exception:  # showing is a courtesy: the step itself is done
            log.warning("could not show the place of %r", command.text(), exc_info=True)

    def _reveal(self, command: Command) -> None:
        if self.project is None:
            return
        places = coding_places(self.project, command.rows().get("coding", [])[:200])
        documents = {p.document_uuid for p in places}
        if len(documents) != 1:
            return
        place = places[0]
        if not self.documents.model.index_of(place.document_uuid).isValid():
            return
        if place.document_uuid != self.viewer.document_uuid:
            self.open_document(place.document_uuid)
        if len(places) == 1:
            self.viewer.select_span(place.start, place.end)
        self.say(f"{command.text()}: in {place.document_name}.")

    def _record_rows(self, command: Command) -> None:
        if self.project is not None:
            try:
                known = getattr(command, "left", None)  # stamps an undo/redo already knows
                if known:
                    self.row_guard.remember(known)
                    command.left = None  # type: ignore[attr-defined]
                else:
                    self.row_guard.record(self.project, command.rows())
            except Exception:  # only a later undo's check is weaker
                log.warning("could not record the rows of %r", command.text(), exc_info=True)

    def failure(self, title: str, exc: BaseException) -> None:
        """Tell the user why an action failed; an unexpected failure is logged with details."""
        details = ""
        if not isinstance(exc, QcodeError) and not is_busy(exc):
            log.error("%s: unexpected error", title, exc_info=exc)
            details = "".join(traceback.format_exception(exc))
        self.error(title, _describe(exc), details)

    def say(self, message: str, timeout: int = 6000) -> None:
        self.statusBar().showMessage(message, timeout)

    def error(self, title: str, message: str, details: str = "") -> None:
        self.last_error = message
        self.say(message, 10000)
        if not self.quiet_errors:
            box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
            if details:
                box.setDetailedText(details)
            box.exec()

    def change_coder(self) -> None:
        name = self.dialogs.coder_name()
        if not name:
            return
        settings.remember_coder(name)
        self.coder = name
        if self.project is not None:
            self.project.use_coder(name)
        self._update_status()

    def _update_status(self) -> None:
        if self.project is None:
            self.setWindowTitle("qcode")
            self.coder_label.setText(f"Coder: {self.coder or settings.coder_name()}")
            self.project_label.setText("No project")
            return
        suffix = " (read-only)" if self.read_only else ""
        self.setWindowTitle(f"{self.project.name} — qcode{suffix}")
        self.coder_label.setText(f"Coder: {self.project.coder_name}")
        docs = len(self.documents.model.documents())
        self.project_label.setText(f"{self.project.path.name} · {docs} documents")
        self.project_label.setToolTip(str(self.project.path))

    # --- layout --------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        store = window_settings()
        geometry = store.value("geometry")
        state = store.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        store = window_settings()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("state", self.saveState(LAYOUT_VERSION))
        store.sync()

    def stop_background(self) -> bool:
        """Stop background work (index build, jobs) and wait a bounded time; True if all ended."""
        return workers.stop_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.close_project()
        super().closeEvent(event)


READ_ONLY_MESSAGE = (
    "This window is read-only: another window has the project open. Close that one and "
    "open the project again to make changes."
)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, QcodeError):
        return str(exc)
    if is_busy(exc):
        return BUSY_MESSAGE
    return (
        f"Unexpected error: {type(exc).__name__}: {exc}. Nothing more was changed and the "
        "window stays usable; the details were logged."
    )


def _start_dir() -> Path:
    recent = settings.recent_projects()
    return recent[0].parent if recent else Path.home()
