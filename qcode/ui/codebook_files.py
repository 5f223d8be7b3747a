"""File menu actions for codebooks: load a codebook file, themes from terms of reference, and
export the codebook (.qdc, .csv, .xlsx, or a .docx/.pdf report)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from qcode.errors import QcodeError
from qcode.ui import undo

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

LOAD_FILTER = "Codebooks (*.qdc *.qdpx *.csv *.xlsx);;All files (*)"
TOR_FILTER = "Terms of reference (*.docx *.txt *.md);;All files (*)"
EXPORT_FILTERS = {
    "REFI-QDA codebook (*.qdc)": ".qdc",
    "Spreadsheet (*.xlsx)": ".xlsx",
    "CSV (*.csv)": ".csv",
    "Codebook report, Word (*.docx)": ".docx",
    "Codebook report, PDF (*.pdf)": ".pdf",
}


def load_codebook(w: MainWindow, path: Path | None = None) -> bool:
    if w.project is None:
        return False
    if path is None:
        name, _ = QFileDialog.getOpenFileName(w, "Load a codebook", "", LOAD_FILTER)
        if not name:
            return False
        path = Path(name)
    command = undo.LoadCodebook(w.project, path)
    if w.run(command):
        w.say(command.report.describe().splitlines()[0].capitalize() + ". Ctrl+Z undoes it.")
        return True
    if command.report is not None:
        w.say("The codebook brought nothing new.")
    return False


def themes_from_tor(w: MainWindow, path: Path | None = None) -> bool:
    if w.project is None:
        return False
    if path is None:
        name, _ = QFileDialog.getOpenFileName(w, "Themes from terms of reference", "", TOR_FILTER)
        if not name:
            return False
        path = Path(name)
    command = undo.CodesFromTor(w.project, path)
    if w.run(command):
        w.say(f"{len(command.created)} themes made from {path.name}. Ctrl+Z undoes it.")
        return True
    if not w.last_error:
        w.say(f"No new themes: every item of {path.name} already has one.")
    return False


def export_codebook(w: MainWindow, path: Path | None = None) -> Path | None:
    if w.project is None:
        return None
    if path is None:
        name, chosen = QFileDialog.getSaveFileName(
            w, "Export the codebook", f"{w.project.name} codebook", ";;".join(EXPORT_FILTERS)
        )
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(EXPORT_FILTERS.get(chosen, ".qdc"))
    try:
        suffix = path.suffix.lower()
        if suffix == ".qdc":
            from qcode.codebook.qdc import export_qdc

            written = export_qdc(w.project, path)
        elif suffix in (".csv", ".xlsx"):
            from qcode.codebook.sheet import export_sheet

            written = export_sheet(w.project, path)
        elif suffix in (".docx", ".pdf"):
            from qcode.codebook.report import export_codebook_report

            written = export_codebook_report(w.project, path)
        else:
            raise QcodeError(f"{path.name}: save the codebook as .qdc, .xlsx, .csv, .docx or .pdf")
    except QcodeError as exc:
        w.error("Cannot export the codebook", str(exc))
        return None
    except OSError as exc:
        w.error("Cannot export the codebook", f"{path}: {exc.strerror or exc}")
        return None
    w.say(f"Codebook saved to {written}")
    return Path(written)
