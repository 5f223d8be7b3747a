"""The memo report: every memo grouped by what it is on, as .docx or .pdf."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from qcode.analysis.memo_index import KIND_LABELS, PREVIEW, MemoEntry, memo_index
from qcode.analysis.privacy import Names, Privacy, checked_path
from qcode.errors import QcodeError
from qcode.store import Project

REPORT_FORMATS = ("docx", "pdf")
SECTIONS = (
    ("project", "Project memos"),
    ("document", "Document memos"),
    ("code", "Code memos"),
    ("coding", "Memos on passages"),
)


def _sections(entries: list[MemoEntry]) -> list[tuple[str, list[MemoEntry]]]:
    return [(title, [e for e in entries if e.target_kind == kind]) for kind, title in SECTIONS]


def _byline(e: MemoEntry) -> str:
    parts = [f"{KIND_LABELS.get(e.target_kind, e.target_kind)}: {e.target}"]
    if e.coder_name:
        parts.append(e.coder_name)
    if e.updated_at is not None:
        parts.append(f"{e.updated_at:%d %b %Y}")
    return " · ".join(parts)


def export_memo_report(
    project: Project, out: Path, search: str = "", privacy: Privacy | None = None
) -> Path:
    """Write the memos (those matching `search`, if given) as .docx or .pdf by the suffix.

    With `privacy.pseudonymise`, names in memos, titles, targets and quoted passages are
    replaced as in a quote bundle and the finished file is read back: LeaksError (no file
    left) if it still shows a name the user did not accept.
    """
    privacy = privacy or Privacy()
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise QcodeError(f"{out}: a memo report is written as .docx or .pdf")
    names = Names(project, privacy)
    entries = shown_entries(memo_index(project, search), names)
    name = names.apply(project.name)
    note = names.statement("report")
    with checked_path(project, out, privacy) as temp:
        (_write_docx if fmt == "docx" else _write_pdf)(name, entries, temp, note)
    return out


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def shown_entries(entries: list[MemoEntry], names: Names) -> list[MemoEntry]:
    """The memos as the report shows them: names replaced (a quoted passage as it reads in its
    document), coders named as the report names them."""
    spans = [(e.document_uuid, e.start, e.end) for e in entries if e.passage]
    passages = names.passages(spans)
    out = []
    for e in entries:
        passage = passages.get((e.document_uuid, e.start, e.end), names.apply(e.passage))
        target = names.apply(e.target)
        head, cut, _ = e.target.rpartition(": “")
        if passages and e.passage and cut:  # the preview again, from the replaced passage
            target = f"{names.apply(head)}: “{_preview(passage)}”"
        out.append(
            replace(
                e,
                target=target,
                title=names.apply(e.title),
                text=names.apply(e.text),
                coder_name=names.coder(e.coder_name) if e.coder_name else "",
                passage=passage,
            )
        )
    return out


def _write_docx(project_name: str, entries: list[MemoEntry], path: Path, note: str) -> None:
    from qcode.export.docx_common import add_footer, new_report, xml_safe

    doc = new_report()
    doc.core_properties.title = "Memo report"
    add_footer(
        doc, xml_safe(f"{project_name} · Memo report" + (" · pseudonymised" if note else ""))
    )
    doc.add_paragraph(xml_safe(project_name), style="Small Print")
    doc.add_paragraph("Memo report", style="Title")
    doc.add_paragraph(f"{len(entries)} memo{'s' if len(entries) != 1 else ''}.")
    if note:
        doc.add_paragraph(xml_safe(note), style="Small Print")
    for title, members in _sections(entries):
        if not members:
            continue
        doc.add_paragraph(title, style="Heading 1")
        for e in members:
            doc.add_paragraph(xml_safe(e.title or e.target), style="Heading 2")
            doc.add_paragraph(xml_safe(_byline(e)), style="Attribution")
            if e.passage:
                doc.add_paragraph(xml_safe(" ".join(e.passage.split())), style="Quote Text")
            for para in e.text.split("\n\n"):
                doc.add_paragraph(xml_safe(para.strip()))
    doc.save(str(path))


def _write_pdf(project_name: str, entries: list[MemoEntry], path: Path, note: str) -> None:
    from reportlab.platypus import Paragraph

    from qcode.export.pdf_common import (
        Heading,
        ReportTemplate,
        RuledParagraph,
        footer_drawer,
        numbered_canvas,
        para_text,
        styles,
    )

    st = styles()
    doc = ReportTemplate(
        str(path), f"{project_name}  ·  Memo report", title="Memo report", author="qcode"
    )
    story: list[Any] = [
        Paragraph(para_text(project_name), st["kicker"]),
        Paragraph("Memo report", st["title"]),
        Paragraph(f"{len(entries)} memo{'s' if len(entries) != 1 else ''}.", st["body"]),
    ]
    if note:
        story.append(Paragraph(para_text(note), st["small"]))
    n = 0
    for title, members in _sections(entries):
        if not members:
            continue
        story.append(Heading(title, st["h1"], 0, f"s{len(story)}"))
        for e in members:
            n += 1
            story.append(Heading(e.title or e.target, st["h2"], 1, f"m{n}"))
            story.append(Paragraph(para_text(_byline(e)), st["attribution"]))
            if e.passage:
                story.append(RuledParagraph(para_text(" ".join(e.passage.split())), st["quote"]))
            story.append(Paragraph(para_text(e.text), st["body"]))
    doc.build(story, canvasmaker=numbered_canvas(footer_drawer("Memo report", first_page=True)))
