"""Start the desktop application: a QApplication and the main window on a project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from qcode.ui.main_window import MainWindow


def run(project_path: Path | None = None, coder: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("qcode")
    app.setOrganizationName("qcode")
    window = MainWindow(coder=coder)
    if project_path is not None:
        window.open_project(project_path)
    window.show()
    return int(app.exec())
