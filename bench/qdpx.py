"""Benchmark: importing the 303-coding NVivo sample (.qdpx) and exporting the full demo as .qdpx.

The demo is /tmp/qcode-demo-full/demo.qcode (or the path given), built there at full scale when
it is missing; it is copied through SQLite's backup API first, so the file given is never changed
(opening migrates an older schema). Prints seconds (wall and this process's CPU, which a busy
machine inflates less) and the ratio to the issue's budget (import < 2 s, export < 10 s).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from qcode.demo import build_demo
from qcode.refi.exporter import export_qdpx
from qcode.refi.importer import import_qdpx
from qcode.store import Project
from qcode.store.snapshots import copy_file

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "refi-qda"
    / "samples"
    / "nvivo12-windows-oltas0517.qdpx"
)
DEMO = Path("/tmp/qcode-demo-full/demo.qcode")


def copy_project(src: Path, dst: Path) -> Path:
    """A copy of a project file through SQLite's backup API (never a file copy)."""
    return copy_file(src, dst)


def main() -> None:
    demo = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if SAMPLE.exists():
            times = []
            for n in range(3):
                with Project.create(tmp / f"n{n}.qcode", coder_name="Bench") as project:
                    start, cpu = time.perf_counter(), time.process_time()
                    report = import_qdpx(project, SAMPLE)
                    times.append((time.perf_counter() - start, time.process_time() - cpu))
            best, best_cpu = min(times)
            print(
                f"import NVivo sample ({report.codings_added} codings): {best:.2f} s, "
                f"CPU {best_cpu:.2f} s (budget 2 s, ratio {best / 2:.2f})"
            )
        if not demo.exists():
            print(f"building the full demo in {demo.parent} …")
            demo = build_demo(demo.parent)
        copy = copy_project(demo, tmp / "demo.qcode")
        with Project.open(copy, coder_name="Bench") as project:
            start, cpu = time.perf_counter(), time.process_time()
            written = export_qdpx(project, tmp / "demo.qdpx")
            took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"export full demo ({written.documents} documents, {written.codings} codings): "
            f"{took:.2f} s, CPU {took_cpu:.2f} s (budget 10 s, ratio {took / 10:.2f})"
        )
        with Project.create(tmp / "back.qcode", coder_name="Bench") as project:
            start, cpu = time.perf_counter(), time.process_time()
            back = import_qdpx(project, tmp / "demo.qdpx")
            took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"import it back ({back.codings_added} codings): {took:.2f} s, CPU {took_cpu:.2f} s"
        )


if __name__ == "__main__":
    main()
