"""`qcode codebook import|export|from-tor|report` and `qcode new --codebook`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import main
from tests.codebook.helpers import assert_valid
from tests.conftest import SHARED


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_codebook_commands_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = str(tmp_path / "p.qcode")
    code, out, _ = run(
        capsys, "new", project, "--codebook", "activism-impartiality", "--coder", "Ann"
    )
    assert code == 0
    assert "57 code(s) added" in out
    code, out, _ = run(capsys, "codebook", "import", project, "--shipped", "--json")
    summary = json.loads(out)
    assert code == 0
    assert summary["added"] == []
    assert len(summary["unchanged"]) == 57
    for suffix in ("qdc", "csv", "xlsx"):
        code, out, _ = run(
            capsys, "codebook", "export", project, str(tmp_path / f"cb.{suffix}"), "--json"
        )
        assert code == 0
        assert json.loads(out)["codes"] == 57
    assert_valid(tmp_path / "cb.qdc")
    code, out, _ = run(capsys, "codebook", "report", project, str(tmp_path / "cb.pdf"))
    assert code == 0
    assert (tmp_path / "cb.pdf").stat().st_size > 10_000
    other = str(tmp_path / "o.qcode")
    run(capsys, "new", other)
    code, out, _ = run(capsys, "codebook", "import", other, str(tmp_path / "cb.xlsx"), "--dry-run")
    assert code == 0
    assert "57 code(s) would be added" in out
    code, out, _ = run(capsys, "codebook", "list", other, "--json")
    assert json.loads(out) == []


def test_from_tor_preview_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = str(tmp_path / "p.qcode")
    run(capsys, "new", project)
    tor = tmp_path / "tor.txt"
    tor.write_text("Terms of reference\n- first item;\n- second item.\n", encoding="utf-8")
    code, out, _ = run(capsys, "codebook", "from-tor", project, str(tor), "--dry-run", "--json")
    assert code == 0
    assert [i["definition"] for i in json.loads(out)["items"]] == [
        "First item.",
        "Second item.",
    ]
    code, out, _ = run(capsys, "codebook", "from-tor", project, str(tor))
    assert code == 0
    assert "2 theme(s) created" in out
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook><Codes>", encoding="utf-8")
    code, out, err = run(capsys, "codebook", "import", project, str(bad))
    assert code == 1
    assert err.startswith("qcode: error:")
    assert "bad.qdc" in err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    code, _, err = run(capsys, "codebook", "export", project, str(tmp_path / "x.doc"))
    assert code == 1
    assert ".qdc, .csv or .xlsx" in err


def test_letter_from_tor_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letter = SHARED / "terms-of-reference-letter.txt"
    if not letter.is_file():
        pytest.skip("../shared is not available")
    project = str(tmp_path / "p.qcode")
    run(capsys, "new", project)
    code, out, _ = run(capsys, "codebook", "from-tor", project, str(letter))
    assert code == 0
    assert "9 theme(s) created" in out
