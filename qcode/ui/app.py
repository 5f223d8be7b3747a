"""Start the desktop application: a QApplication and the main window on a project."""

from __future__ import annotations

import logging
import signal
import socket
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from qcode import settings
from qcode.ui.icons import icon
from qcode.ui.main_window import MainWindow

log = logging.getLogger("qcode")

#: The signals that close the window cleanly (kill's default, and Ctrl+C in a terminal).
CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGINT)


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


class SignalBridge(QObject):
    """Lets Python signal handlers run while Qt waits for events.

    A Python handler only runs when the interpreter executes bytecode; while Qt's event loop
    sleeps in C++ it would wait forever. `signal.set_wakeup_fd` writes a byte to a socket on
    each signal, a QSocketNotifier wakes the loop on it, and the handler then runs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        for number in CLOSING_SIGNALS:
            signal.signal(number, self._on_signal)

    def _drain(self) -> None:
        try:
            while self._read.recv(64):
                pass
        except OSError:
            pass

    def _on_signal(self, number: int, _frame: object) -> None:
        log.info("signal %d: closing the window", number)
        QTimer.singleShot(0, self._close)

    def _close(self) -> None:
        self.window.close()  # saves the layout, stops jobs, closes the project, drops the owner
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def uninstall(self) -> None:
        for number in CLOSING_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()


def _log_to_file() -> None:
    """Warnings and unexpected errors go to `qcode.log` in the settings folder (and stderr)."""
    root = logging.getLogger()
    if root.handlers:
        return
    try:
        folder = settings.config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "qcode.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _excepthook(window: MainWindow) -> object:
    """An exception escaping a Qt slot: a message and the log, not a dead window."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, Exception):
            sys.__excepthook__(kind, exc, tb)
            return
        try:
            window.failure("qcode", exc.with_traceback(tb))
        except Exception:
            sys.__excepthook__(kind, exc, tb)

    return hook


def run(project_path: Path | None = None, coder: str | None = None) -> int:
    app = application()
    _log_to_file()
    window = MainWindow(coder=coder)
    sys.excepthook = _excepthook(window)  # type: ignore[assignment]
    bridge = SignalBridge(window)
    if project_path is not None:
        window.open_project(Path(project_path))
    window.show()
    try:
        return int(app.exec())
    finally:
        bridge.uninstall()
        sys.excepthook = sys.__excepthook__
