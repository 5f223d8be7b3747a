"""Opening each analysis view (cases sheet, memos, ToR evidence board) on the full demo, in ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/views.py [--demo PATH] [--runs N]

The demo (default /tmp/scale/demo1/demo.qcode) is only read: a copy is made with SQLite's
backup API into a temporary folder, and the window opens the copy. Each view is opened from
the Analysis menu (first open: import, build and fill), then shown again after a change
(refill); the core services behind them are timed alone too. Goal: < 300 ms each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from qcode.analysis.cases import case_sheet
from qcode.analysis.evidence import evidence_board, item_passages
from qcode.analysis.memo_index import memo_index
from qcode.search import ensure_index
from qcode.search.live import close_all
from qcode.store import Project
from qcode.store.snapshots import copy_file

DEMO = Path("/tmp/scale/demo1/demo.qcode")
GOAL_MS = 300.0
KEYS = ("cases", "memos", "evidence")


def copy_project(src: Path, folder: Path) -> Path:
    """A private copy through SQLite's backup API (never a file copy of a live project)."""
    return copy_file(src, folder / "views.qcode")


def ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def line(name: str, value: float) -> None:
    print(f"{name:<44} {value:8.1f} ms   {value / GOAL_MS:5.2f} of the goal")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, default=DEMO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--core-only", action="store_true", help="time the services only (no window, no index)"
    )
    args = parser.parse_args()
    if not args.demo.exists():
        print(f"no demo at {args.demo}: build one with `qcode demo --scale 1`", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication([])
    from qcode.ui.main_window import MainWindow
    from qcode.ui.views.menu import open_view

    with tempfile.TemporaryDirectory() as tmp:
        path = copy_project(args.demo, Path(tmp))
        with Project.open(path, coder_name="bench") as p:
            if not args.core_only:  # the index ready first: the window would build it meanwhile
                ensure_index(p)
                close_all()
            docs = len(case_sheet(p).rows)
            board = evidence_board(p)
            busiest = max(board.items, key=lambda i: i.passages).item
            print(f"{path.name}: {docs} documents, {len(board.items)} ToR items, runs {args.runs}")
            line("core: cases sheet", ms(lambda: case_sheet(p), args.runs))
            line("core: memo index", ms(lambda: memo_index(p), args.runs))
            line("core: evidence board", ms(lambda: evidence_board(p), args.runs))
            line(
                f"core: passages of ToR {busiest}",
                ms(lambda: item_passages(p, busiest), args.runs),
            )
        if args.core_only:
            return 0
        window = MainWindow(coder="bench")
        window.quiet_errors = True
        window.show()
        assert window.open_project(path)
        app.processEvents()
        for key in KEYS:
            started = time.perf_counter()
            view = open_view(window, key)
            app.processEvents()
            line(f"window: open {key} (first time)", (time.perf_counter() - started) * 1000)

            def refill(view: object = view) -> None:
                view._stale = True  # type: ignore[attr-defined]
                view.sync()  # type: ignore[attr-defined]
                app.processEvents()

            line(f"window: refill {key}", ms(refill, args.runs))
        evidence = window.docks["evidence"].widget()
        evidence.choose(busiest)
        line(f"window: choose ToR {busiest} (its passages)", ms(evidence.show_passages, args.runs))
        window.close_project()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
