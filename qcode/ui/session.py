"""The window's hold on its project: the owner file, read-only choice, hourly snapshots, restore."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from qcode.store import owner
from qcode.store.project import Project

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: How often the window asks whether an hourly snapshot is due (milliseconds).
HOURLY_CHECK_MS = 5 * 60 * 1000

#: How long an action of the window waits for another process's write before it says the
#: file is busy (milliseconds): the GUI thread is frozen meanwhile, so shorter than the CLI's.
GUI_BUSY_MS = 2000


def bound_waits(project: Project, busy_ms: int = GUI_BUSY_MS) -> None:
    """Make the window's own connections to the file wait at most `busy_ms` for a writer.

    (Background jobs open the file again and keep the store's longer bound.)"""

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cur.close()

    event.listen(project.engine, "connect", on_connect)
    project.engine.dispose()  # connections made before the listener: closed, made anew


class Session:
    """Owner file and snapshots of the window's project; the window calls it on open/close."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        #: What to do when another window has the project, without asking: "read-only",
        #: "cancel" (tests, scripts), or None to ask the user.
        self.when_owned: str | None = None
        self._owned: Path | None = None  # the project whose owner file this window wrote
        self._claimed: Path | None = None  # claimed for a project being opened
        self._snapshot_job: Any = None
        self._warned: set[Path] = set()
        self.hourly = QTimer(window)
        self.hourly.setInterval(HOURLY_CHECK_MS)
        self.hourly.timeout.connect(self.snapshot_if_due)

    # --- the owner file ------------------------------------------------------------------
    def claim(self, path: Path) -> str:
        """"owner" (this window has it now), "read-only" or "cancel"."""
        coder = self.w.coder or _default_coder()
        other = owner.claim(path, coder)
        if other is None:
            self._claimed = path
            return "owner"
        choice = self.when_owned or self._ask(path, other)
        return choice if choice in ("read-only", "cancel") else "cancel"

    def _ask(self, path: Path, other: owner.Owner) -> str:
        box = QMessageBox(self.w)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Project already open")
        box.setText(f"{path.name} is open in another window: {other.describe()}.")
        box.setInformativeText(
            "Two windows changing one project would overwrite each other's work. You can "
            "open it read-only (it follows the other window's changes), or not at all."
        )
        read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return "read-only" if box.clickedButton() is read_only else "cancel"

    def release(self, path: Path | None = None) -> None:
        """Give up the owner file of `path` (default: of the open project)."""
        target = path or self._owned
        if target is not None:
            owner.release(target)
        if target == self._owned:
            self._owned = None
        if target == self._claimed:
            self._claimed = None

    # --- open / close --------------------------------------------------------------------
    def opened(self, project: Project) -> None:
        if self._claimed is not None:
            self._owned, self._claimed = self._claimed, None
        bound_waits(project)
        warning = getattr(project, "location_warning", "") or ""
        where = Path(project.path).resolve()
        if warning and where not in self._warned:  # once per project and window
            self._warned.add(where)
            self.w.error("Project location", str(warning))
        if not self.w.read_only:
            self.hourly.start()
            QTimer.singleShot(0, self.snapshot_if_due)

    def closing(self, keep_owner: bool = False) -> None:
        self.hourly.stop()
        if not keep_owner:
            self.release()

    # --- snapshots -----------------------------------------------------------------------
    def snapshot_if_due(self) -> None:
        """Take the hourly snapshot off the GUI thread if the newest is over an hour old."""
        project = self.w.project
        if project is None or self.w.read_only or self._snapshot_job is not None:
            return
        try:
            from qcode.store.snapshots import maybe_hourly
        except ImportError:
            return
        from qcode.ui.dialogs.workers import start

        path = project.path

        def job(_progress: Any, _cancel: Any) -> Any:
            return maybe_hourly(path)

        def ended(*_args: Any) -> None:
            self._snapshot_job = None

        def failed(message: str) -> None:
            ended()
            log.warning("hourly snapshot of %s failed: %s", path, message)
            self.w.say(f"The hourly snapshot failed: {message}")

        def finished(taken: Any) -> None:
            ended()
            if taken is not None:
                self.w.say(f"Snapshot taken: {Path(taken).name}")

        self._snapshot_job = start(job, finished, failed)


def _default_coder() -> str:
    from qcode import settings

    return settings.coder_name()
