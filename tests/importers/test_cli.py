"""`qcode import` from the shell: table, JSON, refusals and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.documents import list_documents
from qcode.store import Project


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus" / "interviews"
    root.mkdir(parents=True)
    (root / "Int 1.txt").write_text("Interviewer: Hi\nOfficer: Hello\n", encoding="utf-8")
    (root / "Int 2.txt").write_text("Q: Why?\nA: Because.\n", encoding="utf-8")
    return root.parent


def _new(tmp_path: Path) -> Path:
    path = tmp_path / "p.qcode"
    Project.create(path, coder_name="Ann").close()
    return path


def test_import_prints_a_table_and_summary(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    assert main(["import", str(project), str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "Int 1" in out
    assert "interview" in out
    assert "Interviewer (1), Officer (1)" in out
    assert "2 imported, 0 skipped, 0 refused" in out
    with Project.open(project) as p:
        assert [d.name for d in list_documents(p)] == ["Int 1", "Int 2"]


def test_import_json_and_refusal_exit_code(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    bad = tmp_path / "bad.docx"
    bad.write_text("nope", encoding="utf-8")
    code = main(["import", str(project), str(corpus), str(bad), "--kind", "focus_group", "--json"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["imported"], data["refused"]) == (2, 1)
    refused = next(o for o in data["outcomes"] if o["status"] == "refused")
    assert refused["message"].startswith("bad.docx: is not a Word document")
    assert {o["kind"] for o in data["outcomes"] if o["status"] == "imported"} == {"focus_group"}


def test_user_mistakes_are_one_line_errors(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    assert main(["import", str(project), str(corpus), "--speaker-pattern", "(oops"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: speaker pattern")
    assert err.count("\n") == 1
    assert main(["import", str(project), str(corpus), "--attributes", "nope.csv"]) == 1
    assert "nope.csv" in capsys.readouterr().err


def test_dry_run_from_the_shell(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    assert main(["import", str(project), str(corpus), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would import  Int 1" in out
    assert "2 would be imported" in out
    with Project.open(project) as p:
        assert list_documents(p) == []


def test_a_missing_folder_is_named_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    missing = tmp_path / "no" / "such" / "folder"
    assert main(["import", str(project), str(missing)]) == 1
    out = capsys.readouterr().out
    assert f"{missing}: no such file or folder" in out
    assert "unsupported file type" not in out


def test_reimport_says_rows_belong_to_skipped_files(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("file,force\nInt 1.txt,North\nInt 2.txt,South\n", encoding="utf-8")
    args = ["import", str(project), str(corpus), "--attributes", str(sheet)]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "matched no file" not in out
    assert "0 imported, 2 skipped" in out
    assert "rows for files skipped as already imported: Int 1.txt, Int 2.txt" in out


def _rows(project: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read through SQLite."""
    import sqlite3

    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(tuple, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        con.close()


def test_preview_shows_speakers_turns_and_what_to_check_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _new(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ranks.txt").write_text(
        "Interviewer: a\nPC Smith: b\nInterviewer: c\nDS Patel: d\nInterviewer: e\n",
        encoding="utf-8",
    )
    (folder / "one.txt").write_text(
        "Interviewer: How is it used?\nInterviewer: And then?\nJo Bloggs: After the decision.\n",
        encoding="utf-8",
    )
    before = _rows(project)
    assert main(["import", str(project), str(folder), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Interviewer (3), DS Patel (1), PC Smith (1)" in out
    assert "check: one.txt: one speaker only (Interviewer, 2 turns)" in out
    assert (
        "check: one.txt: 1 line(s) look like a speaker label but were not taken: "
        "'Jo Bloggs: After the decision.'" in out
    )
    assert "check: ranks.txt" not in out
    assert main(["import", str(project), str(folder), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    one = next(o for o in data["outcomes"] if o["path"].endswith("one.txt"))
    assert one["turns"] == [{"speaker": "Interviewer", "turns": 2}]
    assert len(one["warnings"]) == 2
    assert _rows(project) == before
