"""Start the desktop application: a QApplication and the main window on a project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from qcode.ui.icons import icon
from qcode.ui.main_window import MainWindow


def application() -> QApplication:
    """The running QApplication, made (and named, for settings) if there is none."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("qcode")
    app.setApplicationDisplayName("qcode")
    app.setOrganizationName("qcode")
    app.setWindowIcon(icon("app"))
    return app


def run(project_path: Path | None = None, coder: str | None = None) -> int:
    app = application()
    window = MainWindow(coder=coder)
    if project_path is not None:
        window.open_project(Path(project_path))
    window.show()
    return int(app.exec())
