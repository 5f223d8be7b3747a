"""Timings of the window at 1x and 8x the corpus (issues 8 and 20), printed as one table.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py [--demo PATH ...] [--runs N]

Projects measured, by default: /tmp/scale/demo1 and /tmp/scale/demo8 (`qcode demo` and
`qcode demo --scale 4 --length 2`) when they exist, else the full demo at /tmp/qcode-demo-full,
else a synthetic project. Each is measured in a process of its own (its peak memory is that
process's), on a copy made through SQLite's backup API: the originals are never touched. The
search index of a project is built once into a cache folder (--cache) and copied beside each
copy. Times are in ms, "median (max)" over --runs; the machine is shared, so compare the
columns (the ratio 8x/1x) rather than single numbers. Opening is measured twice: first opens
(the full opening scan: the fresh copy, then twice more with the remembered scans forgotten;
best of 3), and reopens once the file system can vouch for the file (its clean scan is then
remembered and skipped); the opening scan alone is timed too (best of 3). `--open-only`
stops there (a minute instead of many at 8x).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCALES = (("1x", Path("/tmp/scale/demo1/demo.qcode")), ("8x", Path("/tmp/scale/demo8/demo.qcode")))
DEMO = Path("/tmp/qcode-demo-full")
CACHE = Path(tempfile.gettempdir()) / "qcode-bench-gui"
QUERY = '"positive action" OR trust'
#: (key, label, goal at 8x) in the order of issue 20's table
ROWS = (
    ("code_all", "code all hits", "linear: < 60 s, cancellable, progress shown"),
    ("stall", "longest window stall during it", "< 200 ms"),
    ("undo_all", "undo code all hits", "< 500 ms"),
    ("open", "open project (all panes), first: full scan", "< 1 s"),
    ("scan", "the opening scan alone (in the first open)", ""),
    ("reopen", "reopen project (all panes), scan remembered", "< 1 s"),
    ("filter", "filter the documents pane", "< 50 ms"),
    ("apply", "apply a code", "< 50 ms"),
    ("counts", "counts after a change", "< 50 ms, max < 200"),
    ("open_doc", "open the focus group", "< 150 ms"),
    ("codebook_filter", "filter the codebook pane", "< 50 ms"),
    ("index", "search index ready (background)", "see the scale issue"),
    ("memory", "peak memory of the process", "< 500 MB"),
)
WORDS = [
    "police",
    "officers",
    "community",
    "trust",
    "protest",
    "impartial",
    "lanyard",
    "policy",
    "training",
    "neutral",
    "inspection",
    "evidence",
    "equality",
    "assessment",
    "advisory",
    "group",
    "stop",
    "search",
    "culture",
    "leadership",
]


# --- projects ------------------------------------------------------------------------------
def backup(source: Path, target: Path) -> None:
    """Copy a project file through SQLite's backup API (never a file copy of a live file)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def cached(source: Path, label: str, cache: Path) -> Path:
    """A copy of `source` with its search index built, kept in `cache/label` between runs."""
    from qcode.search import close_index, ensure_index
    from qcode.store import Project

    folder = cache / label
    base = folder / "demo.qcode"
    stamp = f"{source.resolve()}|{source.stat().st_size}|{source.stat().st_mtime_ns}"
    if (folder / "READY").exists() and (folder / "READY").read_text() == stamp:
        return base
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    backup(source, base)
    started = time.perf_counter()
    print(f"[{label}] building the search index of {source} once (cached in {folder})…")
    with Project.open(base, coder_name="Bench") as p:
        ensure_index(p)
        close_index(p)
    print(f"[{label}] index built in {time.perf_counter() - started:.0f} s")
    (folder / "READY").write_text(stamp)
    return base


def synthetic(folder: Path) -> Path:
    from qcode.codebook.tree import add_code
    from qcode.documents import add_document
    from qcode.store import Project
    from qcode.text import Span

    rng = random.Random(1)
    path = folder / "bench.qcode"
    with Project.create(path, coder_name="Bench") as p:
        for theme in range(12):
            for sub in range(8):
                add_code(p, f"Theme {theme}/Code {theme}.{sub}")
        for i in range(41):
            lines, spans, pos = [], [], 0
            for _ in range(300 if i == 40 else 40):
                line = f"Officer {rng.randint(1, 5)}: " + " ".join(rng.choices(WORDS, k=30))
                spans.append(Span(pos, pos + len(line), line.split(":")[0]))
                lines.append(line + ".")
                pos += len(line) + 2
            kind = "focus_group" if i == 40 else "interview"
            add_document(p, f"Document {i:03}", "\n".join(lines), kind=kind, spans=spans)
    return path


def add_codings(path: Path, n: int) -> str:
    """The focus group closest to 12,000 words, brought up to `n` random codings."""
    from sqlalchemy import func, select

    from qcode.coding import insert_coding
    from qcode.documents import resolve_document
    from qcode.store import Action, Document, Project
    from qcode.store.models import Code, Coding

    rng = random.Random(2)
    with Project.open(path, coder_name="Bench") as p:
        with p.read() as s:
            sizes = dict(
                s.execute(
                    select(Document.uuid, func.length(Document.text)).where(
                        Document.deleted.is_(False), Document.kind == "focus_group"
                    )
                ).all()
            ) or dict(s.execute(select(Document.uuid, func.length(Document.text))).all())
        uuid = min(sizes, key=lambda u: abs(sizes[u] / 6 - 12000))
        with p.transaction(Action("bench codings", touches={"codings"})) as s:
            doc = resolve_document(s, uuid)
            have = s.query(Coding).filter(Coding.document_uuid == uuid).count()
            codes = [c for c in s.query(Code).filter(Code.deleted.is_(False)).all() if c.codable]
            for _ in range(max(0, n - have)):
                start = rng.randrange(0, len(doc.text) - 400)
                end = start + rng.randint(20, 380)
                insert_coding(s, doc, rng.choice(codes), start, end, p.coder_uuid)
        return str(uuid)


def prepare(source: Path | None, label: str, cache: Path, folder: Path) -> tuple[Path, str]:
    """In the parent process: the copy to measure (index beside it) and its focus group."""
    if source is None:
        path = synthetic(folder)
    else:
        base = cached(source, label, cache)
        path = folder / "demo.qcode"
        backup(base, path)
        index = base.with_name(base.name + "-index")
        if index.is_dir():  # derived data, closed: a plain copy is safe
            shutil.copytree(index, path.with_name(path.name + "-index"))
    return path, add_codings(path, 300)


# --- one project, in this process ----------------------------------------------------------
def timed(runs: int, setup: Callable[[], None], step: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        step()
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure(path: Path, doc: str, runs: int, open_only: bool = False) -> dict[str, object]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from qcode.integrity.guard import damage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.main_window import MainWindow

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QCODE_CONFIG_DIR"] = str(Path(tmp) / "config")
        window = MainWindow(coder="Bench")
        window.quiet_errors = True
        window.resize(1400, 900)
        window.show()
        app.processEvents()

        def open_project() -> None:
            window.open_project(path)
            app.processEvents()

        def idle() -> None:
            """Until the index check each open starts in the background is done (bounded)."""
            started = time.perf_counter()
            while window.search.indexing and time.perf_counter() - started < 600:
                app.processEvents()
                time.sleep(0.01)

        def forget() -> None:
            """As if the file had never been opened here: no scan remembered."""
            from qcode.integrity import scan_cache

            idle()
            window.close_project()
            app.processEvents()
            (Path(os.environ["QCODE_CONFIG_DIR"]) / scan_cache.CACHE_FILE).unlink(missing_ok=True)

        out["open"] = timed(1, lambda: None, open_project)  # a fresh copy: the full scan
        out["open"] += timed(2, forget, open_project)
        out["scan"] = timed(3, idle, lambda: damage(path))

        def settle() -> None:
            """Until the file system can vouch for the file (its opening scan is then
            remembered, and a reopen skips it): SETTLED seconds after the last write."""
            from qcode.integrity.scan_cache import fingerprint

            idle()
            window.close_project()
            app.processEvents()
            started = time.perf_counter()
            while fingerprint(path) is None and time.perf_counter() - started < 30:
                time.sleep(0.1)

        settle()
        open_project()  # scanned once more, now remembered
        out["reopen"] = timed(3, settle, open_project)
        out["documents"] = len(window.documents.model.documents())
        if open_only:
            window.close()
            app.processEvents()
            out["memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            return out
        started = time.perf_counter()
        while window.search.indexing and time.perf_counter() - started < 3600:
            app.processEvents()
            time.sleep(0.01)
        out["index"] = [(time.perf_counter() - started) * 1000]

        def show() -> None:
            window.open_document(doc)
            window.viewer.viewport().repaint()

        out["open_doc"] = timed(runs, window.viewer.clear_document, show)
        codes = [c.uuid for c in window.codebook.model.codes() if c.codable]
        rng = random.Random(3)
        text = window.viewer.text

        def select() -> None:
            start = rng.randrange(0, len(text) - 300)
            window.viewer.select_span(start, start + rng.randint(30, 250))
            app.processEvents()

        def apply() -> None:
            window.gestures.code_selection(rng.choice(codes))
            window.viewer.viewport().repaint()

        out["apply"] = timed(runs, select, apply)
        out["undo"] = timed(runs, lambda: None, window.undo_stack.undo)
        refresh = window.refresh
        out["counts"] = timed(runs, lambda: refresh.pending.add("codings"), refresh.flush)
        box = window.documents.search
        out["filter"] = timed(runs, lambda: box.setText(""), lambda: box.setText("12"))
        box.setText("")
        cbox = window.codebook.filter
        out["codebook_filter"] = timed(
            runs, lambda: cbox.setText(""), lambda: cbox.setText("trust")
        )
        cbox.setText("")

        pane = window.search
        if pane.isEnabled() and not pane.indexing:
            pane.query.setText(QUERY)
            out["search"] = timed(runs, lambda: None, pane.run)
            pane.choose_target(codes[0])
            app.processEvents()  # the paints the search left: not code all hits' own stall
            ticks = QElapsedTimer()
            gaps: list[float] = []

            def tick() -> None:
                gaps.append(ticks.restart())

            timer = QTimer()
            timer.setInterval(10)
            timer.timeout.connect(tick)
            started = time.perf_counter()
            ticks.start()
            timer.start()
            pane.code_all.click()
            run = window.gestures.autocoding
            while not run.outcome and time.perf_counter() - started < 3600:
                app.processEvents()
                time.sleep(0.002)
            app.processEvents()  # the refresh after the step was pushed
            total = (time.perf_counter() - started) * 1000
            timer.stop()
            if run.outcome == "done":  # pushed (it also dropped the undone steps above it)
                command = window.undo_stack.command(window.undo_stack.index() - 1)
                out["coded"] = len(command.created)
                out["code_all"] = [total]
                out["stall"] = [max(gaps, default=0.0)]
                out["progress_reports"] = len(run.reports)
                out["undo_all"] = timed(1, lambda: None, window.undo_stack.undo)
        window.close()
        app.processEvents()
    out["memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
    return out


# --- the table -----------------------------------------------------------------------------
def cell(key: str, data: dict[str, object]) -> str:
    value = data.get(key)
    if value is None:
        return "—"
    if key == "memory":
        return f"{float(value):,.0f} MB"  # type: ignore[arg-type]
    ms = list(value)  # type: ignore[call-overload]
    if key in ("code_all", "index"):
        seconds = f"{ms[0] / 1000:.1f} s"
        return f"{data.get('coded', 0):,} codings in {seconds}" if key == "code_all" else seconds
    med, worst = statistics.median(ms), max(ms)
    if key in BEST:
        return f"{min(ms):.0f} ms best of {len(ms)} (max {worst:.0f})"
    return f"{med:.0f} ms" if len(ms) == 1 else f"{med:.0f} ms (max {worst:.0f})"


#: Rows shown as the best of their runs (each run is a whole open: the quietest one is the
#: program's own time on a shared machine).
BEST = frozenset({"open", "scan"})


def ratio(key: str, one: dict[str, object], eight: dict[str, object]) -> str:
    a, b = one.get(key), eight.get(key)
    if a is None or b is None:
        return ""
    if key == "memory":
        x, y = float(a), float(b)  # type: ignore[arg-type]
    elif key in BEST:
        x, y = min(a), min(b)  # type: ignore[type-var]
    else:
        x, y = statistics.median(a), statistics.median(b)  # type: ignore[arg-type]
    if key == "code_all":  # time per coding
        x, y = x / max(1, int(one.get("coded", 1))), y / max(1, int(eight.get("coded", 1)))  # type: ignore[call-overload]
        return f"{y / x:.1f}x per coding" if x else ""
    return f"{y / x:.1f}x" if x else ""


def table(results: list[tuple[str, dict[str, object]]]) -> str:
    labels = [label for label, _ in results]
    head = ["measurement", *labels, "goal at 8x"]
    if len(results) == 2:
        head.insert(3, "8x / 1x")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, name, goal in ROWS:
        cells = [cell(key, data) for _, data in results]
        if len(results) == 2:
            cells.append(ratio(key, results[0][1], results[1][1]))
        lines.append("| " + " | ".join([name, *cells, goal]) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--demo", type=Path, action="append", help="a project to measure")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where indexes are kept")
    parser.add_argument("--open-only", action="store_true", help="measure only the opening")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # in a child process
    args = parser.parse_args()
    if args.one:  # label|path|document, prepared by the parent
        label, raw, doc = args.one.split("|")
        data = measure(Path(raw), doc, args.runs, args.open_only)
        print("RESULT " + json.dumps(data), flush=True)
        return 0
    if args.demo:
        projects: list[tuple[str, Path | None]] = [(p.parent.name, p) for p in args.demo]
    elif SCALES[0][1].exists():
        projects = [(label, p) for label, p in SCALES if p.exists()]
    elif (DEMO / "demo.qcode").exists():
        projects = [("demo", DEMO / "demo.qcode")]
    else:
        projects = [("synthetic", None)]
    results: list[tuple[str, dict[str, object]]] = []
    for label, source in projects:
        print(f"[{label}] {source or 'synthetic project'}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            path, doc = prepare(source, label, args.cache, Path(tmp))
            command = [sys.executable, __file__, "--one", f"{label}|{path}|{doc}"]
            command += ["--runs", str(args.runs)] + ["--open-only"] * args.open_only
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        found = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
        if not found:
            print(done.stdout[-2000:], done.stderr[-3000:], file=sys.stderr)
            return 1
        data = json.loads(found[-1][len("RESULT ") :])
        print(f"[{label}] {data.get('documents')} documents", flush=True)
        results.append((label, data))
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
