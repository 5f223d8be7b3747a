"""Reading a coder's file for a merge leaves nothing beside it."""

from __future__ import annotations

from pathlib import Path

from qcode.clone import clone_project
from qcode.merge import merge_projects

from .helpers import make_lead


def test_merge_leaves_no_wal_files_beside_the_source(tmp_path: Path) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    copy = clone_project(lead, tmp_path / "ann.qcode", "Ann")
    merge_projects(lead, [copy], dry_run=True)
    merge_projects(lead, [copy])
    assert sorted(p.name for p in tmp_path.glob("ann.qcode*")) == ["ann.qcode"]
