"""Quote bundle as a spreadsheet (.xlsx) or a UTF-8 .csv: one row per quote, every column."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qcode.export.docx_common import xml_safe
from qcode.export.model import Bundle, BundleQuote, Theme
from qcode.export.progress import Ticker

BASE_COLUMNS = [
    ("Theme", 24),
    ("Group", 16),
    ("Document", 22),
    ("Source kind", 16),
    ("Speaker", 18),
    ("Time", 10),
    ("Paragraph", 10),
    ("Last paragraph", 10),
    ("Quote", 70),
    ("Context before", 30),
    ("Context after", 30),
    ("Coders", 14),
    ("Sub-codes", 20),
    ("Memo", 30),
    ("Start", 9),
    ("End", 9),
]
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def attribute_keys(bundle: Bundle) -> list[str]:
    keys: dict[str, str] = {}
    for theme in bundle.themes:
        for q in theme.quotes:
            for k, _ in q.attributes:
                keys.setdefault(k.casefold(), k)
    return sorted(keys.values(), key=str.casefold)


def header(bundle: Bundle) -> list[str]:
    return [name for name, _ in BASE_COLUMNS] + attribute_keys(bundle)


def row(theme: Theme, group: str, q: BundleQuote, keys: list[str]) -> list[str | int]:
    attrs = {k.casefold(): v for k, v in q.attributes}
    values: list[str | int] = [
        theme.path,
        group,
        q.document_name,
        q.kind_label,
        q.speaker,
        q.time,
        q.paragraph,
        q.paragraph_end,
        q.text,
        q.before,
        q.after,
        ", ".join(q.coders),
        "; ".join(q.codes),
        "\n".join(q.memos),
        q.start,
        q.end,
    ]
    return values + [attrs.get(k.casefold(), "") for k in keys]


def rows(bundle: Bundle) -> list[list[str | int]]:
    keys = attribute_keys(bundle)
    return [
        row(theme, group.label, q, keys)
        for theme in bundle.themes
        for group in theme.groups
        for q in group.quotes
    ]


def write_xlsx(bundle: Bundle, path: Path, ticker: Ticker) -> None:
    """Sheet "Quotes" (filters, frozen header), sheet "Themes", sheet "About"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Quotes"
    names = header(bundle)
    ws.append(names)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3A5F")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [w for _, w in BASE_COLUMNS] + [14] * (len(names) - len(BASE_COLUMNS))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    quote_col = names.index("Quote") + 1
    for n, values in enumerate(rows(bundle), start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(
                row=n, column=c, value=xml_safe(value) if isinstance(value, str) else value
            )
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = wrap if c == quote_col else top
        ticker.step("Writing rows")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(ws.max_row, 2)}"
    _themes_sheet(wb, bundle)
    _about_sheet(wb, bundle)
    ticker.check()
    wb.save(str(path))
    ticker.step("Workbook written", len(bundle.themes))


def _themes_sheet(wb: Workbook, bundle: Bundle) -> None:
    ws = wb.create_sheet("Themes")
    ws.append(
        ["Theme", "Definition", "Include", "Exclude", "Terms of reference", "Quotes", "Documents"]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for theme in bundle.themes:
        ws.append(
            [
                xml_safe(v) if isinstance(v, str) else v
                for v in (
                    theme.path,
                    theme.definition,
                    theme.inclusion,
                    theme.exclusion,
                    theme.tor_item,
                    theme.n_quotes,
                    theme.n_documents,
                )
            ]
        )
    for col, width in zip("ABCDEFG", (28, 60, 30, 30, 18, 9, 11), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def _about_sheet(wb: Workbook, bundle: Bundle) -> None:
    ws = wb.create_sheet("About")
    ws.append(["Project", xml_safe(bundle.project_name)])
    ws.append(["Exported (UTC)", bundle.created.strftime("%Y-%m-%d %H:%M")])
    for line in bundle.filters:
        ws.append(["Selection", xml_safe(line)])
    if bundle.statement:
        ws.append(["Pseudonyms", bundle.statement])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90


def _csv_safe(value: str | int) -> str | int:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(bundle: Bundle, path: Path, ticker: Ticker) -> None:
    """UTF-8 (with a byte-order mark, so Excel reads accents) comma-separated, one row a quote."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header(bundle))
        for values in rows(bundle):
            writer.writerow([_csv_safe(v) for v in values])
            ticker.step("Writing rows")
    ticker.step("CSV written", len(bundle.themes))
