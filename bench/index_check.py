"""Benchmark: what checking the index against the project costs before each search, full demo.

Times, on /tmp/qcode-demo-full/demo.qcode (or the path given), the quick key checked before
every search of an open index, the full per-document state read whenever an index is opened,
and the change counter alone (what was checked before), as medians of 30 runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from qcode.search import corpus
from qcode.store import Project

DEMO = Path("/tmp/qcode-demo-full/demo.qcode")


def median_ms(work: Callable[[], object], runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not path.exists():
        sys.exit(f"{path}: build it first with `qcode demo {path.parent}`")
    with Project.open(path) as project:
        counter = median_ms(project.change_counter)
        quick = median_ms(lambda: corpus.quick_key(project))
        full = median_ms(lambda: corpus.project_state(project))
        documents = len(corpus.fingerprints(project))
    print(f"{documents} documents")
    print(f"change counter alone        {counter:7.2f} ms")
    print(f"quick key (every search)    {quick:7.2f} ms  ({quick / counter:.0f}x the counter)")
    print(f"full state (index opened)   {full:7.2f} ms  ({full / quick:.0f}x the quick key)")


if __name__ == "__main__":
    main()
