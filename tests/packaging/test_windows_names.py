"""Names as Windows has them (CON, trailing dots, backslashes, long paths, case) in export and
import, fed through the same code paths on Linux."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qcode import filenames
from qcode.cli import main
from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.documents import add_document
from qcode.errors import QcodeError
from qcode.export.bundle import BundleOptions, export_bundle
from qcode.filenames import portable_basename, safe_filename, unique_names
from qcode.store import Project
from tests.conftest import INTERVIEW

NASTY = [
    "CON", "nul", "Aux.", "com1", "LPT9 ", "CONIN$", "con.txt", "Trust...", "Trust. . ",
    "  spaces  ", "a\\b", "C:\\Users\\x", 'say "no"?', "a|b<c>d*e", "tab\there", "", "...",
    "é" * 200, "🙂" * 100, "東京" * 100, "x" * 300,
]  # fmt: skip


def valid_everywhere(name: str) -> bool:
    """Windows' rules for one file name (checked independently of qcode's code)."""
    stem = name.split(".")[0].rstrip(" ").upper()
    return (
        bool(name)
        and not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)
        and not name.endswith((" ", "."))
        and stem not in {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
        and not re.fullmatch(r"(COM|LPT)[0-9¹²³]", stem)
        and len(name.encode("utf-8")) <= 255
        and len(name.encode("utf-16-le")) // 2 <= 255
    )


@pytest.mark.parametrize("name", NASTY)
@pytest.mark.parametrize("suffix", ["", ".docx"])
def test_safe_filename_is_valid_on_every_system(name: str, suffix: str) -> None:
    made = safe_filename(name, suffix)
    assert valid_everywhere(made), made
    assert made.endswith(suffix)
    assert safe_filename(name, suffix) == made  # the same name on every run and system


def test_reserved_names_are_kept_recognisable() -> None:
    assert safe_filename("CON", ".docx") == "_CON.docx"
    assert safe_filename("Trust...", ".pdf") == "Trust.pdf"
    assert safe_filename("a\\b") == "a-b"
    assert safe_filename("Normal theme", ".pdf") == "Normal theme.pdf"


def test_unique_names_ignore_case_as_windows_and_macos_do() -> None:
    assert unique_names(["Trust.docx", "trust.DOCX", "TRUST.docx", "Other.docx"]) == [
        "Trust.docx",
        "trust (2).DOCX",
        "TRUST (3).docx",
        "Other.docx",
    ]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("C:\\Users\\ann\\corpus\\Interview 01.docx", "Interview 01.docx"),
        ("corpus\\Interview 01.docx", "Interview 01.docx"),
        ("corpus/Interview 01.docx", "Interview 01.docx"),
        ("D:Interview 01.docx", "Interview 01.docx"),
        ("Interview 01.docx. ", "Interview 01.docx"),
        ("\\\\server\\share\\Interview 01.docx", "Interview 01.docx"),
    ],
)
def test_portable_basename(written: str, name: str) -> None:
    assert portable_basename(written) == name


@pytest.fixture
def coded(project: Project) -> Project:
    add_document(project, "Interview 01", INTERVIEW, kind="interview")
    for i, name in enumerate(["CON", "Trust.", "🙂" * 70, "trust", "Aux", "東京" * 40]):
        add_code(project, name)
        apply_code(project, "Interview 01", name, i * 10, i * 10 + 30)
    return project


def test_one_file_per_theme_with_windows_hostile_code_names(
    coded: Project, tmp_path: Path
) -> None:
    codes = ["CON", "Trust.", "🙂" * 70, "trust", "Aux", "東京" * 40]
    files = export_bundle(coded, BundleOptions(codes=codes, one_file_per_theme=True),
                          tmp_path / "themes", "docx")  # fmt: skip
    assert len(files) == len(codes)
    assert all(f.is_file() and valid_everywhere(f.name) for f in files), files
    assert len({f.name.casefold() for f in files}) == len(files)
    assert files[0].name == "01 CON.docx"


def test_deep_folders_on_windows_get_shorter_theme_files(
    coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filenames, "WINDOWS", True)
    deep = tmp_path / ("d" * 60) / ("e" * 60) / ("f" * 40)
    deep.parent.mkdir(parents=True)
    room = filenames.MAX_PATH - len(str(deep.absolute())) - 1
    options = BundleOptions(codes=["🙂" * 70, "東京" * 40], one_file_per_theme=True)
    files = export_bundle(coded, options, deep, "pdf")
    assert all(len(str(f.absolute())) <= filenames.MAX_PATH for f in files)
    assert all(f.suffix == ".pdf" and len(f.name) <= room for f in files)


@pytest.mark.parametrize("name", ["CON.docx", "nul.docx", "aux .docx", "com1.docx", "a:b.docx"])
def test_windows_refuses_reserved_output_names_with_one_line(
    coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], name: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(filenames, "WINDOWS", True)
    out = tmp_path / name
    with pytest.raises(QcodeError, match="cannot write this file"):
        export_bundle(coded, BundleOptions(codes=["CON"]), out, "docx")
    coded.close()
    code = main(["export", str(coded.path), "--code", "CON", "-o", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("qcode: error: ")
    assert err.count("\n") == 1
    assert name in err
    assert not out.exists()


def test_attribute_sheet_written_on_windows_matches_imported_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Interview 01.txt").write_text(INTERVIEW, encoding="utf-8")
    (corpus / "Interview 02.txt").write_text(INTERVIEW.replace("force", "area"), encoding="utf-8")
    sheet = tmp_path / "attributes.csv"
    sheet.write_text(
        "file,force,kind\n"
        "C:\\Users\\ann\\corpus\\Interview 01.txt,Force A,interview\n"
        "corpus\\Interview 02.txt. ,Force B,interview\n",
        encoding="utf-8",
    )
    project = tmp_path / "p.qcode"
    assert main(["new", str(project), "--coder", "Ann"]) == 0
    assert main(["import", str(project), str(corpus), "--attributes", str(sheet), "--quiet"]) == 0
    with Project.open(project) as p:
        from qcode.documents import list_documents

        forces = {d.name: d.attributes.get("force") for d in list_documents(p)}
    assert forces == {"Interview 01": "Force A", "Interview 02": "Force B"}
