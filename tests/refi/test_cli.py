"""`qcode import x.qdpx`, `qcode qdpx import|export`, `qcode export-qdpx`, and the pointers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.cli import main
from tests.refi.helpers import DOC, coded, project_xml, selection, write_qdpx

TEXT = "Interviewer: Why?\nAnn: Because the review was late.\n"
AT = (TEXT.index("review"), TEXT.index("review") + len("review"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def qdpx(tmp_path: Path) -> Path:
    return write_qdpx(
        tmp_path / "in.qdpx", project_xml(selection(1, *AT)), {f"sources/{DOC}.txt": TEXT.encode()}
    )


def test_import_routes_a_qdpx_and_creates_the_project(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, qdpx: Path
) -> None:
    target = tmp_path / "new.qcode"
    code, out, _ = run(capsys, "import", str(target), str(qdpx), "--coder", "Ann")
    assert code == 0
    assert "1 coding(s) added" in out
    code, out, _ = run(capsys, "qdpx", "import", str(target), str(qdpx), "--json")
    assert code == 0
    assert json.loads(out)["codings_known"] == 1
    from qcode.store import Project

    with Project.open(target, coder_name="Ann") as project:
        assert [row[2] for row in coded(project)] == ["review"]


def test_export_commands_write_a_qdpx(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, qdpx: Path
) -> None:
    target = tmp_path / "p.qcode"
    assert run(capsys, "qdpx", "import", str(target), str(qdpx))[0] == 0
    for command in (["qdpx", "export"], ["export-qdpx"]):
        out = tmp_path / f"{command[-1]}.qdpx"
        code, text, _ = run(capsys, *command, str(target), str(out))
        assert code == 0
        assert "1 coding(s)" in text
        assert out.exists()
    code, _, err = run(
        capsys, "export-qdpx", str(target), str(tmp_path / "x.qdpx"), "--coder-only", "Nobody"
    )
    assert code != 0
    assert "no coder named 'Nobody'" in err


def test_bad_qdpx_is_one_line_and_makes_no_project(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK not really")
    target = tmp_path / "never.qcode"
    code, _, err = run(capsys, "import", str(target), str(bad))
    assert code != 0
    assert err.startswith("qcode: error: ")
    assert "bad.qdpx" in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_merge_of_a_qdpx_points_to_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, qdpx: Path
) -> None:
    target = tmp_path / "p.qcode"
    assert run(capsys, "new", str(target))[0] == 0
    code, _, err = run(capsys, "merge", str(target), str(qdpx))
    assert code != 0
    assert "qcode import" in err


def test_new_codebook_help_lists_qdpx() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "new", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ".qdpx" in done.stdout
