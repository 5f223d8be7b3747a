"""Codebook spreadsheets: .csv and .xlsx with one row per code (path, definition, criteria …)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from qcode.codebook.model import Codebook, CodeEntry, CodeSet, canonical_uuid, clean_name
from qcode.codebook.safeio import CodebookFileError, check_zip, read_limited, write_atomic
from qcode.codebook.tree import SEPARATOR
from qcode.errors import QcodeError
from qcode.ids import new_uuid
from qcode.palette import normalise_colour
from qcode.store import Project

#: Column key -> header written on export.
COLUMNS = {
    "path": "Path",
    "definition": "Definition",
    "inclusion": "Inclusion",
    "exclusion": "Exclusion",
    "example": "Example",
    "tor_item": "ToR item",
    "colour": "Colour",
    "codable": "Codable",
    "uuid": "UUID",
}
#: Header spellings accepted on import (lower-case, spaces and underscores collapsed).
_ALIASES = {
    "path": "path",
    "code": "path",
    "code path": "path",
    "name": "path",
    "code name": "path",
    "definition": "definition",
    "description": "definition",
    "inclusion": "inclusion",
    "include": "inclusion",
    "inclusion criteria": "inclusion",
    "when to use": "inclusion",
    "exclusion": "exclusion",
    "exclude": "exclusion",
    "exclusion criteria": "exclusion",
    "when not to use": "exclusion",
    "example": "example",
    "examples": "example",
    "tor item": "tor_item",
    "tor": "tor_item",
    "terms of reference item": "tor_item",
    "tor ref": "tor_item",
    "tor reference": "tor_item",
    "colour": "colour",
    "color": "colour",
    "codable": "codable",
    "is codable": "codable",
    "iscodable": "codable",
    "uuid": "uuid",
    "guid": "uuid",
    "id": "uuid",
}
#: Spreadsheet programs run a cell starting with these as a formula: exports quote them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_BYTES = 32 * 1024 * 1024
SETS_SHEET = "Sets"
MAX_ROWS = 100_000


def _key(header: object) -> str:
    text = " ".join(str(header or "").replace("_", " ").replace("-", " ").split()).lower()
    return _ALIASES.get(text, "")


def _defuse(value: str) -> str:
    """A CSV cell a spreadsheet will not run: formula-like text (and text starting with the
    quote itself, so that reading back is exact) gets a leading apostrophe."""
    return "'" + value if value.startswith((*_FORMULA_START, "'")) else value


def _undefuse(value: str) -> str:
    if value.startswith("'") and value[1:].startswith((*_FORMULA_START, "'")):
        return value[1:]
    return value


# --- reading ---------------------------------------------------------------------------------
def read_sheet(path: Path) -> Codebook:
    """Read a codebook sheet; the header row names the columns (Path is required).

    A workbook may also have a "Sets" sheet: one code set per row, its codes listed by path.
    """
    set_rows: list[list[str]] = []
    if path.suffix.lower() == ".xlsx":
        rows, set_rows = _xlsx_rows(path)
    else:
        rows = _csv_rows(path)
    book = rows_to_codebook(rows, str(path))
    _read_sets(set_rows, book, f"{path}: sheet Sets")
    return book


def _csv_rows(path: Path) -> list[list[str]]:
    data = read_limited(path, MAX_SHEET_BYTES)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CodebookFileError(f"{path}: looks like a binary file, not a CSV text file")
    text: str | None = None
    for encoding in (
        ("utf-8-sig", "utf-16")
        if data.startswith((b"\xff\xfe", b"\xfe\xff"))
        else ("utf-8-sig", "cp1252")
    ):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise CodebookFileError(f"{path}: the text encoding is not UTF-8 or Windows-1252")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [[_undefuse(cell) for cell in row] for row in rows]
    except csv.Error as exc:
        raise CodebookFileError(f"{path}: not a valid CSV file ({exc})") from exc


def _xlsx_rows(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of the codebook sheet (named Codebook, else the first) and of "Sets"."""
    read_limited(path, MAX_SHEET_BYTES)
    check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise CodebookFileError(f"{path}: cannot be read as an .xlsx workbook ({exc})") from exc
    try:
        sheet = book["Codebook"] if "Codebook" in book.sheetnames else book.worksheets[0]
        sheets = [sheet, book[SETS_SHEET]] if SETS_SHEET in book.sheetnames else [sheet]
        found: list[list[list[str]]] = []
        for each in sheets:
            rows: list[list[str]] = []
            for row in each.iter_rows(values_only=True):
                rows.append([_cell_text(v) for v in row])
                if len(rows) > MAX_ROWS:
                    raise CodebookFileError(f"{path}: more than {MAX_ROWS:,} rows; refused")
            found.append(rows)
    except CodebookFileError:
        raise
    except Exception as exc:  # damaged sheet XML surfaces only while reading rows
        raise CodebookFileError(f"{path}: cannot be read as an .xlsx workbook ({exc})") from exc
    finally:
        book.close()
    return found[0], (found[1] if len(found) > 1 else [])


def _read_sets(rows: list[list[str]], book: Codebook, where: str) -> None:
    rows = [r for r in rows if any(c.strip() for c in r)]
    by_path = {e.path_text: e for e in book.entries}
    for number, row in enumerate(rows[1:], start=2):
        name, description, uuid, members = [*row, "", "", "", ""][:4]
        name = " ".join(name.split())
        if not name:
            book.warnings.append(f"{where} row {number}: a set without a name; skipped")
            continue
        code_set = CodeSet(canonical_uuid(uuid) or new_uuid(), name, description.strip())
        for line in members.split("\n"):
            if not line.strip():
                continue
            path = SEPARATOR.join(clean_name(p) for p in line.split(SEPARATOR))
            entry = by_path.get(path)
            if entry is None:
                book.warnings.append(f"{where} row {number}: no code {line.strip()!r}")
                continue
            entry.uuid = entry.uuid or new_uuid()
            code_set.members.append(entry.uuid)
        book.sets.append(code_set)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_to_codebook(rows: list[list[str]], name: str) -> Codebook:
    """Turn header + rows into entries; blank rows are skipped, bad cells become warnings."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise CodebookFileError(f"{name}: the sheet is empty")
    header = [_key(h) for h in rows[0]]
    if "path" not in header:
        raise CodebookFileError(
            f"{name}: row 1 has no 'Path' (or 'Code') column; found "
            + ", ".join(repr(h) for h in rows[0] if h.strip())
        )
    book = Codebook()
    seen: set[tuple[str, ...]] = set()
    uuids: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        cells: dict[str, str] = {}
        for key, value in zip(header, row, strict=False):
            if key and key not in cells:
                cells[key] = value.replace("\r\n", "\n").strip()
        entry = _row_entry(cells, f"{name}: row {number}", book, seen, uuids)
        if entry is not None:
            book.entries.append(entry)
    if not book.entries:
        raise CodebookFileError(f"{name}: no codes below the header row")
    return book


def _row_entry(
    cells: dict[str, str],
    where: str,
    book: Codebook,
    seen: set[tuple[str, ...]],
    uuids: set[str],
) -> CodeEntry | None:
    raw = cells.get("path", "")
    parts = tuple(clean_name(p) for p in raw.split(SEPARATOR))
    if not raw or not all(parts):
        book.warnings.append(f"{where}: {raw!r} is not a code path (Theme/Sub-code); skipped")
        return None
    if parts in seen:
        book.warnings.append(f"{where}: {raw!r} appears twice; the later row was skipped")
        return None
    seen.add(parts)
    colour: str | None = None
    if cells.get("colour"):
        try:
            colour = normalise_colour(cells["colour"])
        except QcodeError:
            book.warnings.append(f"{where}: colour {cells['colour']!r} ignored")
    codable: bool | None = None
    text = cells.get("codable", "").lower()
    if text in ("yes", "true", "1", "y"):
        codable = True
    elif text in ("no", "false", "0", "n"):
        codable = False
    elif text:
        book.warnings.append(f"{where}: codable {cells['codable']!r} not understood; ignored")
    uuid = canonical_uuid(cells.get("uuid"))
    if cells.get("uuid") and uuid is None:
        book.warnings.append(f"{where}: {cells['uuid']!r} is not a UUID; ignored")
    if uuid in uuids:
        book.warnings.append(f"{where}: UUID {uuid} repeated; ignored")
        uuid = None
    if uuid:
        uuids.add(uuid)
    return CodeEntry(
        path=parts,
        uuid=uuid,
        colour=colour,
        codable=codable,
        definition=cells.get("definition", ""),
        inclusion=cells.get("inclusion", ""),
        exclusion=cells.get("exclusion", ""),
        example=cells.get("example", ""),
        tor_item=cells.get("tor_item", ""),
    )


# --- writing ---------------------------------------------------------------------------------
def codebook_rows(book: Codebook) -> list[list[str]]:
    """Header then one row per code, in tree order."""
    rows = [list(COLUMNS.values())]
    for e in book.entries:
        rows.append(
            [
                e.path_text,
                e.definition,
                e.inclusion,
                e.exclusion,
                e.example,
                e.tor_item,
                e.colour or "",
                "yes" if e.codable is not False else "no",
                e.uuid or "",
            ]
        )
    return rows


def export_sheet(project: Project, path: Path) -> Path:
    """Write the project's codebook to .csv (UTF-8 with BOM, for Excel) or .xlsx by suffix."""
    from qcode.codebook.gather import project_codebook

    path = Path(path)
    suffix = path.suffix.lower()
    book = project_codebook(project)
    rows = codebook_rows(book)
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows([[_defuse(c) for c in row] for row in rows])
        return write_atomic(path, out.getvalue().encode("utf-8-sig"))
    if suffix == ".xlsx":
        return write_atomic(path, _xlsx_bytes(rows, set_rows(book)))
    raise QcodeError(f"{path}: codebook sheets are .csv or .xlsx, not {suffix or '(none)'}")


def set_rows(book: Codebook) -> list[list[str]]:
    """Header then one row per code set, its member codes one path per line."""
    paths = {e.uuid: e.path_text for e in book.entries}
    rows = [["Set", "Description", "UUID", "Codes"]]
    for item in book.sets:
        members = "\n".join(paths[m] for m in item.members if m in paths)
        rows.append([item.name, item.description, item.uuid, members])
    return rows if len(rows) > 1 else []


def _xlsx_bytes(rows: list[list[str]], sets: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Codebook"
    widths = {"A": 45, "B": 60, "C": 45, "D": 45, "E": 45, "F": 9, "G": 10, "H": 9, "I": 38}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True)
        colour = row[6]
        if r > 1 and colour.startswith("#") and len(colour) == 7:
            sheet.cell(row=r, column=7).fill = PatternFill("solid", fgColor=colour[1:])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    if sets:
        extra = book.create_sheet(SETS_SHEET)
        for letter, width in {"A": 30, "B": 50, "C": 38, "D": 70}.items():
            extra.column_dimensions[letter].width = width
        for r, row in enumerate(sets, start=1):
            for c, value in enumerate(row, start=1):
                cell = extra.cell(row=r, column=c)
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.font = Font(bold=r == 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
