"""Speed of the matrix query and its view on the full demo: medians in ms and ratios to the goal.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/views_matrix.py [--demo PATH] [--runs N]

The demo (default /tmp/scale/demo1/demo.qcode, `qcode demo` at scale 1) is only read: it is
copied with SQLite's backup API into a temporary folder first. The goal (issue 16): the matrix
of all codes × 12 forces in under 500 ms; a view opening in under 300 ms.
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

from qcode.store.snapshots import copy_file

DEMO = Path("/tmp/scale/demo1/demo.qcode")
MATRIX_GOAL = 0.5
VIEW_GOAL = 0.3


def copy_project(source: Path, folder: Path) -> Path:
    """A private copy of a project file, made with SQLite's backup API (never a file copy)."""
    return copy_file(source, folder / "demo.qcode")


def median(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(label: str, seconds: float, goal: float) -> None:
    print(f"{label:<52} {seconds * 1000:8.1f} ms   {seconds / goal:5.2f} of the goal")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, default=DEMO)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.demo.exists():
        print(f"no demo project at {args.demo}: build one with `qcode demo`", file=sys.stderr)
        return 1

    from qcode.analysis.cooccurrence import cooccurrence_matrix
    from qcode.analysis.matrix import MatrixSpec, cell_quotes, matrix_query
    from qcode.store import Project

    with tempfile.TemporaryDirectory(prefix="qcode-bench-matrix-") as folder:
        path = copy_project(args.demo, Path(folder))
        with Project.open(path, coder_name="Bench") as project:
            force = MatrixSpec(by="force")
            m = matrix_query(project, force)
            print(f"{len(m.rows)} codes × {len(m.columns)} forces, {m.total_documents} documents")
            report(
                "matrix: all codes × forces",
                median(lambda: matrix_query(project, force), args.runs),
                MATRIX_GOAL,
            )
            for by in ("kind", "role", "document", "speaker", "coder"):
                spec = MatrixSpec(by=by)
                report(
                    f"matrix: all codes × {by}",
                    median(lambda s=spec: matrix_query(project, s), args.runs),
                    MATRIX_GOAL,
                )
            report(
                "co-occurrence: codes × codes",
                median(lambda: cooccurrence_matrix(project), args.runs),
                MATRIX_GOAL,
            )
            top = m.rows[0]
            report(
                "cell: the first theme × Force A, as quotes",
                median(
                    lambda: cell_quotes(project, force, top.code_uuid, m.columns[0].key), args.runs
                ),
                VIEW_GOAL,
            )
            _gui(project, args.runs)
    return 0


def _gui(project: object, runs: int) -> None:
    """The view in a window: opened, then switched to forces (what the user waits for)."""
    from PySide6.QtWidgets import QApplication

    from qcode.ui.main_window import MainWindow
    from qcode.ui.views.menu import open_view

    app = QApplication.instance() or QApplication([])
    window = MainWindow(coder="Bench")
    window.quiet_errors = True
    assert window.open_project(project.path)  # type: ignore[attr-defined]
    window.show()
    app.processEvents()
    started = time.perf_counter()
    view = open_view(window, "matrix")
    app.processEvents()
    report("view: open (codes × source kind)", time.perf_counter() - started, VIEW_GOAL)

    def to_forces() -> None:
        view.set_columns("kind")
        view.set_columns("force")
        app.processEvents()

    report("view: switch to codes × forces (and back)", median(to_forces, runs) / 2, MATRIX_GOAL)
    window.close_project()
    window.close()


if __name__ == "__main__":
    sys.exit(main())
