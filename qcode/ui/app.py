"""Start the desktop application: a QApplication and the main window on a project."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from qcode import settings
from qcode.errors import QcodeError
from qcode.ui.icons import icon
from qcode.ui.main_window import MainWindow
from qcode.ui.theme import follow_system

log = logging.getLogger("qcode")

#: The signals that close the window cleanly (kill's default, and Ctrl+C in a terminal).
CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class NoDisplayError(QcodeError):
    """There is no screen to show the window on (Qt would abort with a page of messages)."""


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why no window can be shown here, or "" when one can (or we cannot tell)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return ""  # Windows and macOS always have their own display
    plugin = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if plugin and plugin not in ("xcb", "wayland", "wayland-egl"):
        return ""  # offscreen, vnc, eglfs…: the user chose it
    wayland, x11 = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if plugin.startswith("wayland"):
        return "" if wayland else "no display is available (WAYLAND_DISPLAY is not set)"
    if not plugin and wayland:
        return ""
    if not x11:
        return "no display is available (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", x11)
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return f"no display is available (no X server answers on DISPLAY={x11})"
    return ""


def application() -> QApplication:
    """The running QApplication, made (and named, for settings) if there is none."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("qcode")
    app.setApplicationDisplayName("qcode")
    app.setOrganizationName("qcode")
    app.setWindowIcon(icon("app"))
    if not hasattr(app, "_qcode_scheme"):  # light or dark as the system is, and follow it
        app._qcode_scheme = follow_system(app)  # type: ignore[attr-defined]
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
    if QApplication.instance() is None and (problem := display_problem()):
        raise NoDisplayError(
            f"{problem}; run qcode gui on a desktop, or use the qcode commands in a terminal"
        )
    app = application()
    _log_to_file()
    window = MainWindow(coder=coder)
    sys.excepthook = _excepthook(window)  # type: ignore[assignment]
    bridge = SignalBridge(window)
    if project_path is not None:
        window.open_project(Path(project_path))
    window.show()
    if coder is None:
        from qcode.ui.first_run import ask_coder_once

        ask_coder_once(window)  # the first start only: who is coding (not the login name)
    try:
        return int(app.exec())
    finally:
        bridge.uninstall()
        sys.excepthook = sys.__excepthook__
