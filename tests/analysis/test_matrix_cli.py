"""`qcode matrix` from the shell: text, --json, a cell's passages, exports, co-occurrence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcode.cli import main
from qcode.store import Project
from tests.analysis.matrix_corpus import build


@pytest.fixture
def path(project: Project) -> str:
    build(project)
    return str(project.path)


def test_matrix_json(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", path, "--by", "force", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["label"] for c in data["columns"]] == ["Force A", "Force B"]
    training = next(r for r in data["rows"] if r["path"] == "Training")
    assert [c["passages"] for c in training["cells"]] == [2, 1]


def test_matrix_text_and_measure(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", path, "--by", "force", "--measure", "share", "--themes"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["Code", "Force", "A", "Force", "B", "All"]
    assert "Advisory groups" in out
    assert "50%" in out


def test_matrix_cell_and_filters(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["matrix", path, "--by", "force", "--where", "kind=interview"]
    assert main([*command, "--cell", "Training", "Force A", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert sorted(q["document_name"] for q in found) == [
        "Interview A",
        "Interview A",
        "Interview C",
    ]
    assert main([*command, "--cell", "Training", "Force B"]) == 1
    assert "no column 'Force B'" in capsys.readouterr().err
    assert main(["matrix", path, "--where", "force"]) == 1
    assert "KEY=VALUE" in capsys.readouterr().err


def test_matrix_export(path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.xlsx"
    assert main(["matrix", path, "--by", "coder", "--out", str(out)]) == 0
    rows = [[c.value for c in r] for r in load_workbook(out)["Passages"].iter_rows()]
    assert rows[0] == ["Code", "Ann", "Ben", "All documents"]
    assert ["Advisory groups", 2, 1, 3] in rows


def test_cooccurrence(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", path, "--cooccurrence", "--themes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["path"] for c in data["codes"]] == ["Training", "Advisory groups", "Recording"]
    assert data["segments"][0][2] == 1
    assert (
        main(
            ["matrix", path, "--cooccurrence", "--themes", "--cell", "Training", "Recording"]
        )
        == 0
    )
    assert "1 passage(s)" in capsys.readouterr().out
