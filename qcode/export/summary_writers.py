"""Theme summary as .docx, .pdf and .xlsx: the counts table, the chart, pairs, thin ToR items."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from qcode.export.chart import chart_data, chart_drawing, chart_png
from qcode.export.docx_common import add_footer, new_report, shade_cell, xml_safe
from qcode.export.pdf_common import (
    ACCENT,
    SHADE,
    Heading,
    ReportTemplate,
    footer_drawer,
    numbered_canvas,
    para_text,
    styles,
)
from qcode.export.summary import ThemeSummary

COLUMNS_PER_TABLE = 5
WIDE_COLUMNS_PER_TABLE = 7
STATUS = {"none": "No evidence", "little": "Little evidence", "enough": "Evidence"}
NOTE = (
    "Each cell: quotes (overlapping passages merged) · documents with the code (share of "
    "that column's documents). A code's counts include its sub-codes."
)


def cell_text(summary: ThemeSummary, row: Any, column: str) -> str:
    q = row.quotes.get(column, 0)
    if not q:
        return "–"
    return f"{q} · {row.documents.get(column, 0)} ({summary.share(row, column):.0%})"


def count_tables(
    summary: ThemeSummary, per_table: int = COLUMNS_PER_TABLE
) -> list[tuple[list[str], list[list[str]]]]:
    """The codes × columns table, cut into tables of a few columns each; (header, rows)."""
    out = []
    chunks = [
        summary.columns[i : i + per_table] for i in range(0, len(summary.columns), per_table)
    ] or [[]]
    for n, cols in enumerate(chunks):
        last = n == len(chunks) - 1
        header = ["Code", *[f"{c} ({summary.column_documents[c]})" for c in cols]]
        header += [f"All ({summary.total_documents})"] if last else []
        rows = []
        for r in summary.rows:
            cells = ["   " * r.depth + r.name, *[cell_text(summary, r, c) for c in cols]]
            if last:
                share = (
                    r.total_documents / summary.total_documents if summary.total_documents else 0
                )
                cells.append(
                    f"{r.total_quotes} · {r.total_documents} ({share:.0%})"
                    if r.total_quotes
                    else "–"
                )
            rows.append(cells)
        out.append((header, rows))
    return out


def pair_rows(summary: ThemeSummary) -> list[list[str]]:
    return [[c.code_a, c.code_b, str(c.segments), str(c.documents)] for c in summary.cooccurrence]


def tor_rows(summary: ThemeSummary) -> list[list[str]]:
    return [
        [t.item, "; ".join(t.codes), str(t.quotes), str(t.documents), STATUS[t.status]]
        for t in summary.tor
    ]


def _intro(summary: ThemeSummary) -> str:
    parts = [f"{summary.column_documents[c]} {c}" for c in summary.columns]
    return (
        f"{summary.total_documents} documents ({', '.join(parts)}), summarised by "
        f"{summary.by_label}. Exported {summary.created:%-d %B %Y, %H:%M} UTC."
        + (" Pseudonymised." if summary.pseudonymised else "")
    )


# --- Word ------------------------------------------------------------------------------------
def _docx_table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        shade_cell(cell, "1F3A5F")
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold, run.font.size = True, Pt(8.5)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(xml_safe(text))
            run.font.size = Pt(8.5)
            if values[-1] in ("No evidence", "Little evidence"):
                shade_cell(cell, "FBE9D0")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def write_summary_docx(summary: ThemeSummary, path: Path) -> None:
    wide = len(summary.columns) > 3
    doc = new_report(landscape=wide)
    doc.core_properties.title = "Theme summary"
    add_footer(doc, xml_safe(f"{summary.project_name} · Theme summary"))
    doc.add_paragraph(xml_safe(summary.project_name), style="Small Print")
    doc.add_paragraph("Theme summary", style="Title")
    doc.add_paragraph(xml_safe(_intro(summary)))
    doc.add_paragraph(f"1.  Evidence by {summary.by_label}", style="Heading 1")
    doc.add_paragraph(NOTE, style="Small Print")
    for header, rows in count_tables(summary, WIDE_COLUMNS_PER_TABLE if wide else 5):
        _docx_table(doc, header, rows, [7.0] + [2.6 if wide else 3.2] * (len(header) - 1))
        doc.add_paragraph()
    data = chart_data(summary)
    if data.labels:
        doc.add_picture(io.BytesIO(chart_png(data)), width=Cm(16))
    doc.add_paragraph("2.  Codes that occur together", style="Heading 1")
    doc.add_paragraph(
        "Pairs of codes applied within the same paragraph or speaker turn.", style="Small Print"
    )
    if summary.cooccurrence:
        _docx_table(
            doc, ["Code", "Code", "Segments", "Documents"], pair_rows(summary), [6.5, 6.5, 2.0, 2.2]
        )
    else:
        doc.add_paragraph("No two codes overlap in any segment yet.")
    doc.add_paragraph("3.  Terms of reference: strength of evidence", style="Heading 1")
    doc.add_paragraph(
        f"Thin: {len(summary.thin)} of {len(summary.tor)} items have little or "
        "no evidence (fewer than 5 quotes or 3 documents).",
        style="Small Print",
    )
    _docx_table(
        doc,
        ["Item", "Codes", "Quotes", "Documents", "Evidence"],
        tor_rows(summary),
        [3.0, 7.0, 1.8, 2.2, 2.8],
    )
    doc.save(str(path))


# --- PDF -------------------------------------------------------------------------------------
def _indented(text: str) -> str:
    stripped = text.lstrip(" ")
    return "&nbsp;" * (len(text) - len(stripped)) + para_text(stripped)


def _pdf_table(
    header: list[str], rows: list[list[str]], widths: list[float], st: dict[str, Any]
) -> Table:
    head = [
        Paragraph(f'<font color="white">{para_text(h)}</font>', st["cell_bold"]) for h in header
    ]
    body = [[Paragraph(_indented(v), st["cell"]) for v in r] for r in rows]
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#B8C4D6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
    ]
    for i, r in enumerate(rows, start=1):
        if r[-1] in ("No evidence", "Little evidence"):
            commands.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#FBE9D0")))
    table.setStyle(TableStyle(commands))
    return table


def write_summary_pdf(summary: ThemeSummary, path: Path) -> None:
    st = styles()
    wide = len(summary.columns) > 4
    doc = ReportTemplate(
        str(path),
        f"{summary.project_name}  ·  Theme summary",
        title="Theme summary",
        author="qcode",
        wide=wide,
    )
    width = doc.width
    story: list[Any] = [
        Paragraph(para_text(summary.project_name), st["kicker"]),
        Paragraph("Theme summary", st["title"]),
        Paragraph(para_text(_intro(summary)), st["body"]),
        Heading(f"1.  Evidence by {summary.by_label}", st["h1"], 0, "counts"),
        Paragraph(NOTE, st["small"]),
    ]
    for header, rows in count_tables(summary, WIDE_COLUMNS_PER_TABLE if wide else 5):
        first = 6.0 * cm
        rest = (width - first) / max(1, len(header) - 1)
        story += [
            _pdf_table(header, rows, [first] + [rest] * (len(header) - 1), st),
            Spacer(1, 0.4 * cm),
        ]
    data = chart_data(summary)
    if data.labels:
        story.append(chart_drawing(data, width))
    story += [
        Heading("2.  Codes that occur together", st["h1"], 0, "pairs"),
        Paragraph("Pairs of codes applied within the same paragraph or speaker turn.", st["small"]),
    ]
    if summary.cooccurrence:
        story.append(
            _pdf_table(
                ["Code", "Code", "Segments", "Documents"],
                pair_rows(summary),
                [5.6 * cm, 5.6 * cm, 2.6 * cm, 2.6 * cm],
                st,
            )
        )
    else:
        story.append(Paragraph("No two codes overlap in any segment yet.", st["body"]))
    story += [
        Heading("3.  Terms of reference: strength of evidence", st["h1"], 0, "tor"),
        Paragraph(
            f"Thin: {len(summary.thin)} of {len(summary.tor)} items have little or "
            "no evidence (fewer than 5 quotes or 3 documents).",
            st["small"],
        ),
        _pdf_table(
            ["Item", "Codes", "Quotes", "Documents", "Evidence"],
            tor_rows(summary),
            [2.4 * cm, 6.0 * cm, 2.0 * cm, 2.6 * cm, 3.4 * cm],
            st,
        ),
    ]
    doc.build(story, canvasmaker=numbered_canvas(footer_drawer("Theme summary", first_page=True)))


# --- Excel -----------------------------------------------------------------------------------
def _head(ws: Any, values: list[str]) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
    ws.freeze_panes = "A2"


def write_summary_xlsx(summary: ThemeSummary, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Counts"
    header = ["Code", "Depth", "Terms of reference"]
    for c in summary.columns:
        header += [f"{c}: quotes", f"{c}: documents", f"{c}: share of documents"]
    header += ["All: quotes", "All: documents", "All: share of documents"]
    _head(ws, [xml_safe(h) for h in header])
    total = summary.total_documents or 1
    for r in summary.rows:
        values: list[Any] = [xml_safe(r.path), r.depth, xml_safe(r.tor_item)]
        for c in summary.columns:
            values += [r.quotes.get(c, 0), r.documents.get(c, 0), summary.share(r, c)]
        values += [r.total_quotes, r.total_documents, r.total_documents / total]
        ws.append(values)
    for col in range(1, len(header) + 1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 40 if col == 1 else 14
        if header[col - 1].endswith("share of documents"):
            for cell in ws[letter][1:]:
                cell.number_format = "0%"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 2)}"
    _chart_sheet(wb, summary)
    pairs = wb.create_sheet("Co-occurrence")
    _head(pairs, ["Code", "Code", "Segments", "Documents"])
    for pair in summary.cooccurrence:
        pairs.append([xml_safe(pair.code_a), xml_safe(pair.code_b), pair.segments, pair.documents])
    pairs.column_dimensions["A"].width = pairs.column_dimensions["B"].width = 40
    tor = wb.create_sheet("Terms of reference")
    _head(tor, ["Item", "Codes", "Quotes", "Documents", "Evidence"])
    for t in summary.tor:
        tor.append(
            [
                xml_safe(t.item),
                xml_safe("; ".join(t.codes)),
                t.quotes,
                t.documents,
                STATUS[t.status],
            ]
        )
    tor.column_dimensions["A"].width, tor.column_dimensions["B"].width = 24, 60
    tor.column_dimensions["E"].width = 16
    wb.save(str(path))


def _chart_sheet(wb: Workbook, summary: ThemeSummary) -> None:
    data = chart_data(summary)
    ws = wb.create_sheet("Chart")
    _head(ws, ["Theme", *[xml_safe(s) for s in data.series]])
    for label, values in zip(data.labels, data.values, strict=True):
        ws.append([xml_safe(label), *values])
    ws.column_dimensions["A"].width = 40
    if not data.labels:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = data.title
    chart.y_axis.title = "Quotes"
    n = len(data.labels) + 1
    chart.add_data(
        Reference(ws, min_col=2, max_col=1 + len(data.series), min_row=1, max_row=n),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.height, chart.width = 4 + 0.7 * len(data.labels), 24
    ws.add_chart(chart, f"{get_column_letter(len(data.series) + 3)}2")


WRITERS: dict[str, Callable[[ThemeSummary, Path], None]] = {
    "docx": write_summary_docx,
    "pdf": write_summary_pdf,
    "xlsx": write_summary_xlsx,
}
