"""The main window: documents, viewer, codebook and quotes/search panes over one project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from qcode.store import Project
from qcode.ui import actions
from qcode.ui.dialogs import workers
from qcode.ui.gestures import Gestures
from qcode.ui.icons import icon
from qcode.ui.launch import Dialogs
from qcode.ui.session import Session
from qcode.ui.undo import Command
from qcode.ui.views.menu import install_views_menu
from qcode.ui.watcher import ProjectWatcher, RowGuard
from qcode.ui.window import layout, messages
from qcode.ui.window.commands import CommandRunner
from qcode.ui.window.lifecycle import ProjectLifecycle
from qcode.ui.window.navigation import Navigator
from qcode.ui.window.refresh import PaneRefresh


class MainWindow(QMainWindow):
    """The four panes, menus and the undo stack; services do the work, views follow changes.

    The window assembles its parts (`qcode.ui.window`) and is the one face the rest of the
    GUI calls: its methods below hand each call to the part whose job it is."""

    def __init__(self, coder: str | None = None) -> None:
        super().__init__()
        self.coder = coder
        self.project: Project | None = None
        self.last_error = ""
        #: Errors go to the status bar only, without a message box (tests, scripts).
        self.quiet_errors = False
        #: Opened beside another window that has the project: nothing can be changed here.
        self.read_only = False
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
        self.lifecycle = ProjectLifecycle(self)
        self.refresh = PaneRefresh(self)
        self.navigator = Navigator(self)
        self.commands = CommandRunner(self)
        self._sized = False
        layout.build_panes(self)
        actions.build(self)
        from qcode.ui.sync_action import install as install_sync  # File › Sync with team

        install_sync(self)
        install_views_menu(self)
        layout.restore_layout(self)
        self._update_status()

    # --- layout --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """First show without a remembered layout: give the side panes room for names."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if layout.window_settings().value("state") is None:
                QTimer.singleShot(0, self._initial_sizes)

    def _initial_sizes(self) -> None:
        layout.size_side_panes(self)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        return layout.add_dock(self, title, widget, area)

    def save_layout(self) -> None:
        layout.save_layout(self)

    # --- project lifecycle ---------------------------------------------------------------
    def choose_project(self) -> None:
        self.lifecycle.choose()

    def new_project(self) -> bool:
        return self.lifecycle.new()

    def open_project(self, path: Path) -> bool:
        return self.lifecycle.open(path)

    def reopen_project(self) -> None:
        """After a merge wrote into the file: read everything again (undo history ends)."""
        self.lifecycle.reopen()

    def after_restore(self) -> None:
        """A snapshot was restored into the file: its undo history no longer applies."""
        self.lifecycle.after_restore()

    def close_project(self, keep_owner: bool = False) -> None:
        self.lifecycle.close(keep_owner=keep_owner)

    def change_coder(self) -> None:
        self.lifecycle.change_coder()

    def stop_background(self) -> bool:
        """Stop background work (index build, jobs) and wait a bounded time; True if all ended."""
        return workers.stop_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.close_project()
        super().closeEvent(event)

    # --- refreshing ----------------------------------------------------------------------
    def reload_all(self) -> None:
        self.refresh.reload_all()

    def external_change(self, touched: set[str] | None = None) -> None:
        """Another process committed to the file: show it as it is now."""
        self.refresh.external_change(touched)

    def refresh_after_background(self, touched: set[str]) -> None:
        """A job on another connection changed the file: show it as if it happened here."""
        self.refresh.refresh_after_background(touched)

    def _colours(self) -> dict[str, str]:
        return self.refresh.colours()

    # --- showing things ------------------------------------------------------------------
    def open_document(self, uuid: str) -> None:
        self.navigator.open_document(uuid)

    def show_passage(self, document: str, start: int, end: int) -> None:
        self.navigator.show_passage(document, start, end)

    def show_quotes(self, code_uuid: str) -> None:
        self.navigator.show_quotes(code_uuid)

    # --- running commands ----------------------------------------------------------------
    def run(self, command: Command) -> bool:
        """Do a command once and push it (undoable); False if it failed or changed nothing."""
        return self.commands.run(command)

    # --- messages ------------------------------------------------------------------------
    def failure(self, title: str, exc: BaseException) -> None:
        """Tell the user why an action failed; an unexpected failure is logged with details."""
        messages.failure(self, title, exc)

    def say(self, message: str, timeout: int = 6000) -> None:
        messages.say(self, message, timeout)

    def error(self, title: str, message: str, details: str = "") -> None:
        messages.error(self, title, message, details)

    def _update_status(self) -> None:
        messages.show_status(self)

