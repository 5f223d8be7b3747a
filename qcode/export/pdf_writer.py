"""Quote bundle as a PDF: title page, contents, bookmarks per theme, page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from qcode.export.docx_writer import counts
from qcode.export.model import Bundle, Theme
from qcode.export.pdf_common import (
    SHADE,
    Heading,
    ReportTemplate,
    RuledParagraph,
    footer_drawer,
    numbered_canvas,
    para_text,
    styles,
)
from qcode.export.progress import Ticker

GREY = "#6B6B6B"


class _Attribution(Paragraph):  # type: ignore[misc]
    """An attribution line; laying one out counts a quote done for progress."""


def shaded_box(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _title_page(bundle: Bundle, st: dict[str, Any]) -> list[Any]:
    docs = len({q.document_uuid for t in bundle.themes for q in t.quotes})
    story: list[Any] = [
        Spacer(1, 5 * cm),
        Paragraph(para_text(bundle.project_name), st["kicker"]),
        Paragraph(para_text(bundle.title), st["title"]),
        Paragraph(counts(bundle.n_quotes, docs), st["subtitle"]),
        Paragraph(f"Exported {bundle.created:%-d %B %Y, %H:%M} UTC", st["small"]),
        Spacer(1, 1.2 * cm),
    ]
    rows = [[Paragraph("Selection", st["cell_bold"])]]
    rows += [[Paragraph(para_text(line), st["cell"])] for line in bundle.filters]
    story.append(shaded_box(rows, [16.4 * cm]))
    if bundle.statement:
        story += [Spacer(1, 0.5 * cm), Paragraph(para_text(bundle.statement), st["small"])]
    story.append(PageBreak())
    return story


def _contents(st: dict[str, Any]) -> list[Any]:
    toc = TableOfContents()
    toc.levelStyles = [st["toc1"]]
    toc.dotsMinLevel = 0
    return [Paragraph("Contents", st["h1"]), Spacer(1, 0.3 * cm), toc, PageBreak()]


def _definition(theme: Theme, st: dict[str, Any]) -> Table:
    rows = [
        ("Definition", theme.definition or "No definition recorded in the codebook."),
        ("Include", theme.inclusion),
        ("Exclude", theme.exclusion),
        ("Terms of reference", theme.tor_item),
        ("Sub-codes", "; ".join(theme.subcodes)),
    ]
    cells = [
        [Paragraph(label, st["cell_bold"]), Paragraph(para_text(value), st["cell"])]
        for label, value in rows
        if value
    ]
    return shaded_box(cells, [4.2 * cm, 12.2 * cm])


def _theme(bundle: Bundle, theme: Theme, number: int, st: dict[str, Any]) -> list[Any]:
    key = f"theme_{number}"
    story: list[Any] = [
        Heading(f"{number}.  {theme.path}", st["h1"], 0, key),
        Paragraph(counts(theme.n_quotes, theme.n_documents), st["small"]),
        Spacer(1, 0.15 * cm),
        _definition(theme, st),
        Spacer(1, 0.3 * cm),
    ]
    if not theme.groups:
        story.append(Paragraph("No coded passages match this selection.", st["small"]))
    for g, group in enumerate(theme.groups, start=1):
        label = f"{group.label}  ({counts(len(group.quotes), group.documents)})"
        story.append(Heading(label, st["h2"], 1, f"{key}_{g}", outline=group.label))
        for q in group.quotes:
            text = para_text(q.text)
            if q.before:
                text = f'<font color="{GREY}">{para_text(q.before)}</font>{text}'
            if q.after:
                text = f'{text}<font color="{GREY}">{para_text(q.after)}</font>'
            story.append(RuledParagraph(text, st["quote"]))
            parts = q.attribution_parts()
            if q.codes:
                parts.append("sub-code: " + ", ".join(q.codes))
            story.append(_Attribution("— " + para_text(" · ".join(parts)), st["attribution"]))
            story += [Paragraph(para_text("Memo: " + m), st["memo"]) for m in q.memos]
    return story


def write_pdf(bundle: Bundle, path: Path, ticker: Ticker) -> None:
    """Write `bundle` as PDF to `path` (the caller makes the write atomic)."""
    st = styles()
    laid_out = [0]

    def on_flowable(flowable: Any) -> None:
        if isinstance(flowable, _Attribution):
            laid_out[0] += 1
            if laid_out[0] <= bundle.n_quotes:
                ticker.step("Laying out pages")
            else:
                ticker.check()

    header = f"{bundle.project_name}  ·  {bundle.title}"
    doc = ReportTemplate(
        str(path),
        header,
        on_flowable,
        title=bundle.title,
        author="qcode",
        subject=bundle.project_name,
    )
    story = _title_page(bundle, st)
    with_contents = len(bundle.themes) > 1
    if with_contents:
        story += _contents(st)
    for number, theme in enumerate(bundle.themes, start=1):
        if number > 1:
            story.append(PageBreak())
        story += _theme(bundle, theme, number, st)
    footer = "Pseudonymised" if bundle.statement else ""
    canvasmaker = numbered_canvas(footer_drawer(footer))
    if with_contents:
        doc.multiBuild(story, canvasmaker=canvasmaker)
    else:
        doc.build(story, canvasmaker=canvasmaker)
    ticker.step("PDF written", len(bundle.themes))
