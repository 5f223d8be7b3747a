"""The attribute sheet (.csv or .xlsx): one row per file, keyed by file name."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from qcode.documents import KINDS
from qcode.errors import QcodeError
from qcode.filenames import portable_basename
from qcode.importers.txt import decode

MAX_SHEET_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
_KEY_COLUMNS = ("file", "filename", "file name", "file_name", "document", "document name", "name")
_KIND_COLUMNS = ("kind", "source kind", "source_kind", "source type", "type")
_KIND_WORDS = {
    "interview": "interview",
    "interviews": "interview",
    "local interview": "interview",
    "focus group": "focus_group",
    "focus groups": "focus_group",
    "fg": "focus_group",
    "national interview": "national_interview",
    "national interviews": "national_interview",
    "national": "national_interview",
    "other": "other",
}


def kind_from_label(label: str) -> str | None:
    """A source kind from a folder name or sheet value ('Focus groups' -> 'focus_group')."""
    words = label.strip().lower().replace("_", " ").replace("-", " ")
    words = " ".join(words.split())
    if words.replace(" ", "_") in KINDS:
        return words.replace(" ", "_")
    return _KIND_WORDS.get(words)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class AttributeSheet:
    """Rows of attributes by file name; `kinds` holds a kind column's values when present."""

    source: Path
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # lower-case key -> as written
    used: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # key without extension -> key

    def _key(self, path: Path) -> str | None:
        for candidate in (path.name.lower(), path.stem.lower()):
            if candidate in self.rows:
                return candidate
            if candidate in self.aliases:
                return self.aliases[candidate]
        return None

    def attributes_for(self, path: Path) -> dict[str, str] | None:
        key = self._key(path)
        if key is None:
            return None
        self.used.add(key)
        return dict(self.rows[key])

    def row_name(self, path: Path) -> str | None:
        """The sheet's row for `path` (as written in the sheet), marked as matched; or None."""
        key = self._key(path)
        if key is None:
            return None
        self.used.add(key)
        return self.keys[key]

    def kind_for(self, path: Path) -> str | None:
        key = self._key(path)
        return self.kinds.get(key) if key else None

    def unmatched(self) -> list[str]:
        """Rows of the sheet that matched no imported file (as written in the sheet)."""
        return [self.keys[k] for k in self.rows if k not in self.used]


def _table(path: Path) -> list[list[str]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise QcodeError(f"{path.name}: attribute sheet cannot be read ({exc})") from exc
    if size > MAX_SHEET_BYTES:
        raise QcodeError(f"{path.name}: attribute sheet is too large ({size / 1e6:.0f} MB)")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode(path, path.read_bytes())
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                text[:4096], delimiters=",;\t"
            )
        except csv.Error:
            dialect = csv.excel
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = load_workbook(path, read_only=True, data_only=True)
                try:
                    sheet = book.worksheets[0]
                    rows = [
                        [_cell(v) for v in row]
                        for row in sheet.iter_rows(max_row=MAX_ROWS + 1, values_only=True)
                    ]
                finally:
                    book.close()
        except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
            raise QcodeError(f"{path.name}: attribute sheet cannot be read ({exc})") from exc
        return rows
    raise QcodeError(f"{path.name}: attribute sheets must be .csv or .xlsx")


def read_attribute_sheet(path: Path) -> AttributeSheet:
    """Read the sheet: the first row names the columns; the file-name column is the key."""
    rows = [row for row in _table(path) if any(c.strip() for c in row)]
    if len(rows) < 2:
        raise QcodeError(f"{path.name}: attribute sheet needs a header row and at least one row")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    key_col = next((lower.index(k) for k in _KEY_COLUMNS if k in lower), 0)
    kind_col = next((lower.index(k) for k in _KIND_COLUMNS if k in lower), None)
    sheet = AttributeSheet(path)
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, *[""] * (len(header) - len(row))]
        written = cells[key_col].strip()
        key = portable_basename(written)  # "C:\\corpus\\A.docx" written on Windows is "A.docx"
        if not key:
            continue
        if key.lower() in sheet.rows:
            raise QcodeError(f"{path.name}, row {number}: {key!r} appears twice")
        values = {
            header[i]: cells[i].strip()
            for i in range(len(header))
            if i not in (key_col, kind_col) and header[i] and cells[i].strip()
        }
        if kind_col is not None and cells[kind_col].strip():
            kind = kind_from_label(cells[kind_col])
            if kind is None:
                raise QcodeError(
                    f"{path.name}, row {number}: unknown kind {cells[kind_col]!r}; "
                    f"use one of {', '.join(KINDS)}"
                )
            sheet.kinds[key.lower()] = kind
        sheet.rows[key.lower()] = values
        sheet.keys[key.lower()] = written
        sheet.aliases.setdefault(Path(key.lower()).stem, key.lower())
    return sheet
