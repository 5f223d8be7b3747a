"""File › Import / Export REFI-QDA project: pick a .qdpx, run the service, report what it did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from qcode.errors import QcodeError
from qcode.refi.importer import QdpxReport
from qcode.refi.undo import TOUCHES
from qcode.store import Project
from qcode.ui.dialogs.common import MessageLine, TaskDialog
from qcode.ui.dialogs.workers import (
    CancelFn,
    ProgressFn,
    announce,
    refresh_index,
    separate_project,
)
from qcode.ui.undo import Command, Rows

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"


class ImportQdpx(Command):
    """Import a .qdpx into the project; undo tombstones what it added and restores what it
    changed, redo revives the same rows. Given the report of an import already done (on a
    worker), `first` only records it."""

    def __init__(self, project: Project, path: Path, report: QdpxReport | None = None) -> None:
        super().__init__(project, f"Import REFI-QDA project “{path.name}”")
        self.path = path
        self.report = report

    def first(self) -> bool:
        if self.report is None:
            from qcode.refi.importer import import_qdpx

            self.report = import_qdpx(self.project, self.path)
        return bool(any(self.report.added.values()) or self.report.changed)

    def rows(self) -> Rows:
        report = self.report
        if report is None:
            return {}
        codes = report.codes.added_uuids if report.codes else []
        return {
            "document": list(report.added.get("document", [])),
            "coding": [*report.added.get("coding", []), *report.changed.get("coding", {})],
            "code": [*codes, *report.changed.get("code", {})],
        }

    def undo_it(self) -> None:
        from qcode.refi.undo import undo_import

        assert self.report is not None
        undo_import(self.project, self.report)

    def redo_it(self) -> None:
        from qcode.refi.undo import redo_import

        assert self.report is not None
        redo_import(self.project, self.report)


class QdpxImportDialog(TaskDialog):
    """Imports one .qdpx on a worker thread with progress and Stop; when it is done the import
    becomes one undo step of the window (a stopped import stores nothing)."""

    #: Emitted once the job has ended, with "done", "nothing new", "failed" or "stopped".
    ended = Signal(str)

    def __init__(self, w: MainWindow, path: Path) -> None:
        super().__init__(w)
        self.setWindowTitle("Import REFI-QDA project")
        self.w = w
        self.path = path
        self.project_path = w.project.path if w.project is not None else None
        self.report: QdpxReport | None = None
        self.outcome = ""
        self.task = self._task_panel(self._done, self._failed)
        w.watcher.hold_while_writing(self.task)  # its commit is this window's
        self.message = MessageLine()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Importing {path.name} into this project"))
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(560, 160)

    def start(self) -> None:
        project = self.w.project
        assert project is not None
        path = self.path

        def job(progress: ProgressFn, cancel: CancelFn) -> tuple[QdpxReport, str]:
            from qcode.refi.importer import import_qdpx

            with separate_project(project) as background:
                report = import_qdpx(background, path, progress=progress, cancel=cancel)
                note = ""
                if report.documents_added:
                    progress(0, 0, "Updating the search index…")
                    note = refresh_index(background, progress)
                return report, note

        self.task.run(job, f"Reading {path.name}…")

    def _same_project(self) -> bool:
        project = self.w.project
        return project is not None and project.path == self.project_path

    def _done(self, result: tuple[QdpxReport, str]) -> None:
        report, note = result
        self.report = report
        text = report.describe()
        self.details.setPlainText(text)
        self.details.show()
        changed = bool(any(report.added.values()) or report.changed)
        if changed and self._same_project():
            assert self.w.project is not None
            self.w.run(ImportQdpx(self.w.project, self.path, report))
            announce(self.w.project, "import REFI-QDA project", TOUCHES)
            self.w.reload_all()
        self.outcome = "done" if changed else "nothing new"
        summary = text.splitlines()[0] if changed else f"{self.path.name} brought nothing new."
        if note:
            self.message.error(note)
        else:
            self.message.info(summary)
        self.w.say(summary)
        self.ended.emit(self.outcome)

    def _failed(self, message: str) -> None:
        if self.task.cancelled or not self._same_project():  # stopped, or its project closed
            self.outcome = "stopped"
            self.message.info("Stopped: nothing of the file was imported.")
            self.w.say(f"Import of {self.path.name} stopped; nothing was imported.")
        else:
            self.outcome = "failed"
            self.message.error(message)
            self.w.error("Cannot import the REFI-QDA project", message)
        self.ended.emit(self.outcome)


def import_qdpx_file(w: MainWindow, path: Path | None = None) -> QdpxImportDialog | None:
    """Import a colleague's NVivo / ATLAS.ti / MAXQDA project into the open project, off the
    GUI thread (undoable; a snapshot is taken first as well). Returns the running dialog."""
    if w.project is None:
        return None
    if w.read_only:
        from qcode.ui.window.messages import READ_ONLY_MESSAGE

        w.error("Read-only", READ_ONLY_MESSAGE)
        return None
    if path is None:
        name, _ = QFileDialog.getOpenFileName(w, "Import a REFI-QDA project", "", FILTER)
        if not name:
            return None
        path = Path(name)
    dialog = QdpxImportDialog(w, path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start()
    return dialog


def export_qdpx_file(w: MainWindow, path: Path | None = None) -> Path | None:
    """Write the whole project as a .qdpx for NVivo, ATLAS.ti or MAXQDA."""
    if w.project is None:
        return None
    if path is None:
        name, _ = QFileDialog.getSaveFileName(
            w, "Export a REFI-QDA project", f"{w.project.name}.qdpx", FILTER
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".qdpx":
            path = path.with_name(path.name + ".qdpx")
    from qcode.refi.exporter import export_qdpx

    try:
        report = export_qdpx(w.project, path)
    except (QcodeError, OSError) as exc:
        w.failure("Cannot export the REFI-QDA project", exc)
        return None
    w.say(report.describe())
    return path
