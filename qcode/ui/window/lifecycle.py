"""The main window's project: chosen, created, opened, reopened, restored and closed; its coder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from qcode import settings
from qcode.integrity.guard import refuse_if_damaged
from qcode.store import Project
from qcode.store.project import PROJECT_SUFFIX
from qcode.ui import actions

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


class ProjectLifecycle:
    """Which project the window has, and what happens to the panes when that changes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def choose(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w, "Open project", str(_start_dir()), f"qcode projects (*{PROJECT_SUFFIX})"
        )
        if path:
            w.open_project(Path(path))

    def new(self) -> bool:
        w = self.window
        path, _ = QFileDialog.getSaveFileName(
            w, "New project", str(_start_dir()), f"qcode projects (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        target = Path(path)
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_suffix(PROJECT_SUFFIX)
        try:
            project = Project.create(target, coder_name=w.coder)
        except Exception as exc:
            w.failure("Cannot create project", exc)
            return False
        w.session.claim(target)  # a new file: nobody else has it
        self._set(project)
        return True

    def open(self, path: Path) -> bool:
        w = self.window
        path = Path(path)
        same = w.project is not None and w.project.path.resolve() == path.resolve()
        mode = "owner" if same and not w.read_only else w.session.claim(path)
        if mode == "cancel":
            return False
        try:
            refuse_if_damaged(path)  # a damaged file: its problem list, never a traceback
            project = Project.open(path, coder_name=w.coder)
        except Exception as exc:
            if mode == "owner" and not same:
                w.session.release(path)
            w.failure("Cannot open project", exc)
            return False
        self._set(project, read_only=mode == "read-only", keep_owner=same)
        return True

    def _set(self, project: Project, read_only: bool = False, keep_owner: bool = False) -> None:
        w = self.window
        w.close_project(keep_owner=keep_owner)
        w.project = project
        w.read_only = read_only
        project.listeners.append(w.refresh.on_change)
        settings.add_recent_project(project.path)
        w.pages.setCurrentIndex(1)
        w.undo_stack.clear()
        w.row_guard.clear()
        w.search.set_project(project)
        w.speakers_view.set_project(project)
        w.reload_all()
        actions.refresh(w)
        w.watcher.start(project)
        w.session.opened(project)

    def reopen(self) -> None:
        """After a merge wrote into the file: read everything again (undo history ends)."""
        w = self.window
        if w.project is not None:
            path = w.project.path
            current = w.viewer.document_uuid
            if w.open_project(path) and current:
                w.open_document(current)

    def after_restore(self) -> None:
        """A snapshot was restored into the file: its undo history no longer applies."""
        w = self.window
        if w.project is None:
            return
        w.undo_stack.clear()
        w.row_guard.clear()
        w.reload_all()
        w.search.prepare_index()
        w.say("Snapshot restored; the undo history starts again here.")

    def close(self, keep_owner: bool = False) -> None:
        w = self.window
        if w.project is None:
            return
        w.watcher.stop()
        w.session.closing(keep_owner=keep_owner or w.read_only)
        w.stop_background()
        w.undo_stack.clear()
        w.row_guard.clear()
        w.project.listeners.clear()
        w.project.close()
        w.project = None
        w.read_only = False
        w.viewer.clear_document()
        w.doc_title.setText("No document open")
        w.documents.model.load([], {})
        w.codebook.model.load([], {}, [])
        w.quotes.clear()
        w.search.set_project(None)
        w.start_page.fill()
        w.pages.setCurrentIndex(0)
        w._update_status()
        actions.refresh(w)

    def change_coder(self) -> None:
        """Ask for the coder's name (Coder name…), then sign the window's work with it."""
        self.use_coder(self.window.dialogs.coder_name())

    def use_coder(self, name: str | None) -> None:
        """Sign this window's work with `name` from now on, and remember it."""
        w = self.window
        if not name:
            return
        settings.remember_coder(name)
        w.coder = name
        if w.project is not None:
            w.project.use_coder(name)
        w._update_status()


def _start_dir() -> Path:
    recent = settings.recent_projects()
    return recent[0].parent if recent else Path.home()
