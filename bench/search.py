"""Benchmark of the search index on the demo corpus, beside a regex scan and SQLite FTS5.

Run: `.venv/bin/python bench/search.py [path/to/demo.qcode]` (default: the shared demo corpus at
/tmp/qcode-demo-full/demo.qcode, copied first: the original is never touched). Prints the index
build time (wall and CPU), its size, the cost of keeping it current, and the median latency of the
first page of 50 hits (with snippets, totals and per-document counts) for each query form,
measured in the same run as the same questions asked of a plain regular-expression scan over
every text (what QualCoder does) and of SQLite FTS5 over the same segments.
"""

from __future__ import annotations

import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from qcode.documents import add_document
from qcode.search import close_index, ensure_index, rebuild_index, search
from qcode.search.indexer import worker_processes
from qcode.search.store import folder_size
from qcode.store import Project
from qcode.store.snapshots import copy_file

DEMO = Path("/tmp/qcode-demo-full/demo.qcode")
RUNS = 11

#: (form, qcode query, kinds filter, regex equivalent, FTS5 MATCH, FTS5 kind filter)
QUERIES: list[tuple[str, str, str | None, str, str, str | None]] = [
    ("term", "impartiality", None, r"\bimpartial\w*", "impartiality", None),
    ("phrase", '"advisory group"', None, r"\badvisory\s+groups?\b", '"advisory group"', None),
    ("wildcard", "recruit*", None, r"\brecruit\w*", "recruit*", None),
    (
        "boolean+filter",
        '"positive action" AND NOT recruitment',
        "focus_group",
        r"\bpositive\s+action\b",
        '"positive action" NOT recruitment',
        "focus_group",
    ),
    (
        "proximity",
        '"advisory box"~5',
        None,
        r"\badvisory\W+(?:\w+\W+){0,4}box",
        "NEAR(advisory box, 5)",
        None,
    ),
    ("common term", "police", None, r"\bpolice\b", "police", None),
]


def cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float, float, object]:
    """(first run, median wall time, median CPU time of the following runs) in ms, and the last
    result. CPU time is reported too because this machine is shared: wall time swells with
    other people's load, CPU time does not."""
    walls, cpus = [], []
    result: object = None
    for _ in range(runs + 1):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return walls[0], statistics.median(walls[1:]), statistics.median(cpus[1:]), result


def copy_project(source: Path, folder: Path) -> Path:
    """A copy of the project through SQLite's backup API (never a copy of a live file)."""
    return copy_file(source, folder / source.name)


def regex_scan(texts: list[tuple[str, str]], pattern: str, kind: str | None) -> int:
    rx = re.compile(pattern, re.IGNORECASE)
    return sum(sum(1 for _ in rx.finditer(text)) for k, text in texts if kind is None or k == kind)


def build_fts(project: Project, folder: Path) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(folder / "fts.db")
    db.execute(
        "CREATE VIRTUAL TABLE seg USING fts5(text, kind UNINDEXED, doc UNINDEXED,"
        " tokenize='porter unicode61')"
    )
    src = sqlite3.connect(project.path)
    rows = src.execute(
        "SELECT s.id, substr(d.text, s.start + 1, s.end - s.start), d.kind, d.name"
        " FROM segment s JOIN document d ON d.uuid = s.document_uuid WHERE d.deleted = 0"
    ).fetchall()
    t = time.perf_counter()
    db.executemany("INSERT INTO seg(rowid, text, kind, doc) VALUES (?, ?, ?, ?)", rows)
    db.commit()
    return db, time.perf_counter() - t


def fts_page(db: sqlite3.Connection, match: str, kind: str | None) -> int:
    where = "seg MATCH ?" + (" AND kind = ?" if kind else "")
    args: tuple[str, ...] = (match, kind) if kind else (match,)
    db.execute(
        f"SELECT rowid, doc, snippet(seg, 0, '«', '»', '…', 12) FROM seg WHERE {where}"
        " ORDER BY rank LIMIT 50",
        args,
    ).fetchall()
    counts = db.execute(f"SELECT doc, count(*) FROM seg WHERE {where} GROUP BY doc", args)
    return sum(n for _, n in counts)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.exists() or (source == DEMO and not (DEMO.parent / "READY").exists()):
        print(f"no demo corpus at {source}: build it with `qcode demo` first")
        return 1
    with tempfile.TemporaryDirectory(prefix="qcode-bench-search-") as tmp:
        folder = Path(tmp)
        path = copy_project(source, folder)
        with Project.open(path, coder_name="bench") as project:
            src = sqlite3.connect(path)
            texts = src.execute("SELECT kind, text FROM document WHERE deleted = 0").fetchall()
            words = sum(len(t.split()) for _, t in texts)
            print(f"corpus: {len(texts)} documents, {words:,} words")

            c0, t0 = cpu(), time.perf_counter()
            status = rebuild_index(project)
            wall, used = time.perf_counter() - t0, cpu() - c0
            size = folder_size(status.path) / 1e6
            print(
                f"index build: {wall:.1f} s wall, {used:.1f} s CPU"
                f" ({worker_processes(words)} worker process(es)),"
                f" {status.segments:,} segments, {size:.1f} MB"
            )
            t0 = time.perf_counter()
            ensure_index(project)
            check = (time.perf_counter() - t0) * 1000
            close_index(project)
            t0 = time.perf_counter()
            search(project, "impartiality")
            opened = (time.perf_counter() - t0) * 1000
            print(f"up-to-date check: {check:.1f} ms; first search after opening: {opened:.0f} ms")
            add_document(project, "Bench extra", texts[0][1], kind="interview")
            t0 = time.perf_counter()
            upd = ensure_index(project)
            print(
                f"incremental update after adding one document: {upd.seconds * 1000:.0f} ms"
                f" to update the index ({upd.added} added, not rebuilt),"
                f" {(time.perf_counter() - t0) * 1000:.0f} ms until searchable again"
            )

            fts, fts_build = build_fts(project, folder)
            print(f"SQLite FTS5 build (same segments, porter): {fts_build:.1f} s")
            print()
            header = (
                f"{'query form':15} {'query':38} {'hits':>5} {'qcode':>7} {'cpu':>7} {'first':>7}"
                f" {'by doc':>7} {'regex':>7} {'cpu':>7} {'FTS5':>7} {'vs regex':>8}"
            )
            print(header)
            print("-" * len(header))
            for form, query, kind, pattern, match, fts_kind in QUERIES:
                kinds = [kind] if kind else None
                first, median, q_cpu, res = timed(
                    lambda q=query, k=kinds: search(project, q, kinds=k)
                )
                _, by_doc, _, _ = timed(
                    lambda q=query, k=kinds: search(project, q, kinds=k, order="document"), 5
                )
                _, rx, rx_cpu, _ = timed(lambda p=pattern, k=kind: regex_scan(texts, p, k), 5)
                _, ft, _, _ = timed(lambda m=match, k=fts_kind: fts_page(fts, m, k), 5)
                total = getattr(res, "total", 0)
                print(
                    f"{form:15} {query:38} {total:5} {median:6.1f}m {q_cpu:6.1f}m {first:6.1f}m"
                    f" {by_doc:6.1f}m {rx:6.1f}m {rx_cpu:6.1f}m {ft:6.1f}m"
                    f" {rx_cpu / max(q_cpu, 0.01):7.0f}x"
                )
            fts.close()
    print("\nms; qcode = first page of 50 hits, ranked, with KWIC snippets, exact offsets, total")
    print("and per-document/per-kind counts: median wall and CPU time of warm runs, 'first' = the")
    print("first run of that query; 'by doc' = the same in document order; regex = a scan of every")
    print("text (wall, CPU); FTS5 = top 50 with snippet() plus per-document counts; 'vs regex' =")
    print("regex CPU / qcode CPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
