"""File › Import / Export REFI-QDA project: pick a .qdpx, run the service, report what it did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"


def import_qdpx_file(w: MainWindow, path: Path | None = None) -> bool:
    """Import a colleague's NVivo / ATLAS.ti / MAXQDA project into the open project.

    A snapshot is taken first (File › Restore from a snapshot brings the earlier state back)."""
    if w.project is None:
        return False
    if path is None:
        name, _ = QFileDialog.getOpenFileName(w, "Import a REFI-QDA project", "", FILTER)
        if not name:
            return False
        path = Path(name)
    from qcode.refi.importer import import_qdpx

    try:
        report = import_qdpx(w.project, path)
    except (QcodeError, OSError) as exc:
        w.failure("Cannot import the REFI-QDA project", exc)
        return False
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
