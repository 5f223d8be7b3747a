"""`qcode speakers`: list (the default action), turns, rename, merge, reassign, split, join."""

from __future__ import annotations

import json

import pytest

from qcode.cli import main
from qcode.coding import apply_code, list_codings
from qcode.documents import segments
from qcode.speakers import list_turns
from qcode.store import Project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(turns: Project) -> str:
    name = str(turns.path)
    turns.close()
    return name


def test_list_is_the_default_action(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "speakers", path)
    assert code == 0
    assert out.split("\n")[2].split() == ["INT", "3", "2"]
    code, out, _ = run(capsys, "speakers", "list", path, "--document", "Interview 8", "--json")
    assert json.loads(out) == [
        {"name": "INT", "turns": 1, "documents": 1},
        {"name": "Ruth", "turns": 1, "documents": 1},
    ]


def test_turns_are_numbered_with_time_and_words(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "speakers", "turns", path, "Interview 7")
    assert code == 0
    row = out.split("\n")[3].split(None, 3)
    assert row == [
        "2",
        "Ruth",
        "01:07:00",
        "Nobody vetted them. We took whoever was free. PC Smith: I was never a…",
    ]


def test_fixing_a_transcript_from_the_command_line(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "speakers", "rename", path, "INT", "Interviewer")[0] == 0
    assert run(capsys, "speakers", "split", path, "Interview 7", "--line", "PC Smith:")[0] == 0
    assert run(capsys, "speakers", "reassign", path, "Interview 7", "5", "Ruth Ellis")[0] == 0
    code, out, _ = run(capsys, "speakers", "join", path, "Interview 7", "4", "--json")
    assert (code, json.loads(out)["turns"]) == (0, 1)
    with Project.open(path) as p:
        assert [t.speaker for t in list_turns(p, "Interview 7")] == [
            "Interviewer",
            "Ruth",
            "PC Smith",
            "Interviewer",
        ]
        assert len(list_codings(p)) == 1


def test_mistakes_are_one_line(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "speakers", "rename", path, "INT", "Ruth")
    assert code == 1
    assert err.strip() == (
        "qcode: error: 'Ruth' already speaks; to put 'INT''s turns under 'Ruth', merge instead"
    )
    code, _, err = run(capsys, "speakers", "join", path, "Interview 7", "9")
    assert (code, err.count("\n")) == (1, 1)
    assert "no turn 9" in err


def test_quotes_print_the_words_and_the_turns_time(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(path) as p:
        seg = segments(p, "Interview 7")[3]  # "Ruth (01:09:30): They were not consulted."
        apply_code(p, "Interview 7", "Training/Vetting", seg.start, seg.end)
    code, out, _ = run(capsys, "quotes", path, "--code", "Training/Vetting")
    assert code == 0
    assert "“They were not consulted.”\n    — Ruth (01:09:30), Interview 7" in out
