"""`qcode cases`, `qcode memos` and `qcode evidence` end to end through `main()`, and once in a
real process."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as Docx

from qcode.cli import main
from tests.analysis.inspection import create


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    create(tmp_path / "inspection.qcode")
    return tmp_path / "inspection.qcode"


def test_cases_show_set_export_import(
    project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = str(project_file)
    code, out, _ = run(capsys, "cases", "show", p)
    assert code == 0
    assert out.splitlines()[0].split() == ["Document", "Kind", "force", "role"]
    code, out, _ = run(capsys, "cases", "set", p, "wave", "2", "Interview 01", "National 01")
    assert (code, out.strip()) == (0, "wave: set on 2 document(s)")
    code, out, _ = run(capsys, "cases", "show", p, "--json")
    sheet = json.loads(out)
    assert sheet["keys"] == ["force", "role", "wave"]
    assert [r["values"].get("wave", "") for r in sheet["rows"]] == ["", "2", "2"]
    sheet_file = tmp_path / "cases.csv"
    assert run(capsys, "cases", "export", p, str(sheet_file))[0] == 0
    with sheet_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][2] = "Suffolk"
    with sheet_file.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    code, out, _ = run(capsys, "cases", "import", p, str(sheet_file), "--json")
    assert json.loads(out) == {"documents": 1, "values": 1, "unmatched": []}
    code, _, err = run(capsys, "cases", "import", p, str(tmp_path / "nothing.xlsx"))
    assert code == 1
    assert err.startswith("qcode: error: nothing.xlsx")
    assert len(err.splitlines()) == 1


def test_memos_add_list_report(
    project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = str(project_file)
    assert run(capsys, "memos", "add", p, "Fieldwork May to July", "--title", "Method")[0] == 0
    code, _, _ = run(
        capsys, "memos", "add", p, "Guarded", "--on", "document", "--target", "Interview 01"
    )
    assert code == 0
    code, _, err = run(capsys, "memos", "add", p, "x", "--on", "code")
    assert (code, err.strip()) == (1, "qcode: error: a memo on a code needs --target")
    code, out, _ = run(capsys, "memos", "list", p, "--json")
    memos = json.loads(out)
    assert [(m["target_kind"], m["title"]) for m in memos] == [
        ("project", "Method"),
        ("document", ""),
    ]
    assert memos[1]["target"] == "Interview 01"
    code, out, _ = run(capsys, "memos", "list", p, "--search", "guarded")
    assert "Interview 01" in out
    assert "Method" not in out
    report = tmp_path / "memos.docx"
    assert run(capsys, "memos", "report", p, str(report))[0] == 0
    text = "\n".join(par.text for par in Docx(str(report)).paragraphs)
    assert "Fieldwork May to July" in text


def test_evidence_board_passages_flag_bundle(
    project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = str(project_file)
    code, out, _ = run(capsys, "evidence", "board", p, "--json")
    board = json.loads(out)
    assert [(i["item"], i["passages"], i["without"]) for i in board["items"]] == [
        ("1", 2, ["Essex"]),
        ("3", 3, []),
        ("9", 0, ["Essex", "Kent"]),
    ]
    code, out, _ = run(capsys, "evidence", "passages", p, "3", "--only", "Kent", "--json")
    [passage] = json.loads(out)
    assert passage["text"] == "One e-learning module"
    assert run(capsys, "evidence", "flag", p, passage["coding_uuid"])[0] == 0
    code, out, _ = run(capsys, "evidence", "board", p)
    assert out.splitlines()[3].split()[-1] == "1"  # item 3: one quotable passage
    out_file = tmp_path / "tor3.pdf"
    code, out, _ = run(capsys, "evidence", "bundle", p, "3", str(out_file))
    assert (code, out.strip()) == (0, f"bundle written to {out_file}")
    code, _, err = run(capsys, "evidence", "bundle", p, "42", str(tmp_path / "x.docx"))
    assert (code, err.strip()) == (1, "qcode: error: no terms-of-reference item '42'")


def test_evidence_board_in_a_real_process(project_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "evidence", "board", str(project_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Systemic issues" in done.stdout
