"""File › Sync with team, and a status-bar indicator of unsynced changes and the last sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

from qcode.team import local
from qcode.ui.dialogs import workers

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

#: How often the indicator reads the project's change log (milliseconds).
POLL_MS = 5000


class SyncAction:
    """The action, its indicator and the background sync it runs."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.running = False
        self.action = QAction("Sync with &team…", window)
        self.action.setStatusTip("Pull the team's new work from the team database, push yours")
        self.action.triggered.connect(self.start)
        self.label = QLabel()
        self.label.setObjectName("syncIndicator")
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(window)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        _file_menu_insert(window, self.action)
        # The indicator follows the window's own status line (project opened, closed, changed).
        update_status = window._update_status

        def _update_status() -> None:
            update_status()
            self.refresh()

        window._update_status = _update_status  # type: ignore[method-assign]
        self.refresh()

    # --- the indicator -------------------------------------------------------------------
    def status(self) -> tuple[str | None, int, str]:
        """(team URL or None, user actions not yet synced, when the last sync was)."""
        project = self.window.project
        if project is None:
            return None, 0, ""
        with project.read() as s:
            book = local.read(s)
            pending = local.unsynced_actions(s, book)
        when = f"{book.pushed_at:%Y-%m-%d %H:%M} UTC" if book.pushed_at else "never"
        return book.url, pending, when

    def refresh(self) -> None:
        try:
            url, pending, when = self.status()
        except Exception:  # the project is being closed or replaced: try at the next tick
            return
        self.action.setEnabled(self.window.project is not None and not self.running
                               and not self.window.read_only)
        if url is None:
            self.label.setText("")
            self.label.setToolTip("")
            return
        state = "syncing…" if self.running else (
            f"{pending} change(s) not synced" if pending else "all synced")
        self.label.setText(f"Team: {state} · last sync {when}")
        self.label.setToolTip(url)

    # --- syncing -------------------------------------------------------------------------
    def start(self, url: str | None = None) -> bool:
        """Sync in the background; asks for the team database's URL the first time."""
        w = self.window
        if w.project is None or self.running:
            return False
        known, _pending, _when = self.status()
        if not (url or known):
            url, ok = QInputDialog.getText(
                w, "Sync with team", "Team database (postgresql://HOST/DATABASE):",
                QLineEdit.EchoMode.Normal, "postgresql://",
            )
            if not ok or not url.strip():
                return False
        path = w.project.path
        from qcode.team import sync

        def job(progress: workers.ProgressFn, _cancel: workers.CancelFn) -> Any:
            return sync(path, url or None, progress=progress)

        self.running = True
        self.refresh()
        w.say("Syncing with the team database…", 0)
        # the sync commits its bookkeeping (and any pulled rows) on a connection of its own:
        # the window's own doing, read again below, not "changed elsewhere"
        w.watcher.hold()
        workers.start(job, self._finished, self._failed)
        return True

    def _finished(self, report: Any) -> None:
        self.running = False
        w = self.window
        w.watcher.release(absorb=True)
        if report.pulled_rows:
            w.reopen_project()  # rows came in: read everything again (undo history ends)
        self.refresh()
        w.say(report.describe().splitlines()[0] + f"; pushed {report.pushed} row(s)", 10000)
        w.last_sync_report = report

    def _failed(self, message: str) -> None:
        self.running = False
        self.window.watcher.release(absorb=True)
        self.refresh()
        self.window.error("Sync with team", message)


def _file_menu_insert(window: MainWindow, action: QAction) -> None:
    """Put the action in the File menu after "Merge a coder's file…"."""
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None or top.text() != "&File":
            continue
        actions = menu.actions()
        merge = getattr(window, "act_merge", None)
        after = actions.index(merge) + 1 if merge in actions else len(actions)
        if after < len(actions):
            menu.insertAction(actions[after], action)
        else:
            menu.addAction(action)
        return
    window.menuBar().addAction(action)


def install(window: MainWindow) -> SyncAction:
    """Add File › Sync with team and the indicator to the window."""
    window.sync_action = SyncAction(window)
    window.act_sync = window.sync_action.action
    return window.sync_action
