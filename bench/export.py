"""Benchmark: a 2,000-quote bundle in each format on the demo corpus, beside bare documents.

Copies /tmp/qcode-demo-full/demo.qcode (or the path given) to a temporary folder, adds 2,000
codings spread over its documents under four bench themes, then times `export_bundle` for .docx,
.pdf, .xlsx and .csv, and a bare python-docx / reportlab document of the same quotes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from docx import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select

from qcode.codebook.tree import insert_code_path
from qcode.coding import insert_coding
from qcode.export.bundle import BundleOptions, build_bundle, export_bundle
from qcode.export.pdf_common import para_text
from qcode.export.summary import export_summary, theme_summary
from qcode.store import Action, Document, Project, Segment

DEMO = Path("/tmp/qcode-demo-full/demo.qcode")
QUOTES = 2000
THEMES = [f"Bench/Theme {c}" for c in "ABCD"]


def add_codings(project: Project) -> None:
    with project.transaction(Action("bench codings")) as s:
        codes = [insert_code_path(s, path, project.coder_uuid) for path in THEMES]
        docs = {d.uuid: d for d in s.scalars(select(Document).where(Document.deleted.is_(False)))}
        segs = [
            seg
            for seg in s.scalars(select(Segment).order_by(Segment.ordinal, Segment.document_uuid))
            if seg.document_uuid in docs and seg.end - seg.start > 40
        ]
        step = max(1, len(segs) // QUOTES)
        for i, seg in enumerate(segs[::step][:QUOTES]):
            insert_coding(
                s,
                docs[seg.document_uuid],
                codes[i % 4],
                seg.start,
                seg.end,
                project.coder_uuid,
                memo="bench memo" if i % 10 == 0 else "",
            )


def timed(label: str, fn: object, *args: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.exists():
        print(f"no demo corpus at {source}; build one with `qcode demo`")
        return
    folder = Path(tempfile.mkdtemp(prefix="qcode-bench-export-"))
    try:
        path = folder / "demo.qcode"
        shutil.copy(source, path)
        with Project.open(path, coder_name="Bench") as project:
            add_codings(project)
            options = BundleOptions(
                codes=["Bench"],
                include_subcodes=True,
                include_memos=True,
                context=True,
                pseudonymise=True,
            )
            options.codes = THEMES
            seconds, bundle = timed("select", build_bundle, project, options)
            quotes = bundle.n_quotes  # type: ignore[attr-defined]
            print(f"{quotes} quotes from {len(THEMES)} themes; selection {seconds:.2f} s")
            print(f"{'format':<14}{'seconds':>9}{'size KB':>10}")
            for fmt in ("docx", "pdf", "xlsx", "csv"):
                out = folder / f"bundle.{fmt}"
                seconds, _ = timed(fmt, export_bundle, project, options, out, fmt)
                print(f"{fmt:<14}{seconds:>9.2f}{out.stat().st_size / 1024:>10.0f}")
            quotes_list = [q for t in bundle.themes for q in t.quotes]  # type: ignore[attr-defined]
            seconds, out = timed("bare docx", bare_docx, quotes_list, folder / "bare.docx")
            print(f"{'bare docx':<14}{seconds:>9.2f}{out.stat().st_size / 1024:>10.0f}")
            seconds, out = timed("bare pdf", bare_pdf, quotes_list, folder / "bare.pdf")
            print(f"{'bare pdf':<14}{seconds:>9.2f}{out.stat().st_size / 1024:>10.0f}")
            seconds, summary = timed("summary", theme_summary, project)
            print(f"theme summary of {len(summary.rows)} codes: {seconds:.2f} s")  # type: ignore[attr-defined]
            for fmt in ("docx", "pdf", "xlsx"):
                out = folder / f"summary.{fmt}"
                seconds, _ = timed(fmt, export_summary, project, out)
                print(f"summary .{fmt:<6}{seconds:>9.2f} s{out.stat().st_size / 1024:>8.0f} KB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bare_docx(quotes: list[object], out: Path) -> Path:
    doc = DocxDocument()
    for q in quotes:
        doc.add_paragraph(q.text)  # type: ignore[attr-defined]
        doc.add_paragraph(q.attribution())  # type: ignore[attr-defined]
    doc.save(str(out))
    return out


def bare_pdf(quotes: list[object], out: Path) -> Path:
    styles = getSampleStyleSheet()
    story = []
    for q in quotes:
        story.append(Paragraph(para_text(q.text), styles["BodyText"]))  # type: ignore[attr-defined]
        story.append(Paragraph(para_text(q.attribution()), styles["Italic"]))  # type: ignore[attr-defined]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return out


if __name__ == "__main__":
    main()
