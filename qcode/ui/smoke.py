"""A headless check of an installed or frozen qcode: open the window on a project, report, quit."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QToolBar

from qcode import __version__

_IMPORTED = time.perf_counter()


def run(project: Path, seconds: float = 0.0, started: float | None = None) -> dict[str, object]:
    """Show the main window on `project`, keep it up for `seconds`, and say what it showed.

    `started` is the `time.perf_counter()` the caller's process began with (for start-up time).
    """
    started = time.perf_counter() if started is None else started
    from qcode.ui.app import application
    from qcode.ui.main_window import MainWindow

    app = application()
    window = MainWindow(coder="Smoke test")
    window.quiet_errors = True
    opened = window.open_project(project)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - started
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    actions = [a for bar in window.findChildren(QToolBar) for a in bar.actions() if a.text()]
    report: dict[str, object] = {
        "version": __version__,
        "opened": opened,
        "toolbar_actions": len(actions),
        "toolbar_without_icon": [a.text() for a in actions if a.icon().isNull()],
        "window_icon": not window.windowIcon().isNull(),
        "shown_after_s": round(shown, 3),
        "error": window.last_error,
    }
    window.close()
    if window.project is not None:
        window.project.close()
    return report


def main(argv: list[str], started: float | None = None) -> int:
    """`… smoke PROJECT [SECONDS]`: prints one JSON line; exit 0 only if everything was there."""
    report = run(Path(argv[0]), float(argv[1]) if len(argv) > 1 else 0.0, started)
    print(json.dumps(report, sort_keys=True))
    good = report["opened"] and report["window_icon"] and not report["toolbar_without_icon"]
    return 0 if good and report["toolbar_actions"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], started=_IMPORTED))
