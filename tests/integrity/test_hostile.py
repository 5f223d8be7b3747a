"""Hostile files: `qcode check` names the damage; a merge refuses it or takes only valid rows."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.codebook.tree import list_codes
from qcode.coding import list_codings
from qcode.errors import ProjectFileError
from qcode.export.bundle import FORMATS, BundleOptions, export_bundle
from qcode.export.summary import theme_summary
from qcode.integrity.files import check_project
from qcode.integrity.salvage import salvage
from qcode.merge import merge_projects
from qcode.merging.state import open_engine
from qcode.store import Project
from tests.merge.helpers import content

from .hostile import CASES, aliases_fold_the_targets_codes, coded_copy, hostile


def _read(path: Path) -> Project:
    return Project(path, open_engine(path), "")


def exports_everything(path: Path, out: Path) -> None:
    """The target's own services work on it: a bundle in all four formats and a summary."""
    with _read(path) as p:
        codes = [c.path for c in list_codes(p)]
        for fmt in FORMATS:
            export_bundle(p, BundleOptions(codes=codes), out / f"bundle.{fmt}", fmt)
        theme_summary(p)
        list_codings(p)


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_named_refused_skipped_and_salvaged(tmp_path: Path, case: str) -> None:
    lead, damaged = hostile(tmp_path, case)
    expected = CASES[case][1]
    before = content(lead)
    with _read(lead) as p:
        codes_before = len([c for c in list_codes(p)])
    if expected is None:  # the door refuses it: schema differs from what qcode writes
        with pytest.raises(ProjectFileError, match="refused"):
            check_project(damaged)
        for skip in (False, True):
            with pytest.raises(ProjectFileError, match=r"damaged\.qcode"):
                merge_projects(lead, [damaged], skip_invalid=skip)
        with pytest.raises(ProjectFileError):
            salvage(damaged, tmp_path / "salvaged.qcode")
        assert content(lead) == before
        return
    result = check_project(damaged)
    assert expected in {(p.table, p.field) for p in result.problems}, result.problems
    # Refused, naming the file, and the target untouched.
    with pytest.raises(ProjectFileError, match=r"damaged\.qcode: \d+ problem"):
        merge_projects(lead, [damaged])
    assert content(lead) == before
    # --skip-invalid: only valid rows arrive; the target passes the check and exports.
    report = merge_projects(lead, [damaged], skip_invalid=True)
    assert report.skipped[str(damaged)] == result.problems  # the same list as qcode check
    assert "left out" in report.describe()
    assert check_project(lead).ok, check_project(lead).problems
    with _read(lead) as p:  # nothing deleted or folded by implausible rows
        assert len(list_codes(p)) == codes_before
    exports_everything(lead, tmp_path)
    # Salvage: every valid row in a new file that passes the check.
    out = tmp_path / "salvaged.qcode"
    salvaged = salvage(damaged, out)
    assert salvaged.problems == result.problems
    assert check_project(out).ok
    assert sum(salvaged.left_out.values()) >= 1 or expected[0] == "project"


def test_a_view_with_endless_recursion_is_refused_in_bounded_time(tmp_path: Path) -> None:
    lead, damaged = hostile(tmp_path, "recursive VIEW instead of memo")
    code = (
        "import sys; from qcode.merge import merge_projects; from qcode.errors import QcodeError\n"
        "try:\n    merge_projects(sys.argv[1], [sys.argv[2]])\n"
        "except QcodeError as exc:\n    print(exc); sys.exit(1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(lead), str(damaged)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "view 'memo'" in done.stdout


def _codings(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM coding").fetchone()[0])
    finally:
        conn.close()


def test_triggers_never_fire(tmp_path: Path) -> None:
    lead, damaged = hostile(tmp_path, "TRIGGERs")
    before, held = content(lead), _codings(damaged)
    assert held > 0
    with pytest.raises(ProjectFileError, match="trigger"):
        merge_projects(lead, [damaged])
    assert content(lead) == before
    assert _codings(damaged) == held  # nothing wrote to the file (a trigger would wipe them)


def test_aliases_that_fold_the_targets_codes_are_not_believed(tmp_path: Path) -> None:
    lead, copy = coded_copy(tmp_path)
    aliases_fold_the_targets_codes(copy)
    assert check_project(copy).ok  # consistent in itself: only the target shows the lie
    before = content(lead)
    lie = r"a merge (keeps the code created first|folds only codes of the same path)"
    with pytest.raises(ProjectFileError, match=lie):
        merge_projects(lead, [copy])
    assert content(lead) == before
    report = merge_projects(lead, [copy], skip_invalid=True)
    assert report.skipped[str(copy)]
    with _read(lead) as p:
        assert len(list_codes(p)) == len(before["code"])
    assert check_project(lead).ok
