"""Every export of quotes or memos applies pseudonyms when asked, and reads its file back."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from qcode.analysis.evidence import export_item_bundle
from qcode.analysis.matrix import MatrixSpec
from qcode.analysis.matrix_writers import export_matrix
from qcode.analysis.memo_report import export_memo_report
from qcode.analysis.privacy import Privacy
from qcode.analysis.retrieval import export_quotes
from qcode.cli import main
from qcode.coding import quotes
from qcode.export.leaks import LeaksError
from qcode.store import Project
from tests.analysis.named import NAME, PSEUDONYM, UNLISTED, build, list_all_but

Export = Callable[[Project, Path, Privacy], object]


def read_back(path: Path) -> str:
    """All the text a reader of the file sees, read with the format's own library."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        doc = Docx(str(path))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        for section in doc.sections:
            parts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
        parts.append(doc.core_properties.title or "")
        return "\n".join(parts)
    if suffix == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if suffix == ".xlsx":
        wb = load_workbook(path)
        return "\n".join(
            str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return "\n".join(cell for row in csv.reader(handle) for cell in row)


def shows(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", " ".join(text.split()), re.IGNORECASE) is not None


def _quotes(project: Project, out: Path, privacy: Privacy) -> object:
    found = quotes(project, "Briefings")
    return export_quotes(project, found, out, title="Briefings", privacy=privacy)


def _evidence(project: Project, out: Path, privacy: Privacy) -> object:
    return export_item_bundle(project, "3", out, out.suffix[1:], privacy=privacy)


def _matrix(project: Project, out: Path, privacy: Privacy) -> object:
    return export_matrix(project, MatrixSpec(by="force"), out, privacy=privacy)


def _matrix_speakers(project: Project, out: Path, privacy: Privacy) -> object:
    return export_matrix(project, MatrixSpec(by="speaker"), out, privacy=privacy)


def _memos(project: Project, out: Path, privacy: Privacy) -> object:
    return export_memo_report(project, out, privacy=privacy)


#: (export, format, the name a quote in it shows, a suggested name it shows that may be unlisted)
CASES = [
    *[(_quotes, fmt, NAME, UNLISTED) for fmt in ("docx", "pdf", "xlsx", "csv")],
    *[(_evidence, fmt, NAME, UNLISTED) for fmt in ("docx", "pdf", "xlsx", "csv")],
    *[(_matrix, fmt, NAME, "Kent") for fmt in ("docx", "pdf")],
    (_matrix, "xlsx", "Kent", "Kent"),  # values only: the force's name heads a column
    (_matrix_speakers, "docx", NAME, UNLISTED),  # a speaker heads a column
    *[(_memos, fmt, NAME, UNLISTED) for fmt in ("docx", "pdf")],
]
IDS = [f"{export.__name__[1:]}-{fmt}" for export, fmt, _, _ in CASES]


@pytest.fixture
def named(project: Project) -> Project:
    build(project)
    return project


@pytest.mark.parametrize(("export", "fmt", "name", "unlisted"), CASES, ids=IDS)
def test_pseudonymised_export_replaces_the_name_and_says_so(
    named: Project, tmp_path: Path, export: Export, fmt: str, name: str, unlisted: str
) -> None:
    list_all_but(named)
    out = tmp_path / f"out.{fmt}"
    export(named, out, Privacy(pseudonymise=True))
    text = read_back(out)
    for word in (name, unlisted, "Ann"):  # the coder is named Coder 1 (or not at all)
        assert not shows(text, word), word
    replacement = PSEUDONYM if name == NAME else "Force A"
    assert replacement in " ".join(text.split())
    if fmt != "csv":  # a CSV has one row per quote and no room for a statement
        assert "Pseudonymised" in text


@pytest.mark.parametrize(("export", "fmt", "name", "unlisted"), CASES, ids=IDS)
def test_a_name_the_list_misses_stops_the_export_and_leaves_no_file(
    named: Project, tmp_path: Path, export: Export, fmt: str, name: str, unlisted: str
) -> None:
    list_all_but(named, unlisted)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(LeaksError) as caught:
        export(named, folder / f"out.{fmt}", Privacy(pseudonymise=True))
    assert any(unlisted in x.term for x in caught.value.leaks)
    assert list(folder.iterdir()) == []  # not even a partial file
    # accepting the name is the user's choice: then it is written, showing it
    accepted = Privacy(pseudonymise=True, accept_leaks=(unlisted,))
    export(named, folder / f"out.{fmt}", accepted)
    assert shows(read_back(folder / f"out.{fmt}"), unlisted)


@pytest.mark.parametrize(("export", "fmt", "name", "unlisted"), CASES, ids=IDS)
def test_without_the_option_names_stay(
    named: Project, tmp_path: Path, export: Export, fmt: str, name: str, unlisted: str
) -> None:
    list_all_but(named)
    out = tmp_path / f"out.{fmt}"
    export(named, out, Privacy())
    text = read_back(out)
    assert shows(text, name)
    assert "Pseudonymised" not in text


def test_a_term_cut_by_the_passage_is_replaced_whole(project: Project, tmp_path: Path) -> None:
    """A coded passage starting inside "Morgan" shows the pseudonym, not "rgan"."""
    build(project)
    list_all_but(project)
    [q] = quotes(project, "Briefings")
    from dataclasses import replace

    cut = replace(q, start=q.start + 6, text=q.text[6:])  # "rgan sent an email…"
    out = export_quotes(project, [cut], tmp_path / "cut.csv", privacy=Privacy(pseudonymise=True))
    text = read_back(out)
    assert "rgan" not in text
    assert text.count(PSEUDONYM) >= 2


def test_coders_kept_by_choice_are_a_leak_like_any_name(named: Project, tmp_path: Path) -> None:
    list_all_but(named, "Ann")
    privacy = Privacy(pseudonymise=True, coder_names="keep")
    with pytest.raises(LeaksError, match="'Ann'"):
        export_memo_report(named, tmp_path / "memos.docx", privacy=privacy)
    privacy = Privacy(pseudonymise=True, coder_names="omit")
    export_memo_report(named, tmp_path / "memos.docx", privacy=privacy)
    assert not shows(read_back(tmp_path / "memos.docx"), "Ann")


def test_the_commands_take_the_export_flags(
    named: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    list_all_but(named, UNLISTED)
    path = str(named.path)
    runs = [
        ["evidence", "bundle", path, "3", str(tmp_path / "tor.docx")],
        ["matrix", path, "--by", "speaker", "--out", str(tmp_path / "frame.docx")],
        ["memos", "report", path, str(tmp_path / "memos.pdf")],
    ]
    for argv in runs:
        out = Path(argv[-1])
        assert main([*argv, "--pseudonyms"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("qcode: error: LEAKS:")
        assert "Jones" in err
        assert not out.exists()
        assert main([*argv, "--pseudonyms", "--accept-leaks", "Jones"]) == 0
        assert "pseudonymised" in capsys.readouterr().out
        text = read_back(out)
        assert shows(text, "Jones")
        assert not shows(text, NAME)
        assert PSEUDONYM in text
        assert main([*argv, "--coders", "keep"]) == 0  # no pseudonyms: names as they are
        assert shows(read_back(out), NAME)
    # the matrix's older spelling still works
    assert main([*runs[1][:-1], str(tmp_path / "m.xlsx"), "--pseudonymise"]) == 1


def test_the_statement_claims_only_what_the_file_replaced(named: Project, tmp_path: Path) -> None:
    list_all_but(named)
    out = tmp_path / "frame.docx"
    _matrix_speakers(named, out, Privacy(pseudonymise=True))  # no force is shown in it
    text = " ".join(read_back(out).split())
    assert "Pseudonymised: 2 names from the project's pseudonym list were replaced" in text
    assert "in this table" in text
    assert "Coder" not in text  # nor is any coder
    out = tmp_path / "coders.docx"
    export_matrix(named, MatrixSpec(by="coder"), out, privacy=Privacy(pseudonymise=True))
    text = " ".join(read_back(out).split())
    assert "Coders are named Coder 1" in text
    assert not shows(text, "Ann")
