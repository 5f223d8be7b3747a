"""A matrix as .xlsx (the values of every measure) or .docx/.pdf (a framework table of quotes)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from qcode.analysis.matrix import MEASURES, Matrix, MatrixSpec, first_quotes, matrix_query
from qcode.analysis.privacy import Names, Privacy, checked_path
from qcode.coding import Quote
from qcode.errors import QcodeError
from qcode.export.docx_common import add_footer, new_report, shade_cell, xml_safe
from qcode.export.pdf_common import (
    ACCENT,
    SHADE,
    ReportTemplate,
    footer_drawer,
    numbered_canvas,
    para_text,
    styles,
)
from qcode.store import Project

MATRIX_FORMATS = ("xlsx", "docx", "pdf")
#: Words of a quote kept in a framework cell.
SHORT_WORDS = 30
COLUMNS_PER_TABLE = 4


def short_quote(text: str, words: int = SHORT_WORDS) -> str:
    """The first `words` words of a passage on one line, "…" if cut."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def describe_spec(spec: MatrixSpec) -> str:
    parts = [f"codes × {spec.by}" + (f" by {spec.period}" if spec.period else "")]
    parts.append("counting sub-codes" if spec.include_subcodes else "without sub-codes")
    if spec.where:
        parts.append("only " + ", ".join(f"{k} = {v}" for k, v in spec.where))
    return "; ".join(parts)


def write_xlsx(matrix: Matrix, path: Path, note: str = "") -> None:
    """One sheet per measure (numbers, not text), then what was asked (and `note`, what was
    pseudonymised)."""
    wb = Workbook()
    first = True
    for measure, title in MEASURES.items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title[:31]
        header = ["Code", *[c.label for c in matrix.columns], "All documents"]
        ws.append([xml_safe(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F3A5F")
        ws.freeze_panes = "B2"
        for row in matrix.rows:
            values: list[Any] = [xml_safe(row.path)]
            values += [c.value(measure) for c in row.cells]
            values.append(row.total.value(measure))
            ws.append(values)
        ws.column_dimensions["A"].width = 48
        for col in range(2, len(header) + 1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = 14
            if measure == "share":
                for cell in ws[letter][1:]:
                    cell.number_format = "0%"
    about = wb.create_sheet("About")
    about.append(["Matrix", describe_spec(matrix.spec)])
    about.append(["Documents", matrix.total_documents])
    about.append(["Columns", xml_safe(matrix.by_label)])
    about.append(["Column documents", *[c.documents for c in matrix.columns]])
    if note:
        about.append(["Pseudonyms", note])
    wb.save(str(path))


def framework_rows(
    matrix: Matrix, picked: dict[tuple[str, str], Quote]
) -> list[tuple[str, list[str]]]:
    """(code, one cell text per column): a short quote and where it is from, or "–"."""
    out = []
    for row in matrix.rows:
        cells = []
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            q = picked.get((row.code_uuid, column.key))
            if q is None or not cell.passages:
                cells.append("–")
                continue
            where = f"{q.document_name}, ¶{q.paragraph}" if q.paragraph else q.document_name
            more = f" (+{cell.passages - 1} more)" if cell.passages > 1 else ""
            cells.append(f"“{short_quote(q.text)}” — {where}{more}")
        out.append(("   " * row.depth + row.name, cells))
    return out


def _chunks(matrix: Matrix) -> list[list[int]]:
    n = len(matrix.columns)
    return [list(range(i, min(n, i + COLUMNS_PER_TABLE))) for i in range(0, n, COLUMNS_PER_TABLE)]


def write_docx(
    matrix: Matrix, rows: list[tuple[str, list[str]]], path: Path, title: str, note: str = ""
) -> None:
    doc = new_report(landscape=True)
    doc.core_properties.title = "Framework matrix"
    add_footer(doc, xml_safe(f"{title} · Framework matrix" + (" · pseudonymised" if note else "")))
    doc.add_paragraph(xml_safe(title), style="Small Print")
    doc.add_paragraph("Framework matrix", style="Title")
    doc.add_paragraph(xml_safe(describe_spec(matrix.spec)), style="Small Print")
    if note:
        doc.add_paragraph(xml_safe(note), style="Small Print")
    for cols in _chunks(matrix):
        header = ["Code", *[matrix.columns[i].label for i in cols]]
        table = doc.add_table(rows=1, cols=len(header))
        table.style = doc.styles["Table Grid"]
        table.autofit = False
        widths = [5.0] + [19.0 / len(cols)] * len(cols)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            shade_cell(cell, "1F3A5F")
            run = cell.paragraphs[0].add_run(xml_safe(text))
            run.bold, run.font.size = True, Pt(8.5)
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        for name, cells in rows:
            values = [name, *[cells[i] for i in cols]]
            for cell, text in zip(table.add_row().cells, values, strict=True):
                para = cell.paragraphs[0]
                para.paragraph_format.space_after = Pt(0)
                run = para.add_run(xml_safe(text))
                run.font.size = Pt(8)
        for table_row in table.rows:
            for cell, width in zip(table_row.cells, widths, strict=False):
                cell.width = Cm(width)
        doc.add_paragraph()
    doc.save(str(path))


def write_pdf(
    matrix: Matrix, rows: list[tuple[str, list[str]]], path: Path, title: str, note: str = ""
) -> None:
    st = styles()
    doc = ReportTemplate(
        str(path),
        f"{title}  ·  Framework matrix",
        title="Framework matrix",
        author="qcode",
        wide=True,
    )
    story: list[Any] = [
        Paragraph(para_text(title), st["kicker"]),
        Paragraph("Framework matrix", st["title"]),
        Paragraph(para_text(describe_spec(matrix.spec)), st["small"]),
    ]
    if note:
        story.append(Paragraph(para_text(note), st["small"]))
    for cols in _chunks(matrix):
        head = [
            Paragraph(f'<font color="white">{para_text(h)}</font>', st["cell_bold"])
            for h in ["Code", *[matrix.columns[i].label for i in cols]]
        ]
        body = [
            [
                Paragraph(para_text(name), st["cell"]),
                *[Paragraph(para_text(cells[i]), st["cell"]) for i in cols],
            ]
            for name, cells in rows
        ]
        first = 5.0 * cm
        rest = (doc.width - first) / len(cols)
        table = Table(
            [head, *body], colWidths=[first] + [rest] * len(cols), repeatRows=1, hAlign="LEFT"
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#B8C4D6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                ]
            )
        )
        story += [table, Spacer(1, 0.4 * cm)]
    doc.build(
        story, canvasmaker=numbered_canvas(footer_drawer("Framework matrix", first_page=True))
    )


def shown_matrix(matrix: Matrix, names: Names) -> Matrix:
    """The matrix as an export shows it: names in codes, columns and filters replaced; coder
    columns named as the export names coders (a column left unnamed is "Coder N")."""
    coders = matrix.spec.by.casefold() == "coder"
    columns = [
        replace(c, label=(names.coder(c.key) or f"Coder {n}") if coders else names.apply(c.label))
        for n, c in enumerate(matrix.columns, start=1)
    ]
    rows = [replace(r, path=names.apply(r.path), name=names.apply(r.name)) for r in matrix.rows]
    where = tuple((k, names.apply(v)) for k, v in matrix.spec.where)
    return replace(
        matrix,
        spec=replace(matrix.spec, where=where),
        by_label=names.apply(matrix.by_label),
        columns=columns,
        rows=rows,
    )


def export_matrix(
    project: Project,
    spec: MatrixSpec,
    out: Path,
    *,
    chosen: dict[tuple[str, str], str] | None = None,
    pseudonymise: bool = False,
    privacy: Privacy | None = None,
) -> Path:
    """Write the matrix as .xlsx (values) or .docx/.pdf (a framework table: one short quote
    per cell, the one `chosen` for it — (code UUID, column key) -> coding UUID — or the first).

    Pseudonymised (`privacy`, or `pseudonymise` alone), names are replaced as in a quote
    bundle and the finished file is read back: LeaksError (no file left) if it still shows a
    name the user did not accept.
    """
    privacy = privacy or Privacy(pseudonymise=pseudonymise)
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in MATRIX_FORMATS:
        raise QcodeError(f"{out}: a matrix is written as .xlsx, .docx or .pdf")
    matrix = matrix_query(project, spec)
    names = Names(project, privacy)
    shown = shown_matrix(matrix, names)
    title = names.apply(project.name)
    rows: list[tuple[str, list[str]]] = []
    if fmt != "xlsx":
        picked = first_quotes(project, matrix, chosen)
        texts = names.passages((q.document_uuid, q.start, q.end) for q in picked.values())
        quotes = {  # a cell shows the passage and its document, nothing else of the quote
            key: replace(
                q,
                text=texts.get((q.document_uuid, q.start, q.end), names.apply(q.text)),
                document_name=names.apply(q.document_name),
            )
            for key, q in picked.items()
        }
        rows = framework_rows(shown, quotes)
    note = names.statement("table", coders=spec.by.casefold() == "coder")
    with checked_path(project, out, privacy) as temp:
        if fmt == "xlsx":
            write_xlsx(shown, temp, note)
        else:
            (write_docx if fmt == "docx" else write_pdf)(shown, rows, temp, title, note)
    return out
