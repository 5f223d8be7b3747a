"""What the screenshot scripts share: the demo's copy, a window on it, and waiting for Qt."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent
#: The demo `make run` builds (`qcode demo .demo`); a script's first argument overrides it.
DEMO = ROOT / ".demo" / "demo.qcode"

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def demo_source() -> Path | None:
    """The demo project named on the command line (or the default), None if it is missing."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.is_file():
        print(f"no demo project at {source}; build one with `qcode demo`")
        return None
    return source


def wait(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(signal: Any, timeout: int = 60000) -> None:
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit())
    QTimer.singleShot(timeout, loop.quit)
    loop.exec()


def copy_demo(source: Path, folder: Path) -> Path:
    """The demo copied into `folder` through SQLite's backup API (never a file copy), with the
    window's settings kept in `folder` too."""
    os.environ["QCODE_CONFIG_DIR"] = str(folder / "config")
    path = folder / "inspection.qcode"
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    dst = sqlite3.connect(path)
    src.backup(dst)
    dst.close()
    src.close()
    return path


def start_app() -> Any:
    """The QApplication, styled as qcode's."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.app import application

    application()
    return app


def open_window(path: Path, coder: str = "Inspector A") -> Any:
    """The main window at 1500×940 with `path` open and its search index built."""
    from qcode.ui.main_window import MainWindow

    window = MainWindow(coder=coder)
    window.quiet_errors = True
    window.resize(1500, 940)
    window.show()
    wait(200)
    window.open_project(path)
    settle(window)
    return window


def settle(window: Any) -> None:
    """Let the background search indexing finish (the temporary folder goes afterwards)."""
    while window.search.indexing:
        wait(50)
