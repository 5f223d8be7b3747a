"""Codebook spreadsheets: .xlsx and .csv round trips, header variants, formula safety."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from qcode.codebook import tree
from qcode.codebook.gather import project_codebook
from qcode.codebook.loader import load_codebook_file
from qcode.codebook.safeio import CodebookFileError
from qcode.codebook.sheet import export_sheet
from qcode.codebook.shipped import shipped_codebook
from qcode.store import Project
from tests.codebook.helpers import SAMPLES, comparable

TRICKY = '=HYPERLINK("http://evil")\n- a bullet\n@sum'


def _full(project: Project) -> None:
    load_codebook_file(project, shipped_codebook())
    if SAMPLES.is_dir():  # brings ATLAS.ti code sets along
        load_codebook_file(project, SAMPLES / "atlasti8-mac-TestProject.qdpx")
    tree.add_code(
        project,
        "Extra/Formula-looking",
        definition=TRICKY,
        inclusion="+44 only",
        exclusion="'=already quoted",
        example="Ünïcödé “quotes” 👍",
        colour="#abc",
        codable=False,
        tor_item="9",
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_loses_nothing(project: Project, tmp_path: Path, suffix: str) -> None:
    _full(project)
    out = export_sheet(project, tmp_path / f"codebook{suffix}")
    other = Project.create(tmp_path / "other.qcode", coder_name="Bob")
    report = load_codebook_file(other, out)
    assert report.warnings == []
    assert comparable(project_codebook(other)) == comparable(project_codebook(project))
    if suffix == ".xlsx":
        assert project_codebook(other).sets == project_codebook(project).sets
    again = export_sheet(other, tmp_path / f"again{suffix}")
    if suffix == ".csv":
        assert again.read_bytes() == out.read_bytes()


def test_xlsx_cells_are_text_never_formulas(project: Project, tmp_path: Path) -> None:
    _full(project)
    out = export_sheet(project, tmp_path / "codebook.xlsx")
    sheet = load_workbook(out)["Codebook"]
    assert [c.value for c in sheet[1]][:6] == [
        "Path",
        "Definition",
        "Inclusion",
        "Exclusion",
        "Example",
        "ToR item",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Extra/Formula-looking")
    assert row[1].value == TRICKY
    assert row[1].data_type == "s"
    assert sheet.freeze_panes == "B2"


def test_csv_quotes_formula_starts(project: Project, tmp_path: Path) -> None:
    _full(project)
    out = export_sheet(project, tmp_path / "codebook.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    cells = [c for r in rows for c in r]
    assert all(not c.startswith(("=", "+", "@")) for c in cells)


def test_hand_made_sheets_with_other_headers(project: Project, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Code", "Description", "When to use", "TOR", "Color", "Notes"])
    sheet.append(["Training/Online", "E-learning", "modules", 3, "#0F0", "ignored"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Bad//path", "x", "", "", "", ""])
    sheet.append(["Training/Online", "duplicate", "", "", "", ""])
    sheet.append(["Systemic/Staff networks", "", "", "9", "not a colour", ""])
    path = tmp_path / "hand.xlsx"
    book.save(path)
    report = load_codebook_file(project, path)
    codes = {c.path: c for c in tree.list_codes(project)}
    assert codes["Training/Online"].definition == "E-learning"
    assert codes["Training/Online"].inclusion == "modules"
    assert codes["Training/Online"].tor_item == "3"
    assert codes["Training/Online"].colour == "#00FF00"
    assert "Systemic/Staff networks" in codes
    assert len(report.warnings) == 3


def test_semicolon_csv_from_excel(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("path;definition\nThème/Sous-code;Définition\n".encode("cp1252"))
    load_codebook_file(project, path)
    assert tree.get_code(project, "Thème/Sous-code").definition == "Définition"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("noheader.csv", b"a,b\n1,2\n", "no 'Path'"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n,,\n", "empty"),
        ("binary.csv", b"\x00\x01\x02PK\x00", "binary"),
        ("fake.xlsx", b"this is not a workbook", "not a valid .xlsx"),
        ("only.csv", b"Path,Definition\n", "no codes"),
    ],
)
def test_bad_sheets_are_refused(
    project: Project, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CodebookFileError, match=reason) as info:
        load_codebook_file(project, path)
    assert str(path) in str(info.value)
