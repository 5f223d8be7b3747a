"""File › Restore from a snapshot…: the project's snapshots, newest first, and restoring one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.store import Project
from qcode.store.snapshots import list_snapshots, restore
from qcode.ui.dialogs.common import MessageLine, TaskDialog, tab_along

PATH_ROLE = Qt.ItemDataRole.UserRole


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _when(taken: datetime) -> str:
    return taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class RestoreDialog(TaskDialog):
    """Choose a snapshot; Restore brings it back into the project file (off the GUI thread)."""

    #: The path of the snapshot of the state before the restore.
    restored = Signal(object)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project.path)
        self.setWindowTitle("Restore from a snapshot")
        self.resize(640, 420)
        intro = QLabel(
            "qcode keeps snapshots before bulk or destructive actions and once an hour while "
            "you work. Restoring one replaces the project's content; the current state is "
            "snapshotted first, so a restore can itself be undone by restoring that."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Taken", "Why", "Size"])
        self.tree.setRootIsDecorated(False)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        self.message = MessageLine()
        self.task = self._task_panel(self._done, self._failed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.task)
        layout.addWidget(self.buttons)
        tab_along(self.buttons)
        self.restore_button.setDefault(True)  # Enter restores the chosen one, as a double-click
        self.load()

    def load(self) -> None:
        self.tree.clear()
        snapshots = list_snapshots(self.project_path)
        for snap in snapshots:
            item = QTreeWidgetItem([_when(snap.taken_at), snap.reason, _size(snap.size)])
            item.setData(0, PATH_ROLE, str(snap.path))
            item.setToolTip(0, str(snap.path))
            self.tree.addTopLevelItem(item)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        if not snapshots:
            self.message.info("This project has no snapshots yet.")
        self._selection_changed()

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def select(self, row: int) -> None:
        self.tree.setCurrentItem(self.tree.topLevelItem(row))

    def _chosen(self) -> Path | None:
        item = self.tree.currentItem()
        return Path(item.data(0, PATH_ROLE)) if item is not None else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self._chosen() is not None and not self.task.busy)

    def restore_selected(self) -> None:
        chosen = self._chosen()
        if chosen is None or self.task.busy:
            return
        project_path = self.project_path
        self.message.clear_message()
        self.restore_button.setEnabled(False)

        def job(_progress: Any, _cancel: Any) -> Path:
            return restore(project_path, chosen)

        self.task.run(job, f"Restoring {chosen.name}…", cancellable=False)

    def _done(self, before: Any) -> None:
        self.message.info(
            f"Restored. The state before it was kept as snapshot {Path(before).name}."
        )
        self.load()
        self.restored.emit(before)

    def _failed(self, message: str) -> None:
        self.message.error(message)
        self._selection_changed()
