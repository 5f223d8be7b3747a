"""Quote bundle as a Word document: title page, contents, a section per theme, page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from qcode.export.docx_common import (
    ACCENT,
    MUTED,
    add_bookmark,
    add_footer,
    add_internal_link,
    add_text,
    new_report,
    shade_cell,
    xml_safe,
)
from qcode.export.model import Bundle, Theme
from qcode.export.progress import Ticker


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def counts(quotes: int, documents: int) -> str:
    return f"{_plural(quotes, 'quote')} from {_plural(documents, 'document')}"


def _title_page(doc: Any, bundle: Bundle) -> None:
    for _ in range(5):
        doc.add_paragraph()
    p = doc.add_paragraph(xml_safe(bundle.project_name), style="Small Print")
    p.runs[0].font.size = Pt(12)
    p.runs[0].font.color.rgb = ACCENT
    doc.add_paragraph(xml_safe(bundle.title), style="Title")
    docs = len({q.document_uuid for t in bundle.themes for q in t.quotes})
    p = doc.add_paragraph(counts(bundle.n_quotes, docs))
    p.runs[0].font.size = Pt(13)
    p = doc.add_paragraph(f"Exported {bundle.created:%-d %B %Y, %H:%M} UTC", style="Small Print")
    p.paragraph_format.space_after = Pt(30)
    table = doc.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    shade_cell(cell)
    cell.paragraphs[0].add_run("Selection").bold = True
    for line in bundle.filters:
        cell.add_paragraph(xml_safe(line), style="Small Print")
    if bundle.statement:
        doc.add_paragraph()
        doc.add_paragraph(bundle.statement, style="Small Print")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: Any, bundle: Bundle) -> None:
    doc.add_paragraph("Contents", style="Heading 1")
    for i, theme in enumerate(bundle.themes, start=1):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(16.4), alignment=2)
        add_internal_link(p, xml_safe(f"{i}.  {theme.path}"), f"theme_{i}")
        run = p.add_run(f"\t{counts(theme.n_quotes, theme.n_documents)}")
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _definition(doc: Any, theme: Theme) -> None:
    rows = [
        ("Definition", theme.definition or "No definition recorded in the codebook."),
        ("Include", theme.inclusion),
        ("Exclude", theme.exclusion),
        ("Terms of reference", theme.tor_item),
        ("Sub-codes", "; ".join(theme.subcodes)),
    ]
    rows = [(k, v) for k, v in rows if v]
    table = doc.add_table(rows=len(rows), cols=2)
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(4.0), Cm(12.4)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(4.0), Cm(12.4)
        for cell in row.cells:
            shade_cell(cell)
        run = row.cells[0].paragraphs[0].add_run(label)
        run.bold = True
        run.font.size = Pt(9)
        add_text(row.cells[1].paragraphs[0], value, size=Pt(9.5))
    doc.add_paragraph()


def _paragraph(doc: Any, style_id: str, text: str = "") -> Any:
    """A paragraph in a style given by id (python-docx's lookup by name is slow per call)."""
    p = doc.add_paragraph(xml_safe(text))
    p._p.style = style_id
    return p


def _theme(
    doc: Any, bundle: Bundle, theme: Theme, number: int, ticker: Ticker, styles: Any
) -> None:
    heading = doc.add_paragraph(xml_safe(f"{number}.  {theme.path}"), style="Heading 1")
    heading.paragraph_format.page_break_before = number > 1
    add_bookmark(heading, f"theme_{number}", number)
    doc.add_paragraph(counts(theme.n_quotes, theme.n_documents), style="Small Print")
    _definition(doc, theme)
    if not theme.groups:
        doc.add_paragraph("No coded passages match this selection.", style="Small Print")
    quote_style, attribution_style, memo_style = styles
    for group in theme.groups:
        heading = doc.add_paragraph(
            xml_safe(f"{group.label}  ({counts(len(group.quotes), group.documents)})"),
            style="Heading 2",
        )
        heading.paragraph_format.keep_with_next = True
        for q in group.quotes:
            p = _paragraph(doc, quote_style)
            if q.before:
                add_text(p, q.before, colour=MUTED)
            add_text(p, q.text)
            if q.after:
                add_text(p, q.after, colour=MUTED)
            parts = q.attribution_parts()
            if q.codes:
                parts.append("sub-code: " + ", ".join(q.codes))
            _paragraph(doc, attribution_style, "— " + " · ".join(parts))
            for memo in q.memos:
                add_text(_paragraph(doc, memo_style), "Memo: " + memo)
            ticker.step(f"Writing {theme.name}")
    ticker.step(f"Written {theme.name}")


def write_docx(bundle: Bundle, path: Path, ticker: Ticker) -> None:
    """Write `bundle` as .docx to `path` (the caller makes the write atomic)."""
    doc = new_report()
    doc.core_properties.title = bundle.title
    doc.core_properties.subject = bundle.project_name
    _title_page(doc, bundle)
    if len(bundle.themes) > 1:
        _contents(doc, bundle)
    label = bundle.title + ("  ·  pseudonymised" if bundle.statement else "")
    add_footer(doc, xml_safe(label))
    styles = tuple(doc.styles[n].style_id for n in ("Quote Text", "Attribution", "Coding Memo"))
    for number, theme in enumerate(bundle.themes, start=1):
        _theme(doc, bundle, theme, number, ticker, styles)
    ticker.check()
    doc.save(str(path))
