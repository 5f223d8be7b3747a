"""Benchmark: the cost of a snapshot of the demo project, and how long it stalls the window.

Usage: python bench/snapshot.py [DEMO.qcode] [--scale S]

Without a path, builds the demo once in /tmp/qcode-demo-full (`qcode demo`, or a smaller one
with --scale) and works on a copy made with SQLite's backup API. Prints, in milliseconds:
the time `take()` needs (one step, and in steps for comparison), the longest read and the
longest small write of a "window" loop on the same project without and during a snapshot taken
in a thread (the window takes snapshots off its GUI thread), and the restore time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from qcode.merging.state import copy_database
from qcode.store import Coding, Project, snapshots

DEMO_DIR = Path("/tmp/qcode-demo-full")


def demo(scale: float) -> Path:
    where = DEMO_DIR if scale == 1 else Path(f"/tmp/qcode-demo-{scale:g}")
    path = where / "demo.qcode"
    if not path.exists():
        cmd = [sys.executable, "-m", "qcode", "demo", str(where), "--scale", str(scale)]
        subprocess.run(cmd, check=True)
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def time_take(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        snapshots.take(path, "bench")
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def window_loop(project: Project, stop: threading.Event) -> tuple[float, float]:
    """Reads and small writes as the window makes them; returns the longest of each."""
    longest_read = longest_write = 0.0
    flip = 0
    while not stop.is_set():
        began = time.perf_counter()
        with project.read() as s:
            s.scalar(select(func.count()).select_from(Coding))
        longest_read = max(longest_read, time.perf_counter() - began)
        began = time.perf_counter()
        flip += 1
        project.put_setting("bench.flip", flip)
        longest_write = max(longest_write, time.perf_counter() - began)
        time.sleep(0.005)
    return longest_read, longest_write


def stalls(project: Project, during_snapshot: bool) -> tuple[float, float]:
    stop = threading.Event()
    result: list[tuple[float, float]] = []
    loop = threading.Thread(target=lambda: result.append(window_loop(project, stop)))
    loop.start()
    if during_snapshot:
        for _ in range(3):
            snapshots.take(project.path, "bench")
    else:
        time.sleep(0.7)
    stop.set()
    loop.join()
    return result[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    source = args.project or demo(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.qcode"
        copy_database(source, path)
        size = path.stat().st_size
        print(f"project {source} ({size / 1e6:.1f} MB)")
        with Project.open(path, coder_name="Bench") as project:
            project.put_setting("backups.keep", 3)
            one = time_take(path)
            print(f"take(), one step            {ms(one)}")
            snapshots.STEP_PAGES = 1024
            steps = time_take(path, 3)
            snapshots.STEP_PAGES = -1
            print(f"take(), 1024 pages a step   {ms(steps)}  ({steps / one:.2f}x one step)")
            base_read, base_write = stalls(project, during_snapshot=False)
            snap_read, snap_write = stalls(project, during_snapshot=True)
            print(f"window read,  longest alone {ms(base_read)}, during snapshots {ms(snap_read)}")
            print(f"window write, longest alone {ms(base_write)}, during snapshots "
                  f"{ms(snap_write)}")
            snap = snapshots.list_snapshots(path)[-1].path
            began = time.perf_counter()
            snapshots.restore(path, snap)
            print(f"restore() (snapshot first)  {ms(time.perf_counter() - began)}")
            stall = max(snap_read, snap_write)
            verdict = "ok" if stall < 0.2 else "TOO LONG"
            print(f"longest window stall during a snapshot: {ms(stall)} (goal < 200 ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
