"""The cases sheet: documents × attributes, edited one cell or many at once, each an action."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from qcode.documents import KIND_LABELS, resolve_document, write_attributes
from qcode.errors import QcodeError
from qcode.export.progress import atomic_path
from qcode.importers.attributes import read_attribute_sheet
from qcode.store import Action, Attribute, Document, Project
from qcode.store.project import bump_change_counter

#: Column headers of the sheet before the attributes.
FIXED = ("Document", "Kind")
SHEET_FORMATS = ("csv", "xlsx")
MAX_KEY = 80
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: document UUID -> attribute key -> value ("" = no value).
Values = dict[str, dict[str, str]]


@dataclass(frozen=True)
class CaseRow:
    """One document of the sheet with its attribute values."""

    uuid: str
    name: str
    kind: str
    values: dict[str, str]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class CaseSheet:
    """Documents (by kind then name) and every attribute key in use (sorted)."""

    keys: list[str]
    rows: list[CaseRow]

    def value(self, uuid: str, key: str) -> str:
        row = next((r for r in self.rows if r.uuid == uuid), None)
        return row.values.get(key, "") if row else ""


@dataclass
class SheetImport:
    """What importing a sheet changed (`before` undoes it) and which rows matched nothing."""

    before: Values
    after: Values
    unmatched: list[str] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return sum(len(v) for v in self.after.values())


def case_sheet(project: Project) -> CaseSheet:
    """Every live document with its attributes; keys are the union, sorted without case."""
    with project.read() as s:  # no text is read: a sheet of 1,000 documents opens at once
        docs = s.execute(
            select(Document.uuid, Document.name, Document.kind)
            .where(Document.deleted.is_(False))
            .order_by(Document.kind, Document.name)
        ).all()
        values: dict[str, dict[str, str]] = {}
        for doc_uuid, key, value in s.execute(
            select(Attribute.document_uuid, Attribute.key, Attribute.value).where(
                Attribute.deleted.is_(False)
            )
        ):
            values.setdefault(doc_uuid, {})[key] = value
    rows = [CaseRow(u, name, kind, values.get(u, {})) for u, name, kind in docs]
    keys = sorted({k for r in rows for k in r.values}, key=str.casefold)
    return CaseSheet(keys, rows)


def check_key(key: str) -> str:
    """An attribute name, stripped; refused when empty, too long or a fixed column's name."""
    key = " ".join(key.split())
    if not key:
        raise QcodeError("an attribute needs a name")
    if len(key) > MAX_KEY:
        raise QcodeError(f"attribute names are at most {MAX_KEY} characters")
    if key.casefold() in {f.casefold() for f in FIXED}:
        raise QcodeError(f"{key!r} is a column of the sheet already; choose another name")
    return key


def set_values(project: Project, changes: Mapping[str, Mapping[str, str]], name: str) -> Values:
    """Write attribute values (an empty value removes one) as one action.

    `changes` maps document (UUID or name) -> key -> value. Returns the values before, in
    the same shape (document UUIDs), so that `set_values(project, before, …)` undoes it.
    Search filters, bundles and summaries read attributes from the store, and the change
    counter tells the search index to re-read the touched documents."""
    before: Values = {}
    with project.transaction(Action(name, "document", touches={"documents", "attributes"})) as s:
        for ref, values in changes.items():
            doc = resolve_document(s, ref)
            clean = {check_key(k): v.strip() for k, v in values.items()}
            current = {
                a.key: a.value
                for a in s.scalars(
                    select(Attribute).where(
                        Attribute.document_uuid == doc.uuid, Attribute.deleted.is_(False)
                    )
                )
            }
            before[doc.uuid] = {k: current.get(k, "") for k in clean}
            write_attributes(s, doc.uuid, clean, project.coder_uuid)
        bump_change_counter(s)
    return before


def assign_value(project: Project, documents: Iterable[str], key: str, value: str) -> Values:
    """Give many documents the same value of one attribute (one undoable action)."""
    key = check_key(key)
    docs = list(dict.fromkeys(documents))
    if not docs:
        raise QcodeError("choose at least one document")
    return set_values(
        project, {d: {key: value} for d in docs}, f"set {key} on {len(docs)} documents"
    )


def import_sheet(project: Project, path: Path) -> SheetImport:
    """Read a .csv/.xlsx sheet (first column or a 'file'/'document' column names the document;
    a 'kind' column is ignored) and write every value that differs, as one action."""
    sheet = read_attribute_sheet(path)
    current = case_sheet(project)
    by_name: dict[str, CaseRow] = {}
    for row in current.rows:
        by_name.setdefault(row.name.casefold(), row)
        by_name.setdefault(Path(row.name).stem.casefold(), row)
    after: Values = {}
    unmatched: list[str] = []
    for lower, values in sheet.rows.items():
        found = by_name.get(lower) or by_name.get(Path(lower).stem)
        if found is None:
            unmatched.append(sheet.keys[lower])
            continue
        row = found
        read = {check_key(k): _unsafe(v) for k, v in values.items()}
        changed = {k: v for k, v in read.items() if row.values.get(k, "") != v}
        if changed:
            after.setdefault(row.uuid, {}).update(changed)
    before = set_values(project, after, f"import attributes from {path.name}") if after else {}
    return SheetImport(before, after, unmatched)


def _safe(value: str) -> str:
    """A value a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unsafe(value: str) -> str:
    """The value `_safe` wrote."""
    return value[1:] if value[:1] == "'" and value[1:2] and value[1] in _FORMULA_START else value


def sheet_rows(sheet: CaseSheet) -> list[list[str]]:
    """The header and one row per document, as the export writes them."""
    out = [[*FIXED, *sheet.keys]]
    for row in sheet.rows:
        out.append([row.name, row.kind_label, *(row.values.get(k, "") for k in sheet.keys)])
    return out


def export_sheet(project: Project, path: Path) -> Path:
    """Write the sheet as .csv (UTF-8 with BOM) or .xlsx; it reads back with `import_sheet`."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in SHEET_FORMATS:
        raise QcodeError(f"{path.name}: the cases sheet is written as .csv or .xlsx")
    rows = sheet_rows(case_sheet(project))
    with atomic_path(path) as temp:
        if fmt == "csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                for values in rows:
                    writer.writerow([_safe(v) for v in values])
        else:
            _write_xlsx(rows, temp)
    return path


def _write_xlsx(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from qcode.export.docx_common import xml_safe

    wb = Workbook()
    ws = wb.active
    ws.title = "Cases"
    for values in rows:
        ws.append([xml_safe(_safe(v)) for v in values])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    wb.save(str(path))
