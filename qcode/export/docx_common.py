"""python-docx helpers shared by the bundle and summary writers: styles, fields, bookmarks."""

from __future__ import annotations

import re
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # a dark navy for headings and rules
MUTED = RGBColor(0x59, 0x59, 0x59)
ACCENT_HEX = "1F3A5F"
SHADE_HEX = "EEF2F7"


def _font(
    style: Any, size: float, *, bold: bool = False, italic: bool = False, colour: RGBColor = INK
) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def xml_safe(text: str) -> str:
    """`text` without the control characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def new_report(landscape: bool = False) -> Any:
    """An A4 document with the house styles: Normal, headings, Quote Text, Attribution, Memo."""
    doc = new_document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.3))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (
        ("Title", 26, 0),
        ("Heading 1", 17, 18),
        ("Heading 2", 12.5, 12),
        ("Heading 3", 11, 10),
    ):
        style = styles[name]
        _font(style, size, bold=True, colour=ACCENT)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = False
    quote = styles.add_style("Quote Text", WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = normal
    _font(quote, 10.5)
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.space_before = Pt(6)
    quote.paragraph_format.space_after = Pt(1)
    quote.paragraph_format.keep_with_next = True
    left_rule(quote)
    attribution = styles.add_style("Attribution", WD_STYLE_TYPE.PARAGRAPH)
    attribution.base_style = normal
    _font(attribution, 8.5, colour=MUTED)
    attribution.paragraph_format.left_indent = Cm(0.8)
    attribution.paragraph_format.space_after = Pt(8)
    memo = styles.add_style("Coding Memo", WD_STYLE_TYPE.PARAGRAPH)
    memo.base_style = normal
    _font(memo, 8.5, italic=True, colour=MUTED)
    memo.paragraph_format.left_indent = Cm(1.2)
    memo.paragraph_format.space_after = Pt(8)
    small = styles.add_style("Small Print", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _font(small, 9, colour=MUTED)
    return doc


def left_rule(style: Any) -> None:
    """A vertical rule in the accent colour left of a paragraph style (a block quote)."""
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "8"),
        ("w:color", ACCENT_HEX),
    ):
        left.set(qn(key), value)
    borders.append(left)
    ppr.append(borders)


def shade_cell(cell: Any, fill: str = SHADE_HEX) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES ...) that Word and LibreOffice fill in when shown."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def add_bookmark(paragraph: Any, name: str, ident: int) -> None:
    """Wrap a paragraph's content in a bookmark, the target of an internal link."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def add_internal_link(paragraph: Any, text: str, anchor: str) -> None:
    """A hyperlink to a bookmark in the same document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), ACCENT_HEX)
    rpr.append(colour)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_footer(doc: Any, left_text: str) -> None:
    """A footer with a short label on the left and "Page N of M" on the right."""
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Small Print"]
    footer.paragraph_format.tab_stops.add_tab_stop(
        section.page_width - section.left_margin - section.right_margin,
        alignment=2,  # right
    )
    footer.add_run(left_text + "\t")
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def add_text(paragraph: Any, text: str, **font: Any) -> None:
    """Add `text` keeping its line breaks; `font` sets bold/italic/colour on every run."""
    for i, line in enumerate(xml_safe(text).split("\n")):
        if i:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        for key, value in font.items():
            if key == "colour":
                run.font.color.rgb = value
            else:
                setattr(run.font, key, value)


def centre(paragraph: Any) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
