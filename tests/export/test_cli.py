"""`qcode export`, `qcode summary` and `qcode pseudonyms` from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from qcode.cli import main
from qcode.store import Project


def test_export_writes_the_chosen_format(
    corpus: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.path)
    out = tmp_path / "eqa.xlsx"
    command = [
        "export",
        path,
        "--code",
        "Equality Act",
        "--subcodes",
        "--kind",
        "interview,focus_group",
        "--where",
        "force=Kent",
        "--group-by",
        "force",
        "--pseudonyms",
        "-o",
        str(out),
    ]
    assert main(command) == 1  # a speaker's name is not on the list: the export stops
    assert "LEAKS" in capsys.readouterr().err
    assert not out.exists()
    assert main([*command, "--accept-leaks", "Siobhán Ní Bhriain"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    rows = list(load_workbook(out)["Quotes"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [
        ("Force C", "Focus group 10"),
        ("Force C", "Force C Interview 01"),
    ]
    assert (
        main(
            [
                "export",
                path,
                "--code",
                "Training",
                "--code",
                "Advisory groups",
                "--format",
                "docx",
                "-o",
                str(tmp_path / "two"),
                "--json",
            ]
        )
        == 0
    )
    written = json.loads(capsys.readouterr().out)["files"]
    assert written == [str(tmp_path / "two.docx")]
    d = docx.Document(written[0])
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"][1:] == [
        "1.  Training",
        "2.  Advisory groups",
    ]


def test_export_errors_are_one_line(
    corpus: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.path)
    assert main(["export", path, "--code", "Nope", "-o", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == "qcode: error: no code 'Nope' in the codebook\n"
    assert (
        main(
            [
                "export",
                path,
                "--code",
                "Training",
                "--where",
                "force",
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert "ATTRIBUTE=VALUE" in capsys.readouterr().err
    assert main(["export", path, "--code", "Training", "-o", str(tmp_path / "x.odt")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


def test_summary_prints_and_writes(
    corpus: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.path)
    assert main(["summary", path]) == 0
    out = capsys.readouterr().out
    assert "Training" in out
    assert "4 · 2 (100%)" in out
    assert "ToR 4: 0 quotes" in out
    assert main(["summary", path, "--by", "force", "--pseudonyms", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["columns"] == ["Force A", "Force C", "No force"]
    assert main(["summary", path, "--format", "pdf", "-o", str(tmp_path / "s")]) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_pseudonym_commands(
    corpus: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.path)
    assert main(["pseudonyms", "add", path, "Siobhán Ní Bhriain", "a constable"]) == 0
    assert main(["pseudonyms", "list", path, "--json"]) == 0
    capsys.readouterr()
    assert main(["pseudonyms", "list", path, "--json"]) == 0
    terms = {p["term"]: p["replacement"] for p in json.loads(capsys.readouterr().out)}
    assert terms["Siobhán Ní Bhriain"] == "a constable"
    assert main(["pseudonyms", "add", path, "Дмитрий Αλέξανδρος", "an officer"]) == 0
    assert main(["pseudonyms", "check", path, "--context"]) == 1
    assert "Kentish" in capsys.readouterr().out
    assert main(["pseudonyms", "add", path, "Kentish", "local", "--partial"]) == 0
    assert main(["pseudonyms", "check", path, "--context"]) == 0
    assert "no name would appear" in capsys.readouterr().out
    assert main(["pseudonyms", "remove", path, "kentish"]) == 0
    assert main(["pseudonyms", "remove", path, "kentish"]) == 1
