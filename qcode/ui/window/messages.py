"""What the main window tells the user: the status line, its title, and why an action failed."""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from qcode import settings
from qcode.errors import QcodeError
from qcode.store.external import BUSY_MESSAGE, is_busy

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

log = logging.getLogger(__name__)

READ_ONLY_MESSAGE = (
    "This window is read-only: another window has the project open. Close that one and "
    "open the project again to make changes."
)


def say(w: MainWindow, message: str, timeout: int = 6000) -> None:
    w.statusBar().showMessage(message, timeout)


def error(w: MainWindow, title: str, message: str, details: str = "") -> None:
    """Say it in the status line and, unless the window is quiet, in a message box."""
    w.last_error = message
    w.say(message, 10000)
    if not w.quiet_errors:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=w)
        if details:
            box.setDetailedText(details)
        box.exec()


def failure(w: MainWindow, title: str, exc: BaseException) -> None:
    """Tell the user why an action failed; an unexpected failure is logged with details."""
    details = ""
    if not isinstance(exc, QcodeError) and not is_busy(exc):
        log.error("%s: unexpected error", title, exc_info=exc)
        details = "".join(traceback.format_exception(exc))
    w.error(title, describe(exc), details)


def describe(exc: BaseException) -> str:
    """One line for the user: the error's own words, the busy file, or an unexpected error."""
    if isinstance(exc, QcodeError):
        return str(exc)
    if is_busy(exc):
        return BUSY_MESSAGE
    return (
        f"Unexpected error: {type(exc).__name__}: {exc}. Nothing more was changed and the "
        "window stays usable; the details were logged."
    )


def show_status(w: MainWindow) -> None:
    """The window's title and the status bar's coder and project labels."""
    if w.project is None:
        w.setWindowTitle("qcode")
        w.coder_label.setText(f"Coder: {w.coder or settings.coder_name()}")
        w.project_label.setText("No project")
        return
    suffix = " (read-only)" if w.read_only else ""
    w.setWindowTitle(f"{w.project.name} — qcode{suffix}")
    w.coder_label.setText(f"Coder: {w.project.coder_name}")
    docs = len(w.documents.model.documents())
    w.project_label.setText(f"{w.project.path.name} · {docs} documents")
    w.project_label.setToolTip(str(w.project.path))
