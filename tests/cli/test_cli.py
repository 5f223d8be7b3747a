"""The `qcode` command end to end: through `main()` and once through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.documents import add_document
from qcode.store import Project
from tests.conftest import INTERVIEW


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "p.qcode"
    assert run(capsys, "new", str(path), "--coder", "Ann")[0] == 0
    with Project.open(path) as p:
        add_document(p, "Interview 01", INTERVIEW, kind="interview")
    return str(path)


def test_codebook_and_coding_round_trip(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "codebook", "add", proj, "Advisory groups/Influence")[0] == 0
    code, out, _ = run(
        capsys,
        "code",
        proj,
        "--document",
        "Interview 01",
        "--code",
        "Advisory groups/Influence",
        "--text",
        "The advisory group is useful",
        "--json",
    )
    assert code == 0
    coding = json.loads(out)
    assert coding["code_path"] == "Advisory groups/Influence"
    _, out, _ = run(capsys, "quotes", proj, "--code", "Advisory groups", "--subcodes", "--json")
    assert [q["text"] for q in json.loads(out)] == ["The advisory group is useful"]
    _, out, _ = run(capsys, "codebook", "list", proj, "--json")
    rows = {r["path"]: r["codings"] for r in json.loads(out)}
    assert rows == {"Advisory groups": 0, "Advisory groups/Influence": 1}
    assert run(capsys, "uncode", proj, "--coding", coding["uuid"])[0] == 0
    _, out, _ = run(capsys, "codings", proj, "--json")
    assert json.loads(out) == []


def test_codebook_edit_commands(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "codebook", "add", proj, "A/B")
    run(capsys, "codebook", "add", proj, "C")
    assert run(capsys, "codebook", "rename", proj, "A/B", "B2")[0] == 0
    assert run(capsys, "codebook", "move", proj, "A/B2", "C")[0] == 0
    assert run(capsys, "codebook", "recolour", proj, "C", "#123456")[0] == 0
    assert run(capsys, "codebook", "merge", proj, "A", "C")[0] == 0
    _, out, _ = run(capsys, "codebook", "list", proj, "--json")
    assert [(r["path"], r["colour"]) for r in json.loads(out)] == [
        ("C", "#123456"),
        ("C/B2", json.loads(out)[1]["colour"]),
    ]
    assert run(capsys, "codebook", "delete", proj, "C")[0] == 0
    _, out, _ = run(capsys, "codebook", "list", proj, "--json")
    assert json.loads(out) == []


def test_user_errors_are_one_line_without_traceback(
    proj: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "code",
        proj,
        "--document",
        "Interview 01",
        "--code",
        "Nope",
        "--start",
        "0",
        "--end",
        "5",
    )
    assert code == 1
    assert err.startswith("qcode: error: no code 'Nope'")
    assert "Traceback" not in err
    code, _, err = run(
        capsys,
        "code",
        proj,
        "--document",
        "Interview 01",
        "--code",
        "Nope",
        "--start",
        "0",
        "--end",
        "99999",
    )
    assert code == 1
    code, _, err = run(capsys, "documents", proj + ".missing")
    assert code == 1
    assert "no such project file" in err


def test_documents_listing(proj: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "documents", proj)
    assert "Interview 01" in out
    _, out, _ = run(capsys, "documents", proj, "--json", "--kind", "interview")
    assert json.loads(out)[0]["kind"] == "interview"


def test_coder_is_remembered(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "coder", "Inspector Ann")
    _, out, _ = run(capsys, "coder")
    assert out.strip() == "Inspector Ann"
    path = tmp_path / "q.qcode"
    run(capsys, "new", str(path))
    with Project.open(path) as p:
        assert p.coder_name == "Inspector Ann"


def test_console_script_in_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "s.qcode"
    env_cmd = [sys.executable, "-m", "qcode", "new", str(path), "--coder", "Ann"]
    done = subprocess.run(env_cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "qcode", "quotes", str(path), "--code", "X"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip() == "qcode: error: no code 'X' in the codebook"
