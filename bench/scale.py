"""Search at 1x and 8x the corpus side by side: index build, cold `qcode search`, warm searches,
beside SQLite FTS5 (porter) and a regex scan, with peak memory, in one run.

Run: `.venv/bin/python bench/scale.py [ONE.qcode EIGHT.qcode]` (default: the corpora of
`qcode demo` and `qcode demo --scale 4 --length 2` at /tmp/scale/demo1 and /tmp/scale/demo8).
Both are copied first through SQLite's backup API: the originals are never touched. Every cold
measurement runs in a fresh process (peak memory from its own rusage); warm times are medians.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import QUERIES, fts_page, regex_scan

from qcode.integrity import scan_cache
from qcode.search import close_index, ensure_index, search
from qcode.store import Project
from qcode.store.snapshots import copy_file

DEFAULTS = (Path("/tmp/scale/demo1/demo.qcode"), Path("/tmp/scale/demo8/demo.qcode"))
QCODE = [sys.executable, "-m", "qcode"]
COLD = ["impartiality", '"advisory group"', "police", "recruit*"]
RUNS = 7

FTS_BUILD = """
import sqlite3, sys, time
src = sqlite3.connect(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE seg USING fts5(text, kind UNINDEXED, doc UNINDEXED,"
           " tokenize='porter unicode61')")
t = time.perf_counter()
rows = src.execute(
    "SELECT s.id, substr(d.text, s.start + 1, s.end - s.start), d.kind, d.name"
    " FROM segment s JOIN document d ON d.uuid = s.document_uuid WHERE d.deleted = 0")
db.executemany("INSERT INTO seg(rowid, text, kind, doc) VALUES (?, ?, ?, ?)", rows)
db.commit()
print(time.perf_counter() - t)
"""

FTS_COLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
where = "seg MATCH ?"
db.execute(f"SELECT rowid, doc, snippet(seg, 0, '«', '»', '…', 12) FROM seg WHERE {where}"
           " ORDER BY rank LIMIT 50", (sys.argv[2],)).fetchall()
db.execute(f"SELECT doc, count(*) FROM seg WHERE {where} GROUP BY doc", (sys.argv[2],)).fetchall()
"""

SERVICE = """
import sys, time
t = time.perf_counter()
from qcode.search import ensure_index, search
from qcode.store import Project
imported = time.perf_counter()
with Project.open(sys.argv[1]) as p:
    ensure_index(p)
    search(p, sys.argv[2])
print(imported - t, time.perf_counter() - imported)
"""


@dataclass
class Run:
    """One process: wall seconds, CPU seconds (itself and its children), peak memory MB."""

    wall: float
    cpu: float
    peak: float
    out: str


#: Runs a command and prints its own rusage: started from this small process, the command's
#: peak memory is its own (a child forked from the benchmark would count the benchmark's pages).
LAUNCH = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:])  # its output goes straight to ours
_, status, usage = os.wait4(proc.pid, 0)
sys.stderr.write(f"\\nRUSAGE {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(args: list[str]) -> Run:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCH, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{args} failed: {done.stderr}")
    cpu, peak = done.stderr.rsplit("RUSAGE", 1)[1].split()
    return Run(wall, float(cpu), int(peak) / 1024, done.stdout)


def copy(source: Path, folder: Path) -> Path:
    return copy_file(source, folder / source.name)


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


@dataclass
class Scale:
    """Every number measured on one corpus."""

    name: str
    words: int = 0
    segments: int = 0
    rows: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)


def measure(name: str, source: Path, tmp: Path) -> Scale:
    folder = tmp / name
    folder.mkdir()
    path = copy(source, folder)
    scale = Scale(name)
    src = sqlite3.connect(path)
    texts = src.execute("SELECT kind, text FROM document WHERE deleted = 0").fetchall()
    scale.words = sum(len(t.split()) for _, t in texts)
    scale.segments = src.execute("SELECT count(*) FROM segment").fetchone()[0]
    src.close()
    n, r = scale.numbers, scale.rows

    build = run([*QCODE, "index", str(path), "--rebuild"])
    n["build"] = build.wall
    r["index build: wall / CPU / peak"] = (
        f"{build.wall:6.1f} s {build.cpu:6.1f} s {build.peak:5.0f} MB"
    )
    fts = run([sys.executable, "-c", FTS_BUILD, str(path), str(folder / "fts.db")])
    n["fts build"] = fts.wall
    r["FTS5 build: wall / CPU / peak"] = f"{fts.wall:6.1f} s {fts.cpu:6.1f} s {fts.peak:5.0f} MB"
    r["index build / FTS5 build"] = f"{build.wall / fts.wall:6.2f}x"

    start = run([*QCODE, "--version"])
    r["qcode --version (startup): wall / peak"] = f"{start.wall:6.2f} s {start.peak:5.0f} MB"
    # the first search after the file changed opens it in full (the opening scan, whose verdict
    # is remembered once the file has settled); the searches after it take the read-only path
    time.sleep(scan_cache.SETTLED + 0.5)
    first = run([*QCODE, "search", str(path), COLD[0]])
    r["first search after a change: wall / peak"] = f"{first.wall:6.2f} s {first.peak:5.0f} MB"
    for query in COLD:
        cold = run([*QCODE, "search", str(path), query])
        service = run([sys.executable, "-c", SERVICE, str(path), query])
        _imports, opened = map(float, service.out.split())
        fcold = run([sys.executable, "-c", FTS_COLD, str(folder / "fts.db"), query])
        n[f"cold {query}"] = opened
        n[f"cold peak {query}"] = cold.peak
        r[f"cold {query}: qcode search wall / peak"] = f"{cold.wall:6.2f} s {cold.peak:5.0f} MB"
        r[f"cold {query}: open+index check+search"] = f"{opened:6.3f} s {service.peak:5.0f} MB"
        r[f"cold {query}: FTS5 process wall / peak"] = f"{fcold.wall:6.2f} s {fcold.peak:5.0f} MB"

    texts_only = [(k, t) for k, t in texts]
    fdb = sqlite3.connect(folder / "fts.db")
    with Project.open(path, coder_name="bench") as project:
        ensure_index(project)
        for form, query, kind, pattern, match, fts_kind in QUERIES:
            kinds = [kind] if kind else None
            ours = median_ms(lambda q=query, k=kinds: search(project, q, kinds=k))
            theirs = median_ms(lambda m=match, k=fts_kind: fts_page(fdb, m, k))
            scan = median_ms(lambda p=pattern, k=kind: regex_scan(texts_only, p, k), 1)
            n[f"warm {form}"] = ours
            r[f"warm {form}: qcode / FTS5 / regex ms"] = f"{ours:7.1f} {theirs:7.1f} {scan:8.0f}"
            r[f"warm {form}: vs FTS5, regex/qcode"] = (
                f"{ours / max(theirs, 0.01):6.2f}x {scan / max(ours, 0.01):6.0f}x"
            )
        close_index(project)
    fdb.close()
    return scale


def main() -> int:
    one, eight = (Path(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else DEFAULTS
    for source in (one, eight):
        if not source.exists():
            print(f"no corpus at {source}: build it with `qcode demo` (see the module docstring)")
            return 1
    with tempfile.TemporaryDirectory(prefix="qcode-bench-scale-") as tmp:
        scales = [measure("1x", one, Path(tmp)), measure("8x", eight, Path(tmp))]
    a, b = scales
    print(
        f"corpus: 1x {a.words:,} words, {a.segments:,} segments;"
        f" 8x {b.words:,} words ({b.words / a.words:.1f}x), {b.segments:,} segments"
    )
    width = max(len(k) for k in a.rows)
    print(f"{'':{width}}  {'1x':>24}  {'8x':>24}")
    for key in a.rows:
        print(f"{key:{width}}  {a.rows[key]:>24}  {b.rows.get(key, ''):>24}")
    print(
        f"index build 8x / 1x: {b.numbers['build'] / a.numbers['build']:.2f}x"
        f" (words {b.words / a.words:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
