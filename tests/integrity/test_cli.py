"""`qcode check`, `qcode salvage` and `qcode merge --skip-invalid` on real damaged files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import EXIT_USER_ERROR, main

from .hostile import hostile


def test_check_lists_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, damaged = hostile(tmp_path, "offsets past the end")
    assert main(["check", str(lead)]) == 0
    assert capsys.readouterr().out.strip() == f"{lead}: no problems"
    assert main(["check", str(damaged)]) == 1
    out = capsys.readouterr().out
    assert "problem(s)" in out
    assert "coding" in out
    assert "is not a passage of the text" in out
    assert main(["check", "--json", str(damaged)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert {"table", "row", "field", "reason"} <= set(data["problems"][0])
    assert {p["table"] for p in data["problems"]} == {"coding"}


def test_check_of_a_file_the_door_refuses_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lead, damaged = hostile(tmp_path, "TRIGGERs")
    assert main(["check", str(damaged)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: ")
    assert "trigger" in err
    assert "Traceback" not in err


def test_salvage_writes_the_valid_rows_and_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lead, damaged = hostile(tmp_path, "segment meta not JSON")
    out = tmp_path / "saved.qcode"
    assert main(["salvage", str(damaged), str(out)]) == 0
    text = capsys.readouterr().out
    assert "left out" in text
    assert "meta" in text
    assert main(["check", str(out)]) == 0
    assert main(["salvage", str(damaged), str(out)]) != 0  # never overwrites
    assert "already exists" in capsys.readouterr().err


def test_merge_refuses_then_skips_invalid_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, damaged = hostile(tmp_path, "aliases fold every code")
    assert main(["merge", str(lead), str(damaged)]) != 0
    err = capsys.readouterr().err
    assert "damaged.qcode" in err
    assert "merge.code_aliases" in err
    assert "--skip-invalid" in err
    assert main(["merge", "--skip-invalid", str(lead), str(damaged)]) == 0
    assert "left out" in capsys.readouterr().out
    assert main(["check", str(lead)]) == 0


def test_a_project_named_with_url_characters_opens_and_is_checked_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'#' and '?' in a file name cut an unescaped SQLite URI short: the damage scan on opening
    read (and created) a file called 'a' instead, and every command failed."""
    path = tmp_path / "a#b?.qcode"
    assert main(["new", str(path)]) == 0
    assert main(["documents", str(path)]) == 0
    assert "0 document(s)" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?.qcode"]
