"""The cases sheet: edits, many at once, undo, import/export, and that changes reach search,
bundles and summaries."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcode.analysis.cases import (
    assign_value,
    case_sheet,
    export_sheet,
    import_sheet,
    set_values,
)
from qcode.errors import QcodeError
from qcode.export.bundle import BundleOptions, build_bundle
from qcode.export.summary import theme_summary
from qcode.search import search
from qcode.search.live import close_all
from qcode.store import Project
from tests.analysis.inspection import build


@pytest.fixture
def inspection(project: Project) -> Project:
    build(project)
    yield project
    close_all()


def _uuid(project: Project, name: str) -> str:
    return next(r.uuid for r in case_sheet(project).rows if r.name == name)


def test_sheet_lists_documents_and_every_key(inspection: Project) -> None:
    sheet = case_sheet(inspection)
    assert sheet.keys == ["force", "role"]
    assert [r.name for r in sheet.rows] == ["Focus group 01", "Interview 01", "National 01"]
    assert sheet.value(_uuid(inspection, "National 01"), "force") == ""


def test_edit_a_cell_and_undo_it(inspection: Project) -> None:
    doc = _uuid(inspection, "Interview 01")
    before = set_values(inspection, {doc: {"force": "Surrey"}}, "edit cell")
    assert before == {doc: {"force": "Kent"}}
    assert case_sheet(inspection).value(doc, "force") == "Surrey"
    set_values(inspection, before, "undo")
    assert case_sheet(inspection).value(doc, "force") == "Kent"


def test_assign_a_new_attribute_to_many_documents_then_undo(inspection: Project) -> None:
    docs = [_uuid(inspection, "Interview 01"), _uuid(inspection, "National 01")]
    before = assign_value(inspection, docs, "wave", "2")
    assert case_sheet(inspection).keys == ["force", "role", "wave"]
    assert before == {d: {"wave": ""} for d in docs}
    set_values(inspection, before, "undo")
    assert case_sheet(inspection).keys == ["force", "role"]  # an empty value removes it


def test_refuses_a_key_that_is_a_fixed_column_or_empty(inspection: Project) -> None:
    doc = _uuid(inspection, "Interview 01")
    with pytest.raises(QcodeError, match="column of the sheet"):
        assign_value(inspection, [doc], "Kind", "x")
    with pytest.raises(QcodeError, match="needs a name"):
        assign_value(inspection, [doc], "  ", "x")


def test_changed_attribute_reaches_search_filters(inspection: Project) -> None:
    assert search(inspection, "force:kent").per_document == {"Interview 01": 4}
    assign_value(inspection, [_uuid(inspection, "Interview 01")], "force", "Surrey")
    assert search(inspection, "force:kent").total == 0
    assert set(search(inspection, "force:surrey").per_document) == {"Interview 01"}


def test_changed_attribute_reaches_bundles_and_summaries(inspection: Project) -> None:
    assign_value(inspection, [_uuid(inspection, "National 01")], "force", "Met")
    bundle = build_bundle(inspection, BundleOptions(codes=["Equality Act"], group_by="force"))
    assert [g.label for g in bundle.themes[0].groups] == ["Kent", "Met"]
    quote = next(q for q in bundle.themes[0].quotes if q.document_name == "National 01")
    assert ("force", "Met") in quote.attributes
    summary = theme_summary(inspection, by="force")
    assert "Met" in summary.columns


def test_export_csv_and_xlsx_then_import_a_changed_sheet(
    inspection: Project, tmp_path: Path
) -> None:
    out = export_sheet(inspection, tmp_path / "cases.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Document", "Kind", "force", "role"]
    assert rows[2] == ["Interview 01", "Interview", "Kent", "Inspector"]
    rows[2][2] = "=cmd"  # a formula-like value is written safely and read back as typed
    rows[3].append("")
    rows[0].append("wave")
    rows[3][4] = "2"
    rows.append(["Interview 99", "Interview", "Kent", "", ""])
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = import_sheet(inspection, out)
    assert result.unmatched == ["Interview 99"]
    assert result.cells == 2
    sheet = case_sheet(inspection)
    assert sheet.value(_uuid(inspection, "Interview 01"), "force") == "=cmd"
    assert sheet.value(_uuid(inspection, "National 01"), "wave") == "2"
    xlsx = export_sheet(inspection, tmp_path / "cases.xlsx")
    book = load_workbook(xlsx)
    values = [[c.value for c in r] for r in book.active.iter_rows()]
    assert values[0] == ["Document", "Kind", "force", "role", "wave"]
    assert values[2][:3] == ["Interview 01", "Interview", "'=cmd"]
    set_values(inspection, result.before, "undo import")
    assert case_sheet(inspection).value(_uuid(inspection, "Interview 01"), "force") == "Kent"
    again = import_sheet(inspection, xlsx)  # the xlsx export reads back
    assert case_sheet(inspection).value(_uuid(inspection, "Interview 01"), "force") == "=cmd"
    assert again.cells == 2


def test_export_refuses_other_formats(inspection: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match=r"\.csv or \.xlsx"):
        export_sheet(inspection, tmp_path / "cases.docx")
