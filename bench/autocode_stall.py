"""Code all hits in the window, again and again: longest GUI stall, its stacks, undo refusals.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/autocode_stall.py [--demo PATH] [--rounds N]

Each round runs "Code all hits" of one query from the search pane, then undoes it; a QTimer
ticks every 10 ms on the GUI thread and the longest gap between ticks is the round's stall.
A watchdog outside the GIL (faulthandler) prints every thread's stack whenever the GUI thread
has not ticked for --dump ms, so a stall names what ran. An undo the window refused (its
"changed by someone else" check) is counted and its message printed. The project is a copy
made through SQLite's backup API, with its search index built once in --cache (bench/gui.py's).
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gui  # bench/gui.py: the scales, the cached index and the backup copy

TICK_MS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--demo", type=Path, default=gui.SCALES[1][1])
    parser.add_argument("--label", default="")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default=gui.QUERY)
    parser.add_argument("--unit", default="hit")
    parser.add_argument("--cache", type=Path, default=gui.CACHE)
    parser.add_argument("--dump", type=float, default=0, help="ms without a tick: print stacks")
    parser.add_argument("--stacks", type=Path, help="file for the stacks (default: stderr)")
    args = parser.parse_args()
    label = args.label or args.demo.parent.name

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.main_window import MainWindow

    base = gui.cached(args.demo, label, args.cache)
    stacks = open(args.stacks, "w") if args.stacks else sys.stderr  # noqa: SIM115
    with tempfile.TemporaryDirectory(prefix="qcode-autocode-stall-") as tmp:
        os.environ["QCODE_CONFIG_DIR"] = str(Path(tmp) / "config")
        path = Path(tmp) / "demo.qcode"
        gui.backup(base, path)
        index = base.with_name(base.name + "-index")
        if index.is_dir():
            shutil.copytree(index, path.with_name(path.name + "-index"))
        window = MainWindow(coder="Bench")
        window.quiet_errors = True
        window.resize(1400, 900)
        window.show()
        window.open_project(path)
        started = time.perf_counter()
        while window.search.indexing and time.perf_counter() - started < 3600:
            app.processEvents()
            time.sleep(0.01)
        pane = window.search
        pane.query.setText(args.query)
        pane.run()
        codes = [c.uuid for c in window.codebook.model.codes() if c.codable]
        pane.choose_target(codes[0])
        pane.unit.setCurrentIndex(pane.unit.findData(args.unit))
        ticks = QElapsedTimer()
        gaps: list[float] = []

        def tick() -> None:
            gaps.append(ticks.restart())
            if args.dump:
                faulthandler.dump_traceback_later(args.dump / 1000, file=stacks)

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        refused = 0
        for round_ in range(args.rounds):
            gaps.clear()
            print(f"--- round {round_ + 1}", file=stacks, flush=True)
            started = time.perf_counter()
            ticks.start()
            timer.start()
            if args.dump:
                faulthandler.dump_traceback_later(args.dump / 1000, file=stacks)
            pane.code_all.click()
            run = window.gestures.autocoding
            while not run.outcome and time.perf_counter() - started < 3600:
                app.processEvents()
                time.sleep(0.002)
            for _ in range(20):  # the refresh after the step was pushed
                app.processEvents()
                time.sleep(0.005)
            total = time.perf_counter() - started
            timer.stop()
            faulthandler.cancel_dump_traceback_later()
            stall = max(gaps, default=0.0)
            command = window.undo_stack.command(window.undo_stack.index() - 1)
            coded = len(command.created) if run.outcome == "done" else 0
            window.last_error = ""
            t0 = time.perf_counter()
            window.undo_stack.undo()
            undo_ms = (time.perf_counter() - t0) * 1000
            if window.last_error:
                refused += 1
                print(f"REFUSED: {window.last_error}", flush=True)
            app.processEvents()
            print(
                f"[{label}] round {round_ + 1}: {coded:,} codings in {total:.2f} s, "
                f"longest stall {stall:.0f} ms, undo {undo_ms:.0f} ms",
                flush=True,
            )
        print(f"[{label}] undos refused: {refused} of {args.rounds}", flush=True)
        window.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
