"""A base for analysis views: follows the window's project, refreshes when shown or changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from qcode.store import Change, Project


class AnalysisView(QWidget):
    """Reads `window.project`; `reload()` (subclasses) redraws from core services.

    A hidden view only notes that it is stale and redraws when shown. `passage_activated`
    is connected to the window's `show_passage`."""

    passage_activated = Signal(str, int, int)
    #: Change entities that make this view stale ("documents", "codings", "memos" …).
    WATCHES: frozenset[str] = frozenset()

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.project: Project | None = None
        self._stale = True
        self.passage_activated.connect(window.show_passage)
        # the window retitles itself whenever a project opens or closes
        window.windowTitleChanged.connect(lambda _title: self.sync())

    def sync(self) -> None:
        """Follow the window's project; redraw if anything changed since the last drawing."""
        project = self.window_.project
        if project is not self.project:
            self.project = project
            self._stale = True
            if project is not None:
                project.listeners.append(self._on_change)
        if self._stale and self.isVisible():
            self._stale = False
            self.reload()

    def _on_change(self, change: Change) -> None:
        if not self.WATCHES or change.entities & self.WATCHES:
            self._stale = True
            if self.isVisible():
                self.sync()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.sync()

    def reload(self) -> None:
        raise NotImplementedError
