"""The codebook report as a Word document (python-docx)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from qcode.codebook.report import FIELD_LABELS, ReportData
from qcode.codebook.safeio import write_atomic

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _clean(text: str) -> str:
    """Text Word can store (XML 1.0 forbids most control characters)."""
    return text.translate(_CONTROL)


def _page_number_footer(document: Any) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def write_docx(data: ReportData, path: Path) -> Path:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    _page_number_footer(document)
    document.add_heading(_clean(data.title), level=0)
    document.add_paragraph(_clean(data.subtitle))

    if data.tor:
        document.add_heading("Terms of reference covered", level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Light List Accent 1"
        table.rows[0].cells[0].text = "ToR item"
        table.rows[0].cells[1].text = "Theme(s)"
        for item, titles in data.tor:
            cells = table.add_row().cells
            cells[0].text = _clean(item)
            cells[1].text = _clean("; ".join(titles))

    document.add_heading("Contents", level=1)
    for code in data.codes:
        if code.depth == 0:
            document.add_paragraph(_clean(code.title), style="List Bullet")

    for code in data.codes:
        entry = code.entry
        if code.depth == 0 and data.page_per_theme:
            document.add_page_break()  # type: ignore[no-untyped-call]
        heading = document.add_heading(level=min(code.depth + 1, 4))
        swatch = heading.add_run("■ ")
        if entry.colour:
            swatch.font.color.rgb = RGBColor.from_string(entry.colour.lstrip("#"))
        heading.add_run(_clean(code.title))
        facts = [f"Path: {entry.path_text}"]
        if entry.tor_item:
            facts.append(f"ToR item: {entry.tor_item}")
        if entry.colour:
            facts.append(f"Colour: {entry.colour}")
        if entry.codable is False:
            facts.append("Category only (not used for coding)")
        meta = document.add_paragraph()
        meta_run = meta.add_run(_clean("  ·  ".join(facts)))
        meta_run.font.size = Pt(8.5)
        meta_run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        for name, label in FIELD_LABELS:
            value = getattr(entry, name)
            if not value:
                continue
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            body = paragraph.add_run(_clean(value))
            body.italic = name == "example"
    out = io.BytesIO()
    document.save(out)
    return write_atomic(path, out.getvalue())
