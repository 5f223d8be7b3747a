"""The codebook report as a PDF (reportlab platypus), with bookmarks and page numbers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from qcode.codebook.report import FIELD_LABELS, ReportData
from qcode.codebook.safeio import write_atomic
from qcode.errors import QcodeError


def _font() -> str:
    """The qcode PDF font family (DejaVu, for any script), else reportlab's Helvetica."""
    try:
        from qcode.export.fonts import register_fonts

        return register_fonts()
    except (ImportError, QcodeError, OSError):
        return "Helvetica"


def _text(value: str) -> str:
    safe = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
    return escape(safe).replace("\n", "<br/>")


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Adds an outline entry for every heading paragraph as it is laid out."""

    def afterFlowable(self, flowable: Any) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=level, closed=level > 0)


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(doc.qcode_font, 8)
    canvas.setFillColor(colors.grey)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"Page {doc.page}")
    canvas.drawString(18 * mm, 12 * mm, doc.qcode_title[:90])
    canvas.restoreState()


def write_pdf(data: ReportData, path: Path) -> Path:
    font = _font()
    bold = f"{font}-Bold" if font != "Helvetica" else "Helvetica-Bold"
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=font, fontSize=9.5, leading=12.5, spaceAfter=3
    )
    meta = ParagraphStyle(
        "meta", parent=body, fontSize=8, textColor=colors.HexColor("#555555"), keepWithNext=1
    )
    headings = [
        ParagraphStyle(
            f"h{n}",
            parent=base[f"Heading{n}"],
            fontName=bold,
            spaceBefore=8 if n > 1 else 0,
            keepWithNext=1,
        )
        for n in (1, 2, 3, 4)
    ]
    title = ParagraphStyle("title", parent=base["Title"], fontName=bold)

    out = io.BytesIO()
    doc = _Doc(
        out,
        pagesize=A4,
        title=data.title,
        author="qcode",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
    )
    doc.qcode_font = font
    doc.qcode_title = data.title
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_footer)])

    story: list[Any] = [Paragraph(_text(data.title), title), Paragraph(_text(data.subtitle), body)]
    if data.tor:
        story.append(Spacer(1, 4 * mm))
        rows = [[Paragraph("<b>ToR item</b>", body), Paragraph("<b>Theme(s)</b>", body)]]
        rows += [
            [Paragraph(_text(i), body), Paragraph(_text("; ".join(t)), body)] for i, t in data.tor
        ]
        table = Table(rows, colWidths=[25 * mm, doc.width - 25 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#AAAAAA")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    for code in data.codes:
        entry = code.entry
        if code.depth == 0:
            story.append(PageBreak() if data.page_per_theme else CondPageBreak(60 * mm))
        style = headings[min(code.depth, 3)]
        colour = entry.colour or "#999999"
        heading = Paragraph(f'<font color="{colour}">■</font> {_text(code.title)}', style)
        heading.outline_level = min(code.depth, 3)  # type: ignore[attr-defined]
        heading.outline_title = code.title  # type: ignore[attr-defined]
        story.append(heading)
        facts = [f"Path: {entry.path_text}"]
        if entry.tor_item:
            facts.append(f"ToR item: {entry.tor_item}")
        if entry.colour:
            facts.append(f"Colour: {entry.colour}")
        if entry.codable is False:
            facts.append("Category only (not used for coding)")
        story.append(Paragraph(_text("  ·  ".join(facts)), meta))
        for name, label in FIELD_LABELS:
            value = getattr(entry, name)
            if value:
                text = f"<i>{_text(value)}</i>" if name == "example" else _text(value)
                story.append(Paragraph(f"<b>{label}:</b> {text}", body))
    doc.build(story)
    return write_atomic(path, out.getvalue())
