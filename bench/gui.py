"""Timings of the desktop application's speed goals (issue 8, point 4), printed in ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py [--demo PATH]

Uses a copy of the full demo project when /tmp/qcode-demo-full/READY exists (or --demo),
else a synthetic project; either way a 12,000-word focus group with 300 codings is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from qcode.codebook.tree import add_code, list_codes
from qcode.coding import insert_coding, list_codings
from qcode.documents import add_document, list_documents, resolve_document
from qcode.store import Action, Project
from qcode.store.models import Code
from qcode.text import Span

DEMO = Path("/tmp/qcode-demo-full")
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


def focus_group_text(words: int, rng: random.Random) -> tuple[str, list[Span]]:
    """A transcript of about `words` words in speaker turns."""
    lines, spans, pos, count = [], [], 0, 0
    speakers = ["Facilitator", "Officer A", "Officer B", "Officer C", "Staff member D"]
    while count < words:
        speaker = rng.choice(speakers)
        n = rng.randint(20, 90)
        sentence = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."
        line = f"{speaker}: {sentence}"
        lines.append(line)
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
        count += n + 1
    return "\n".join(lines), spans


def add_codings(project: Project, document: str, n: int, rng: random.Random) -> None:
    """Bring a document up to `n` codings by random passages with random codes."""
    have = len(list_codings(project, document=document))
    with project.transaction(Action("bench codings", touches={"codings"})) as s:
        doc = resolve_document(s, document)
        codes = [c for c in s.query(Code).filter(Code.deleted.is_(False)).all()]
        length = len(doc.text)
        for _ in range(max(0, n - have)):
            start = rng.randrange(0, length - 400)
            insert_coding(
                s, doc, rng.choice(codes), start, start + rng.randint(20, 380), project.coder_uuid
            )


def synthetic(folder: Path) -> Path:
    rng = random.Random(1)
    path = folder / "bench.qcode"
    with Project.create(path, coder_name="Bench") as p:
        for theme in range(12):
            for sub in range(8):
                add_code(p, f"Theme {theme}/Code {theme}.{sub}")
        for i in range(40):
            text, spans = focus_group_text(1500, rng)
            add_document(p, f"Interview {i:03}", text, kind="interview", spans=spans)
        text, spans = focus_group_text(12000, rng)
        add_document(p, "Focus group big", text, kind="focus_group", spans=spans)
        add_codings(p, "Focus group big", 300, rng)
    return path


def pick_focus_group(path: Path) -> str:
    """The demo focus group closest to 12,000 words, brought to 300 codings."""
    rng = random.Random(2)
    with Project.open(path, coder_name="Bench") as p:
        docs = [d for d in list_documents(p) if d.kind == "focus_group"] or list_documents(p)
        doc = min(docs, key=lambda d: abs(d.length / 6 - 12000))
        add_codings(p, doc.uuid, 300, rng)
        return doc.uuid


def timed(runs: int, setup: Callable[[], None], step: Callable[[], None]) -> list[float]:
    out = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        step()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, ms: list[float], goal: float | None = None) -> None:
    med, worst = statistics.median(ms), max(ms)
    verdict = "" if goal is None else ("  OK" if med < goal else "  SLOW")
    target = f" (goal < {goal:.0f} ms)" if goal else ""
    print(f"{label:<46} median {med:7.1f} ms   max {worst:7.1f} ms{target}{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, help="a project file to copy and measure")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["QCODE_CONFIG_DIR"] = str(folder / "config")
        source = args.demo or (DEMO / "demo.qcode" if (DEMO / "READY").exists() else None)
        started = time.perf_counter()
        if source is not None:
            path = folder / "demo.qcode"
            shutil.copy2(source, path)
            print(f"project: copy of {source}")
        else:
            path = synthetic(folder)
            print("project: synthetic (the full demo corpus is not ready)")
        doc = pick_focus_group(path)
        print(f"prepared in {time.perf_counter() - started:.1f} s")

        window = MainWindow(coder="Bench")
        window.quiet_errors = True
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        ms = timed(1, lambda: None, lambda: window.open_project(path))
        with Project.open(path) as p:
            n_docs, n_codes = len(list_documents(p)), len(list_codes(p))
            text_len = len(resolve_document_text(p, doc))
            n_codings = len(list_codings(p, document=doc))
        print(
            f"{n_docs} documents, {n_codes} codes; focus group: {text_len:,} characters "
            f"(~{text_len // 6:,} words), {n_codings} codings"
        )
        report("open project (all panes filled)", ms)
        started = time.perf_counter()
        while window.search.indexing:  # built in the background on first open; wait for it
            app.processEvents()
            time.sleep(0.01)
        print(f"search index ready after {time.perf_counter() - started:.1f} s (background)")

        def show() -> None:
            window.open_document(doc)
            window.viewer.viewport().repaint()
            window.viewer.margin.repaint()

        report(
            "open the focus group (text, speakers, codings)",
            timed(args.runs, lambda: (window.viewer.clear_document(), app.processEvents()), show),
            150,
        )

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
            window.viewer.margin.repaint()

        report("apply a code (store + highlights + stripes)", timed(args.runs, select, apply), 50)
        report(
            "undo it (store + view)",
            timed(
                args.runs,
                lambda: None,
                lambda: (window.undo_stack.undo(), window.viewer.viewport().repaint()),
            ),
            50,
        )
        report(
            "counts in both panes after a change",
            timed(args.runs, lambda: window._pending.add("codings"), window._flush),
        )
        report(
            "documents pane: filter by name",
            timed(
                args.runs,
                lambda: window.documents.search.setText(""),
                lambda: window.documents.search.setText("12"),
            ),
            50,
        )
        report(
            "codebook pane: filter",
            timed(
                args.runs,
                lambda: window.codebook.filter.setText(""),
                lambda: window.codebook.filter.setText("trust"),
            ),
            50,
        )
        report(
            "codebook pane: reload after a code edit",
            timed(args.runs, lambda: None, window._reload_codes),
            100,
        )
        report(
            "scroll the focus group one page",
            timed(
                args.runs,
                lambda: window.open_document(doc),
                lambda: (
                    window.viewer.verticalScrollBar().setValue(
                        window.viewer.verticalScrollBar().value() + window.viewer.height()
                    ),
                    window.viewer.viewport().repaint(),
                    window.viewer.margin.repaint(),
                ),
            ),
            30,
        )
        pane = window.search
        if pane.isEnabled():
            pane.query.setText('"positive action" OR trust')
            report(
                "search: run a query and fill the KWIC table",
                timed(
                    args.runs, lambda: None, lambda: (pane.run(), pane.view.viewport().repaint())
                ),
                300,
            )
            print(f"  ({pane.summary.text()})")
            pane.choose_target(codes[0])
            count = window.undo_stack.count()
            started = last = time.perf_counter()
            stalls = []
            pane.code_all.click()
            while window.undo_stack.count() == count:  # runs in the background
                app.processEvents()
                now = time.perf_counter()
                stalls.append((now - last) * 1000)
                last = now
                time.sleep(0.005)
            created = len(window.undo_stack.command(window.undo_stack.index() - 1).created)
            total = (time.perf_counter() - started) * 1000
            report(f"code all hits ({created} codings, in the background)", [total])
            report("  longest the window went without events", [max(stalls)], 200)
            started = time.perf_counter()
            window.undo_stack.undo()
            report("undo code all hits", [(time.perf_counter() - started) * 1000])
        window.close()
    return 0


def resolve_document_text(project: Project, uuid: str) -> str:
    with project.read() as s:
        return resolve_document(s, uuid).text


if __name__ == "__main__":
    sys.exit(main())
