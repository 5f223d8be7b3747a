"""File › Import / Export REFI-QDA project: pick a .qdpx, run the service, report what it did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from qcode.errors import QcodeError
from qcode.refi.importer import QdpxReport
from qcode.store import Project
from qcode.ui.undo import Command, Rows

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"


class ImportQdpx(Command):
    """Import a .qdpx into the project; undo tombstones what it added and restores what it
    changed, redo revives the same rows."""

    def __init__(self, project: Project, path: Path) -> None:
        super().__init__(project, f"Import REFI-QDA project “{path.name}”")
        self.path = path
        self.report: QdpxReport | None = None

    def first(self) -> bool:
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


def import_qdpx_file(w: MainWindow, path: Path | None = None) -> bool:
    """Import a colleague's NVivo / ATLAS.ti / MAXQDA project into the open project (undoable;
    a snapshot is taken first as well)."""
    if w.project is None:
        return False
    if path is None:
        name, _ = QFileDialog.getOpenFileName(w, "Import a REFI-QDA project", "", FILTER)
        if not name:
            return False
        path = Path(name)
    command = ImportQdpx(w.project, path)
    if not w.run(command):
        if command.report is not None:
            w.say(f"{path.name} brought nothing new.")
        return False
    report = command.report
    assert report is not None
    w.reload_all()
    text = report.describe()
    if (report.missing_sources or report.not_landed or report.not_imported) and not w.quiet_errors:
        QMessageBox.information(w, "REFI-QDA import", text)
    w.say(text.splitlines()[0])
    return True


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
